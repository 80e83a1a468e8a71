import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import { EncryptionKey } from "../security/encryption-key";
import { SecureBucket } from "../storage/secure-bucket";

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

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

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
    if (
      !/^alias\/[A-Za-z0-9/_-]+$/.test(props.kmsKeyAlias) ||
      props.kmsKeyAlias.startsWith("alias/aws/")
    ) {
      throw new Error(
        `StateBackend ${id}: kmsKeyAlias = "${props.kmsKeyAlias}": must be "alias/<name>" (not alias/aws/...)`,
      );
    }
    if (
      props.lockTableName !== undefined &&
      !TABLE_NAME.test(props.lockTableName)
    ) {
      throw new Error(
        `StateBackend ${id}: lockTableName = "${props.lockTableName}": must be 3-255 letters, digits, _ . -`,
      );
    }
    // Bucket name and expiry days are validated by SecureBucket.
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
