/**
 * Key policy statements for the KMS keys of RDS: use of a key through one AWS
 * service only, by any principal of the account, the pattern of the
 * AWS-managed `aws/rds` and `aws/secretsmanager` keys. RDS's service-linked
 * role, which encrypts storage, copies backups and rotates the managed
 * secret, needs no IAM grant of its own that way.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
import { PolicyStatement } from "../security/policy";

/** What RDS does with a storage, snapshot or Performance Insights key. */
export const RDS_KEY_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:CreateGrant",
  "kms:ListGrants",
  "kms:DescribeKey",
] as const;

/** What Secrets Manager does with the key of a secret (envelope encryption). */
export const SECRETS_MANAGER_KEY_ACTIONS = [
  "kms:Decrypt",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
] as const;

/**
 * Allows `actions` on the key to principals of `accountId` only when the call
 * comes through `service` (e.g. `rds`) in `region`.
 */
export function viaServiceStatement(
  sid: string,
  service: string,
  region: string,
  accountId: string,
  actions: readonly string[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: actions,
    Resource: "*",
    Condition: {
      StringEquals: {
        "kms:CallerAccount": accountId,
        "kms:ViaService": `${service}.${region}.amazonaws.com`,
      },
    },
  };
}

/** Lets RDS of `region` use the key for this account: storage, snapshots, backups, Performance Insights. */
export function rdsKeyStatement(
  region: string,
  accountId: string,
): PolicyStatement {
  return viaServiceStatement(
    "UseThroughRds",
    "rds",
    region,
    accountId,
    RDS_KEY_ACTIONS,
  );
}
