/** Validation of the remote state settings. */
import { Problems } from "./errors";
import { StateSettings } from "./types";
import { ACCOUNT_ID_PATTERN, checkIntegerRange, REGION_PATTERN } from "./checks";

const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Checks the shared state settings, recording each bad setting in `problems`. */
export function validateState(problems: Problems, s: StateSettings): void {
  const p = "state";
  problems.check(s.backend === "s3" || s.backend === "cloud", `${p}.backend`, s.backend, 'must be "s3" or "cloud"');
  problems.check(ACCOUNT_ID_PATTERN.test(s.accountId), `${p}.accountId`, s.accountId, "must be a 12-digit AWS account id");
  problems.check(REGION_PATTERN.test(s.region), `${p}.region`, s.region, "must be an AWS region name");
  problems.check(typeof s.bucket === "string" && BUCKET_NAME.test(s.bucket), `${p}.bucket`, s.bucket, "must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, dashes)");
  problems.check(
    ["dynamodb", "lockfile", "both"].includes(s.locking),
    `${p}.locking`,
    s.locking,
    'must be "dynamodb", "lockfile" or "both"',
  );
  problems.check(/^[A-Za-z0-9_.-]{3,255}$/.test(s.lockTable), `${p}.lockTable`, s.lockTable, "must be a DynamoDB table name (3-255 letters, digits, _ . -)");
  problems.check(/^alias\/[A-Za-z0-9/_-]+$/.test(s.kmsKeyAlias) && !s.kmsKeyAlias.startsWith("alias/aws/"), `${p}.kmsKeyAlias`, s.kmsKeyAlias, 'must be "alias/<name>" (not an AWS-managed alias)');
  checkIntegerRange(problems, `${p}.noncurrentVersionExpirationDays`, s.noncurrentVersionExpirationDays, 1, 3650);
  if (s.backend === "cloud") {
    problems.check(s.cloudOrganization.length > 0, `${p}.cloudOrganization`, s.cloudOrganization, 'is required when backend is "cloud"');
  }
}
