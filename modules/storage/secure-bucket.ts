import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, PolicyStatement } from "../security/policy";

/**
 * General purpose bucket names, without the IP-address form:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const BUCKET_NAME =
  /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

/** Properties of a {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Globally unique bucket name; include the account id and region. */
  readonly bucketName: string;
  /**
   * KMS key (ARN) for default SSE-KMS encryption, with bucket keys.
   * @default - SSE-S3 (AES256), for writers that cannot use KMS (ALB logs)
   */
  readonly kmsKeyArn?: string;
  /**
   * Days before current objects expire.
   * @default - they never expire
   */
  readonly expirationDays?: number;
  /**
   * Days before noncurrent object versions expire.
   * @default - same as expirationDays, else never
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Statements granting writers (log delivery services) access; the bucket
   * policy always adds a deny of non-TLS requests.
   * @default - none
   */
  readonly policyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /**
   * Terraform `prevent_destroy` on the bucket: a destroy or a replacing
   * change fails at plan time.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** Checks the name and expiry days of {@link SecureBucketProps}. */
export function checkSecureBucketProps(
  report: PropReport,
  props: Partial<SecureBucketProps>,
): void {
  const checks = new PropChecks(report);
  checks.check(
    "bucketName",
    props.bucketName,
    (name) => BUCKET_NAME.test(name) && !IP_ADDRESS.test(name),
    "must be a valid S3 bucket name (3-63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit)",
  );
  checks.wholeNumber("expirationDays", props.expirationDays, 1);
  checks.wholeNumber(
    "noncurrentVersionExpirationDays",
    props.noncurrentVersionExpirationDays,
    1,
  );
}

/**
 * An S3 bucket closed by default: public access blocked, ACLs disabled
 * (bucket owner enforced), versioned, encrypted, reachable over TLS only,
 * with expiry of old data.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly arn: string;
  /** The bucket policy; writers that AWS checks at creation must depend on it. */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    checkSecureBucketProps(throwOnBadProp(`SecureBucket ${id}`), props);
    const noncurrentDays =
      props.noncurrentVersionExpirationDays ?? props.expirationDays;

    // Never delete a bucket that still holds objects (logs, audit records, state).
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
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
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        // The bucket key cuts KMS requests (and their cost) per object:
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-old-data",
          status: "Enabled",
          filter: [{ prefix: "" }],
          ...(props.expirationDays
            ? { expiration: [{ days: props.expirationDays }] }
            : {}),
          ...(noncurrentDays
            ? { noncurrentVersionExpiration: [{ noncurrentDays }] }
            : {}),
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // S3 rejects noncurrent-version rules on a bucket whose versioning is not yet set.
      dependsOn: [versioning],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: policyDocument([
        ...(props.policyStatements?.(this.bucket.arn) ?? []),
        {
          // The documented TLS-only pattern: a Deny that grants nothing.
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
  }
}
