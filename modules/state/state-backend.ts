import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { EncryptionKey } from "../security/encryption-key";
import { checkSecureBucketProps, SecureBucket } from "../storage/secure-bucket";

/** Properties of a {@link StateBackend}. */
export interface StateBackendProps {
  /** Globally unique bucket name; include the account id. */
  readonly bucketName: string;
  /** Alias of the bucket's KMS key, with the `alias/` prefix. */
  readonly kmsKeyAlias: string;
  /** Account that owns the key; its IAM administers it. */
  readonly accountId: string;
  readonly region: string;
  /**
   * DynamoDB lock table (partition key `LockID`).
   * @default - no table: Terraform locks with S3 lock files (`use_lockfile`)
   */
  readonly lockTableName?: string;
  /**
   * Days before a noncurrent (overwritten) state version expires.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Terraform `prevent_destroy` on the bucket, the key and the table: a
   * `destroy` or a replacing change fails at plan time instead of losing
   * every stack's state.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** DynamoDB table names: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
/** Customer alias names (AWS-managed ones start with alias/aws/): https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html */
const KMS_ALIAS = /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/;

/** Checks {@link StateBackendProps}: the key alias, the table name, and the bucket's name and expiry. */
export function checkStateBackendProps(
  report: PropReport,
  props: Partial<StateBackendProps>,
): void {
  const checks = new PropChecks(report);
  checkSecureBucketProps(report, {
    bucketName: props.bucketName,
    noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
  });
  checks.matches(
    "kmsKeyAlias",
    props.kmsKeyAlias,
    KMS_ALIAS,
    'must be "alias/<name>" (not an AWS-managed alias/aws/...)',
  );
  checks.matches(
    "lockTableName",
    props.lockTableName,
    TABLE_NAME,
    "must be a DynamoDB table name (3-255 letters, digits, _ . -)",
  );
}

/**
 * Where Terraform state lives: a versioned S3 bucket encrypted with a
 * customer-managed KMS key (yearly rotation), closed to the public, ACLs
 * disabled, TLS only, old versions expiring; and, when named, a DynamoDB lock
 * table (on demand, point-in-time recovery, encrypted with the same key,
 * deletion protection). Bucket, key and table are `prevent_destroy`.
 */
export class StateBackend extends Construct {
  public readonly bucket: S3Bucket;
  /** Name of the bucket. */
  public readonly bucketName: string;
  /** ARN of the bucket. */
  public readonly bucketArn: string;
  public readonly key: EncryptionKey;
  /** ARN of the KMS key. */
  public readonly kmsKeyArn: string;
  /** The lock table, when `lockTableName` was given. */
  public readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    const preventDestroy = props.preventDestroy ?? true;
    checkStateBackendProps(throwOnBadProp(`StateBackend ${id}`), {
      ...props,
      noncurrentVersionExpirationDays: noncurrentDays,
    });
    const lifecycle = { preventDestroy };

    // ---------------------------------------------------------------- key
    this.key = new EncryptionKey(this, "key", {
      aliasName: props.kmsKeyAlias.replace(/^alias\//, ""),
      description: `Terraform state in s3://${props.bucketName}`,
      accountId: props.accountId,
      region: props.region,
    });
    this.key.key.lifecycle = lifecycle;
    this.kmsKeyArn = this.key.arn;

    // ------------------------------------------------------------- bucket
    // Versioned (a bad apply or a deleted state file can be rolled back),
    // SSE-KMS with the state key, closed to the public, ACLs off, TLS only.
    const bucket = new SecureBucket(this, "state-bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: noncurrentDays,
      preventDestroy,
    });
    this.bucket = bucket.bucket;
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.arn;

    // -------------------------------------------------------------- table
    if (props.lockTableName !== undefined) {
      this.lockTable = new DynamodbTable(this, "lock-table", {
        name: props.lockTableName,
        // The key Terraform's S3 backend writes: https://developer.hashicorp.com/terraform/language/backend/s3
        hashKey: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
        deletionProtectionEnabled: true,
        lifecycle,
      });
    }
  }
}
