import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { EncryptionKey } from "./encryption-key";
import { policyDocument } from "./policy";

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

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
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
    if (!BUCKET_NAME.test(props.bucketName)) {
      throw new Error(
        `StateBackend ${id}: bucketName = "${props.bucketName}": must be 3-63 lower-case letters, digits, dots and dashes`,
      );
    }
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
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) {
      throw new Error(
        `StateBackend ${id}: noncurrentVersionExpirationDays = ${noncurrentDays}: must be a whole number of at least 1`,
      );
    }
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
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    // ACLs disabled: the bucket owner owns every object, whoever writes it.
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(
      this,
      "public-access-block",
      {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    );
    // Every apply writes a new version: a bad apply or a deleted state file can be rolled back.
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    // The bucket key cuts KMS requests (and their cost) per object:
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: this.key.arn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // S3 rejects noncurrent-version rules on a bucket whose versioning is not yet set.
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          // The documented TLS-only pattern: a Deny on every action; it grants nothing.
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
      // S3 rejects concurrent changes of a bucket's access settings.
      dependsOn: [publicAccessBlock],
    });

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
