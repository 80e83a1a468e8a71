/** Validation of the remote state settings. */
import { Problems } from "./errors";
import { ENVIRONMENT_NAMES, StateSettings } from "./types";
import {
  checkAccountId,
  checkTags,
  checkIntegerRange,
  REGION_PATTERN,
} from "./checks";

/** S3 bucket naming rules (general purpose buckets), without the IP-address form. */
const BUCKET_NAME =
  /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
/** Terraform Cloud organization names: letters, digits, `_` and `-`. */
const CLOUD_NAME = /^[A-Za-z0-9_-]+$/;
const PROJECT = /^[a-z][a-z0-9-]{1,30}$/;
const BACKENDS = ["s3", "cloud"];
const LOCKING = ["dynamodb", "lockfile", "both"];
const BOOTSTRAP_STATE = ["local", "s3"];

function isText(value: unknown): value is string {
  return typeof value === "string";
}

/**
 * Checks the shared state settings, recording each bad setting in `problems`
 * with its path (`state.bucket`) and value.
 */
export function validateState(problems: Problems, s: StateSettings): void {
  const p = "state";
  const s3 = s.backend === "s3";
  problems.check(
    BACKENDS.includes(s.backend),
    `${p}.backend`,
    s.backend,
    'must be "s3" or "cloud"',
  );
  problems.check(
    isText(s.project) && PROJECT.test(s.project),
    `${p}.project`,
    s.project,
    "must be lower-case letters, digits and dashes",
  );
  checkAccountId(problems, `${p}.accountId`, s.accountId);
  problems.check(
    isText(s.region) && REGION_PATTERN.test(s.region),
    `${p}.region`,
    s.region,
    "must be an AWS region name such as af-south-1",
  );

  // ------------------------------------------------------------ bucket
  const bucket = isText(s.bucket) ? s.bucket : "";
  if (s3 || bucket !== "") {
    if (bucket === "") {
      problems.check(
        false,
        `${p}.bucket`,
        s.bucket,
        'is required when backend is "s3"',
      );
    } else {
      problems.check(
        BUCKET_NAME.test(bucket) && !IP_ADDRESS.test(bucket),
        `${p}.bucket`,
        s.bucket,
        "must be a valid S3 bucket name (3-63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit)",
      );
      // Bucket names are global: the account id keeps two accounts' names apart.
      problems.check(
        bucket.includes(s.accountId),
        `${p}.bucket`,
        s.bucket,
        `must include the state account id (${s.accountId}): bucket names are global`,
      );
    }
  }

  // ----------------------------------------------------------- locking
  problems.check(
    LOCKING.includes(s.locking),
    `${p}.locking`,
    s.locking,
    'must be "dynamodb", "lockfile" or "both"',
  );
  const lockTable = isText(s.lockTable) ? s.lockTable : undefined;
  problems.check(
    lockTable !== undefined,
    `${p}.lockTable`,
    s.lockTable,
    "must be a string (empty: no lock table)",
  );
  if (lockTable) {
    problems.check(
      TABLE_NAME.test(lockTable),
      `${p}.lockTable`,
      s.lockTable,
      "must be a DynamoDB table name (3-255 letters, digits, _ . -)",
    );
    problems.check(
      bucket !== "",
      `${p}.lockTable`,
      s.lockTable,
      "names a lock table but state.bucket is empty: a lock table locks state in a bucket",
    );
  }
  if (s3 && (s.locking === "dynamodb" || s.locking === "both")) {
    problems.check(
      Boolean(lockTable),
      `${p}.lockTable`,
      s.lockTable,
      `is required when locking is "${s.locking}"`,
    );
  }

  // ---------------------------------------------- encryption, retention
  if (s3 || bucket !== "") {
    problems.check(
      isText(s.kmsKeyAlias) &&
        KMS_ALIAS.test(s.kmsKeyAlias) &&
        !s.kmsKeyAlias.startsWith("alias/aws/"),
      `${p}.kmsKeyAlias`,
      s.kmsKeyAlias,
      'must be "alias/<name>" (not an AWS-managed alias/aws/...)',
    );
    checkIntegerRange(
      problems,
      `${p}.noncurrentVersionExpirationDays`,
      s.noncurrentVersionExpirationDays,
      1,
      3650,
    );
  }
  problems.check(
    BOOTSTRAP_STATE.includes(s.bootstrapState),
    `${p}.bootstrapState`,
    s.bootstrapState,
    'must be "local" or "s3"',
  );

  // ---------------------------------------------------- access, tags
  for (const name of ENVIRONMENT_NAMES) {
    const account = s.environmentAccounts?.[name];
    checkAccountId(problems, `${p}.environmentAccounts.${name}`, account);
  }
  checkTags(problems, `${p}.tags`, s.tags ?? {});

  // ---------------------------------------------------- Terraform Cloud
  if (s.backend === "cloud") {
    const organization = isText(s.cloudOrganization) ? s.cloudOrganization : "";
    if (organization === "") {
      problems.check(
        false,
        `${p}.cloudOrganization`,
        s.cloudOrganization,
        'is required when backend is "cloud"',
      );
    } else {
      problems.check(
        CLOUD_NAME.test(organization),
        `${p}.cloudOrganization`,
        s.cloudOrganization,
        "must be a Terraform Cloud organization name (letters, digits, _ and -)",
      );
    }
    problems.check(
      isText(s.cloudProject) &&
        (s.cloudProject === "" ||
          /^[A-Za-z0-9_ -]{1,40}$/.test(s.cloudProject)),
      `${p}.cloudProject`,
      s.cloudProject,
      "must be empty (default project) or a Terraform Cloud project name (letters, digits, spaces, _ and -)",
    );
  }
}
