import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { policyDocument } from "./policy";

/** Properties of an {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Globally unique bucket name (3-63 characters); include the account id and region. */
  readonly bucketName: string;
  /** Account of the load balancer: logs arrive under `<prefix>/AWSLogs/<accountId>/`. */
  readonly accountId: string;
  /**
   * Key prefix the load balancer writes under.
   * @default "alb"
   */
  readonly prefix?: string;
  /**
   * Days before a log object (and a noncurrent version of one) expires.
   * @default 90
   */
  readonly expirationDays?: number;
}

/**
 * An S3 bucket that receives Application Load Balancer access logs:
 * SSE-S3 encrypted (the only server-side encryption ALB log delivery
 * supports), versioned, expiring, closed to the public, owner-enforced, and
 * reachable over TLS only; its policy lets the region's Elastic Load
 * Balancing account write under the load balancer's prefix and nothing else.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  /** Prefix to give the load balancer's `access_logs` block. */
  public readonly prefix: string;
  /** The bucket policy; the load balancer must be created after it (AWS tests the permission). */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.prefix = props.prefix ?? "alb";
    const expirationDays = props.expirationDays ?? 90;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(
        `AccessLogBucket ${id}: bucketName = "${props.bucketName}": must be 3-63 lower-case letters, digits, dots and dashes`,
      );
    }
    if (!Number.isInteger(expirationDays) || expirationDays < 1) {
      throw new Error(
        `AccessLogBucket ${id}: expirationDays = ${expirationDays}: must be a whole number of at least 1`,
      );
    }
    if (
      this.prefix === "" ||
      this.prefix.includes("AWSLogs") ||
      this.prefix.startsWith("/") ||
      this.prefix.endsWith("/")
    ) {
      throw new Error(
        `AccessLogBucket ${id}: prefix = "${this.prefix}": must be non-empty, without AWSLogs and without leading or trailing "/"`,
      );
    }

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
    });
    this.bucketName = this.bucket.bucket;
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
    new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    // ALB access logs support SSE-S3 only, not SSE-KMS:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: expirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    // The region's Elastic Load Balancing account (af-south-1 predates the
    // service-principal regions); the data source is a static table, no API call.
    const elbAccount = new DataAwsElbServiceAccount(this, "elb-account", {});
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          Sid: "ElbLogDelivery",
          Effect: "Allow",
          Principal: { AWS: elbAccount.arn },
          Action: "s3:PutObject",
          Resource: `${this.bucket.arn}/${this.prefix}/AWSLogs/${props.accountId}/*`,
        },
        {
          // A Deny on every action is the documented TLS-only pattern; it grants nothing.
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
