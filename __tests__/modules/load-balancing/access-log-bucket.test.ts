import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  AccessLogBucket,
  AccessLogBucketProps,
} from "../../../modules/load-balancing/access-log-bucket";
import { listOf, parse } from "../../support/synth";

function synthBucket(overrides: Partial<AccessLogBucketProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AccessLogBucket(scope, "logs", {
      bucketName: "team-alb-logs-123456789012",
      accountId: "123456789012",
      ...overrides,
    });
  });
}

function policyOf(synthesized: string) {
  const [policy] = listOf(parse(synthesized), "aws_s3_bucket_policy");
  return JSON.parse(policy.policy) as { Statement: Record<string, unknown>[] };
}

describe("AccessLogBucket", () => {
  it("GIVEN a bucket WHEN synthesized THEN objects are encrypted with SSE-S3, the encryption ALB log delivery supports", () => {
    expect(synthBucket()).toHaveResourceWithProperties(
      S3BucketServerSideEncryptionConfigurationA,
      {
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "AES256",
            },
          },
        ],
      },
    );
  });

  it("GIVEN a bucket WHEN synthesized THEN versioning is enabled", () => {
    expect(synthBucket()).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("GIVEN a bucket WHEN synthesized THEN every kind of public access is blocked", () => {
    expect(synthBucket()).toHaveResourceWithProperties(
      S3BucketPublicAccessBlock,
      {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    );
  });

  it("GIVEN a bucket WHEN synthesized THEN ACLs are off (bucket owner enforced)", () => {
    expect(synthBucket()).toHaveResourceWithProperties(
      S3BucketOwnershipControls,
      { rule: { object_ownership: "BucketOwnerEnforced" } },
    );
  });

  it("GIVEN expirationDays 45 WHEN synthesized THEN logs and their old versions expire after 45 days", () => {
    const [lifecycle] = listOf(
      parse(synthBucket({ expirationDays: 45 })),
      "aws_s3_bucket_lifecycle_configuration",
    );
    expect(lifecycle.rule[0]).toMatchObject({
      status: "Enabled",
      expiration: [{ days: 45 }],
      noncurrent_version_expiration: [{ noncurrent_days: 45 }],
    });
  });

  it("GIVEN the bucket policy WHEN synthesized THEN the region's ELB account may only put objects under this account's log prefix", () => {
    const json = parse(synthBucket());
    const [elb] = Object.keys(json.data.aws_elb_service_account);
    const allow = policyOf(synthBucket()).Statement.filter(
      (s) => s.Effect === "Allow",
    );
    expect(allow).toEqual([
      expect.objectContaining({
        Principal: { AWS: `\${data.aws_elb_service_account.${elb}.arn}` },
        Action: "s3:PutObject",
        Resource: expect.stringMatching(/\/alb\/AWSLogs\/123456789012\/\*$/),
      }),
    ]);
  });

  it("GIVEN the bucket policy WHEN synthesized THEN requests without TLS are denied", () => {
    expect(policyOf(synthBucket()).Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("GIVEN a bucket with logs WHEN destroyed THEN Terraform refuses (force_destroy off)", () => {
    expect(synthBucket()).toHaveResourceWithProperties(S3Bucket, {
      bucket: "team-alb-logs-123456789012",
      force_destroy: false,
    });
  });

  it("GIVEN a name longer than 63 characters WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthBucket({ bucketName: "a".repeat(64) })).toThrow(
      /bucketName = "a{64}"/,
    );
  });

  it("GIVEN a prefix containing AWSLogs WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthBucket({ prefix: "AWSLogs" })).toThrow(
      /prefix = "AWSLogs"/,
    );
  });
});
