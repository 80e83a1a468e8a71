import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  EncryptionKey,
  EncryptionKeyProps,
} from "../../../modules/security/encryption-key";
import { listOf, parse } from "../../support/synth";

function synthKey(overrides: Partial<EncryptionKeyProps> = {}): string {
  return Testing.synthScope((scope) => {
    new EncryptionKey(scope, "key", {
      aliasName: "test-logs",
      description: "test",
      accountId: "123456789012",
      region: "af-south-1",
      ...overrides,
    });
  });
}

function statements(
  synthesized: string,
): { Sid: string; Principal: unknown; Condition?: unknown }[] {
  return JSON.parse(listOf(parse(synthesized), "aws_kms_key")[0].policy)
    .Statement;
}

describe("EncryptionKey", () => {
  it("GIVEN any props WHEN synthesized THEN the key rotates and has its alias", () => {
    const synthesized = synthKey();
    expect(synthesized).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(listOf(parse(synthesized), "aws_kms_alias")[0].name).toBe(
      "alias/test-logs",
    );
  });

  it("GIVEN no service WHEN synthesized THEN only the account administers the key", () => {
    expect(statements(synthKey()).map((s) => s.Principal)).toEqual([
      { AWS: "arn:aws:iam::123456789012:root" },
    ]);
  });

  it("GIVEN CloudWatch Logs allowed WHEN synthesized THEN Logs may use it for this account's log groups only", () => {
    const logs = statements(synthKey({ allowCloudWatchLogs: true })).find(
      (s) => s.Sid === "CloudWatchLogs",
    )!;
    expect(logs.Principal).toEqual({
      Service: "logs.af-south-1.amazonaws.com",
    });
    expect(logs.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:af-south-1:123456789012:log-group:*",
      },
    });
  });

  it("GIVEN a publishing service WHEN synthesized THEN it may decrypt and generate data keys from this account only", () => {
    const publish = statements(
      synthKey({ publishingServices: ["cloudwatch.amazonaws.com"] }),
    ).find((s) => s.Sid === "PublishCloudwatch")!;
    expect(publish).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("GIVEN no provider WHEN synthesized THEN the key and its alias use the stack's default provider", () => {
    const json = parse(synthKey());
    expect([
      listOf(json, "aws_kms_key")[0].provider,
      listOf(json, "aws_kms_alias")[0].provider,
    ]).toEqual([undefined, undefined]);
  });

  it("GIVEN an aliased provider of another region WHEN synthesized THEN the key and its alias are created with it", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        const provider = new AwsProvider(scope, "aws-dr", {
          alias: "dr",
          region: "eu-west-1",
        });
        new EncryptionKey(scope, "key", {
          aliasName: "test-dr",
          description: "test",
          accountId: "123456789012",
          region: "eu-west-1",
          provider,
        });
      }),
    );
    expect([
      listOf(json, "aws_kms_key")[0].provider,
      listOf(json, "aws_kms_alias")[0].provider,
    ]).toEqual(["aws.dr", "aws.dr"]);
  });

  it("GIVEN a deletion window outside 7-30 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthKey({ deletionWindowDays: 3 })).toThrow(
      /deletionWindowDays = 3: must be a whole number from 7 to 30/,
    );
  });
});
