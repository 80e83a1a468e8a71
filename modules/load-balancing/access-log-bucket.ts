import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkSecureBucketProps, SecureBucket } from "../storage/secure-bucket";

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

/** Checks {@link AccessLogBucketProps}: the prefix, and the bucket's name and expiry. */
export function checkAccessLogBucketProps(
  report: PropReport,
  props: Partial<AccessLogBucketProps>,
): void {
  checkSecureBucketProps(report, {
    bucketName: props.bucketName,
    expirationDays: props.expirationDays,
  });
  new PropChecks(report).check(
    "prefix",
    props.prefix,
    (prefix) =>
      prefix !== "" &&
      !prefix.includes("AWSLogs") &&
      !prefix.startsWith("/") &&
      !prefix.endsWith("/"),
    'must be non-empty, without AWSLogs and without leading or trailing "/"',
  );
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
    checkAccessLogBucketProps(throwOnBadProp(`AccessLogBucket ${id}`), {
      ...props,
      prefix: this.prefix,
      expirationDays,
    });

    // The region's Elastic Load Balancing account (af-south-1 predates the
    // service-principal regions); the data source is a static table, no API call.
    const elbAccount = new DataAwsElbServiceAccount(this, "elb-account", {});
    // ALB access logs support SSE-S3 only, not SSE-KMS, hence no key:
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
    const secure = new SecureBucket(this, "secure", {
      bucketName: props.bucketName,
      expirationDays,
      policyStatements: (bucketArn) => [
        {
          Sid: "ElbLogDelivery",
          Effect: "Allow",
          Principal: { AWS: elbAccount.arn },
          Action: "s3:PutObject",
          Resource: `${bucketArn}/${this.prefix}/AWSLogs/${props.accountId}/*`,
        },
      ],
    });
    this.bucket = secure.bucket;
    this.bucketName = secure.bucketName;
    this.policy = secure.policy;
  }
}
