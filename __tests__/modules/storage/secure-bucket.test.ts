import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  SecureBucket,
  SecureBucketProps,
} from "../../../modules/storage/secure-bucket";
import { listOf, parse } from "../../support/synth";

function synthBucket(overrides: Partial<SecureBucketProps> = {}): string {
  return Testing.synthScope((scope) => {
    new SecureBucket(scope, "b", {
      bucketName: "audit-123456789012-af-south-1",
      ...overrides,
    });
  });
}

describe("SecureBucket", () => {
  it("GIVEN any props WHEN synthesized THEN every kind of public access is blocked", () => {
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

  it("GIVEN any props WHEN synthesized THEN ACLs are disabled and versioning is on", () => {
    const json = parse(synthBucket());
    expect(
      listOf(json, "aws_s3_bucket_ownership_controls")[0].rule.object_ownership,
    ).toBe("BucketOwnerEnforced");
    expect(
      listOf(json, "aws_s3_bucket_versioning")[0].versioning_configuration
        .status,
    ).toBe("Enabled");
  });

  it("GIVEN no key WHEN synthesized THEN objects are encrypted with SSE-S3", () => {
    const [encryption] = listOf(
      parse(synthBucket()),
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(
      encryption.rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe("AES256");
  });

  it("GIVEN a key WHEN synthesized THEN objects are encrypted with SSE-KMS and bucket keys", () => {
    const key = "arn:aws:kms:af-south-1:123456789012:key/k";
    const [encryption] = listOf(
      parse(synthBucket({ kmsKeyArn: key })),
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(encryption.rule[0]).toMatchObject({
      apply_server_side_encryption_by_default: {
        sse_algorithm: "aws:kms",
        kms_master_key_id: key,
      },
      bucket_key_enabled: true,
    });
  });

  it("GIVEN any props WHEN synthesized THEN the policy denies every request without TLS", () => {
    const [policy] = listOf(parse(synthBucket()), "aws_s3_bucket_policy");
    const deny = JSON.parse(policy.policy).Statement.find(
      (s: { Sid: string }) => s.Sid === "DenyInsecureTransport",
    );
    expect(deny).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("GIVEN expiry days WHEN synthesized THEN current and noncurrent objects expire", () => {
    const [lifecycle] = listOf(
      parse(
        synthBucket({
          expirationDays: 90,
          noncurrentVersionExpirationDays: 30,
        }),
      ),
      "aws_s3_bucket_lifecycle_configuration",
    );
    expect(lifecycle.rule[0]).toMatchObject({
      expiration: [{ days: 90 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
  });

  it("GIVEN an invalid bucket name WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthBucket({ bucketName: "Bad_Name" })).toThrow(
      /bucketName = "Bad_Name"/,
    );
  });

  it("GIVEN a bucket name shaped like an IP address WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthBucket({ bucketName: "192.168.999.999" })).toThrow(
      /bucketName = "192\.168\.999\.999": must be a valid S3 bucket name/,
    );
  });
});
