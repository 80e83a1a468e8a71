/**
 * Validation of the remote state settings: the StateBackend and
 * LockedS3Backend constructs' checks under the settings' paths, and the
 * policy rules of this configuration.
 */
import {
  checkLockedS3BackendProps,
  checkStateBackendProps,
} from "../modules/state";
import { checkAccountId, checkProject, checkRegion, checkTags } from "./checks";
import { Problems } from "./errors";
import { validateAccounts } from "./validate-accounts";
import { ENVIRONMENT_NAMES, StateSettings } from "./types";

/** Terraform Cloud organization names: letters, digits, `_` and `-`. */
const CLOUD_ORGANIZATION = /^[A-Za-z0-9_-]+$/;
/** Terraform Cloud project names. */
const CLOUD_PROJECT = /^[A-Za-z0-9_ -]{1,40}$/;

/**
 * Checks the shared state settings, recording each bad setting in `problems`
 * with its path (`state.bucket`) and value.
 */
export function validateState(problems: Problems, s: StateSettings): void {
  const p = "state";
  checkProject(problems, `${p}.project`, s.project);
  checkAccountId(problems, `${p}.accountId`, s.accountId);
  checkRegion(problems, `${p}.region`, s.region);
  for (const name of ENVIRONMENT_NAMES) {
    checkAccountId(
      problems,
      `${p}.environmentAccounts.${name}`,
      s.environmentAccounts[name],
    );
  }
  checkTags(problems, `${p}.tags`, s.tags);
  validateAccounts(problems, s);

  // ------------------------------------------------ bucket, key, table
  if (s.backend === "s3" || s.bucket !== undefined) {
    problems.check(
      s.bucket !== undefined,
      `${p}.bucket`,
      s.bucket,
      'is required when backend is "s3"',
    );
    checkStateBackendProps(
      problems.at(p, { bucketName: "bucket", lockTableName: "lockTable" }),
      {
        bucketName: s.bucket,
        kmsKeyAlias: s.kmsKeyAlias,
        lockTableName: s.lockTable,
        noncurrentVersionExpirationDays: s.noncurrentVersionExpirationDays,
      },
    );
    // Bucket names are global: the account id keeps two accounts' names apart.
    problems.check(
      s.bucket === undefined || s.bucket.includes(s.accountId),
      `${p}.bucket`,
      s.bucket,
      `must include the state account id (${s.accountId}): bucket names are global`,
    );
  }
  problems.check(
    s.lockTable === undefined || s.bucket !== undefined,
    `${p}.lockTable`,
    s.lockTable,
    "names a lock table but state.bucket is not set: a lock table locks state in a bucket",
  );
  if (s.backend === "s3") {
    checkLockedS3BackendProps(problems.at(p), s);
  }

  // ---------------------------------------------------- Terraform Cloud
  if (s.backend === "cloud") {
    problems.check(
      s.cloudOrganization !== undefined &&
        CLOUD_ORGANIZATION.test(s.cloudOrganization),
      `${p}.cloudOrganization`,
      s.cloudOrganization,
      'is required when backend is "cloud": a Terraform Cloud organization name (letters, digits, _ and -)',
    );
    problems.check(
      s.cloudProject === undefined || CLOUD_PROJECT.test(s.cloudProject),
      `${p}.cloudProject`,
      s.cloudProject,
      "must be a Terraform Cloud project name (letters, digits, spaces, _ and -), or unset: the organization's default project",
    );
  }
}
