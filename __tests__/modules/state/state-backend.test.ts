import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  StateBackend,
  StateBackendProps,
} from "../../../modules/state/state-backend";
import { listOf, parse } from "../../support/synth";

function synthBackend(overrides: Partial<StateBackendProps> = {}): string {
  return Testing.synthScope((scope) => {
    new StateBackend(scope, "state", {
      bucketName: "test-tfstate-123456789012",
      kmsKeyAlias: "alias/test-tfstate",
      accountId: "123456789012",
      region: "af-south-1",
      lockTableName: "test-tflock",
      noncurrentVersionExpirationDays: 45,
      ...overrides,
    });
  });
}

describe("StateBackend", () => {
  it("GIVEN a bucket name WHEN synthesized THEN the bucket has that name and cannot be force-destroyed", () => {
    expect(synthBackend()).toHaveResourceWithProperties(S3Bucket, {
      bucket: "test-tfstate-123456789012",
      force_destroy: false,
    });
  });

  it("GIVEN defaults WHEN synthesized THEN versioning is enabled", () => {
    expect(synthBackend()).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("GIVEN defaults WHEN synthesized THEN objects are encrypted with the customer-managed key and a bucket key", () => {
    const json = parse(synthBackend());
    const [encryption] = listOf(
      json,
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(encryption.rule[0]).toEqual({
      apply_server_side_encryption_by_default: {
        sse_algorithm: "aws:kms",
        kms_master_key_id: expect.stringMatching(
          /^\$\{aws_kms_key\.state_key_[A-Z0-9]+\.arn\}$/,
        ),
      },
      bucket_key_enabled: true,
    });
  });

  it("GIVEN defaults WHEN synthesized THEN the KMS key rotates yearly under the configured alias", () => {
    const synthesized = synthBackend();
    expect(synthesized).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
    });
    expect(listOf(parse(synthesized), "aws_kms_alias")[0].name).toBe(
      "alias/test-tfstate",
    );
  });

  it("GIVEN defaults WHEN synthesized THEN every kind of public access is blocked", () => {
    expect(synthBackend()).toHaveResourceWithProperties(
      S3BucketPublicAccessBlock,
      {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    );
  });

  it("GIVEN defaults WHEN synthesized THEN ACLs are disabled by bucket-owner-enforced ownership", () => {
    expect(synthBackend()).toHaveResourceWithProperties(
      S3BucketOwnershipControls,
      {
        rule: { object_ownership: "BucketOwnerEnforced" },
      },
    );
  });

  it("GIVEN defaults WHEN synthesized THEN the bucket policy denies every request without TLS", () => {
    const [policy] = listOf(parse(synthBackend()), "aws_s3_bucket_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("GIVEN 45 days WHEN synthesized THEN noncurrent state versions expire after 45 days", () => {
    expect(synthBackend()).toHaveResourceWithProperties(
      S3BucketLifecycleConfiguration,
      {
        rule: [
          expect.objectContaining({
            status: "Enabled",
            noncurrent_version_expiration: [{ noncurrent_days: 45 }],
          }),
        ],
      },
    );
  });

  it("GIVEN defaults WHEN synthesized THEN bucket, key and lock table are prevent_destroy", () => {
    const json = parse(synthBackend());
    const protectedTypes = [
      "aws_s3_bucket",
      "aws_kms_key",
      "aws_dynamodb_table",
    ];
    expect(
      protectedTypes.map((type) => listOf(json, type)[0].lifecycle),
    ).toEqual([
      { prevent_destroy: true },
      { prevent_destroy: true },
      { prevent_destroy: true },
    ]);
  });

  it("GIVEN a lock table name WHEN synthesized THEN the table has Terraform's LockID key, on-demand billing, PITR, encryption and deletion protection", () => {
    expect(synthBackend()).toHaveResourceWithProperties(DynamodbTable, {
      name: "test-tflock",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: {
        enabled: true,
        kms_key_arn: expect.stringMatching(/aws_kms_key\.state_key/),
      },
      deletion_protection_enabled: true,
    });
  });

  it("GIVEN no lock table name WHEN synthesized THEN no table is created", () => {
    expect(
      listOf(
        parse(synthBackend({ lockTableName: undefined })),
        "aws_dynamodb_table",
      ),
    ).toHaveLength(0);
  });

  it("GIVEN a bucket name with capitals WHEN constructed THEN it throws naming bucketName", () => {
    expect(() => synthBackend({ bucketName: "Test_TFState" })).toThrow(
      /bucketName = "Test_TFState"/,
    );
  });

  it("GIVEN zero noncurrent days WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthBackend({ noncurrentVersionExpirationDays: 0 })).toThrow(
      /noncurrentVersionExpirationDays = 0/,
    );
  });
});
