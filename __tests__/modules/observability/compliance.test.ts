import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  Compliance,
  ComplianceProps,
  MANAGED_CONFIG_RULES,
} from "../../../modules/observability/compliance";
import { listOf, parse } from "../../support/synth";

const KEY = "arn:aws:kms:af-south-1:123456789012:key/k";

function synthCompliance(overrides: Partial<ComplianceProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Compliance(scope, "c", {
      namePrefix: "fp-prod",
      accountId: "123456789012",
      region: "af-south-1",
      kmsKeyArn: KEY,
      ...overrides,
    });
  });
}

function bucketPolicy(
  synthesized: string,
): { Sid: string; Resource: string; Condition: object }[] {
  return JSON.parse(
    listOf(parse(synthesized), "aws_s3_bucket_policy")[0].policy,
  ).Statement;
}

describe("Compliance", () => {
  it("GIVEN CloudTrail on WHEN synthesized THEN a multi-region, validated, KMS-encrypted trail is recorded", () => {
    expect(synthCompliance()).toHaveResourceWithProperties(Cloudtrail, {
      name: "fp-prod-audit",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: KEY,
    });
  });

  it("GIVEN CloudTrail on WHEN synthesized THEN only this trail may write, under this account's prefix", () => {
    const write = bucketPolicy(synthCompliance()).find(
      (s) => s.Sid === "CloudTrailWrite",
    )!;
    expect(write.Resource).toMatch(/\/AWSLogs\/123456789012\/\*$/);
    expect(write.Condition).toEqual({
      StringEquals: {
        "aws:SourceArn":
          "arn:aws:cloudtrail:af-south-1:123456789012:trail/fp-prod-audit",
      },
    });
  });

  it("GIVEN AWS Config on WHEN synthesized THEN all supported resources are recorded and the recorder is enabled", () => {
    const synthesized = synthCompliance();
    expect(synthesized).toHaveResourceWithProperties(
      ConfigConfigurationRecorder,
      {
        recording_group: {
          all_supported: true,
          include_global_resource_types: true,
        },
      },
    );
    expect(
      listOf(parse(synthesized), "aws_config_configuration_recorder_status")[0]
        .is_enabled,
    ).toBe(true);
  });

  it("GIVEN AWS Config on WHEN synthesized THEN each managed rule is deployed", () => {
    const rules = listOf(
      parse(synthCompliance()),
      "aws_config_config_rule",
    ).map((r) => r.source.source_identifier);
    expect(rules.sort()).toEqual([...MANAGED_CONFIG_RULES].sort());
  });

  it("GIVEN AWS Config on WHEN synthesized THEN its role may write to the Config prefix of the audit bucket before delivery starts", () => {
    const json = parse(synthCompliance());
    const [policy] = listOf(json, "aws_iam_role_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.map((st: { Action: string }) => st.Action)).toEqual([
      "s3:GetBucketAcl",
      "s3:PutObject",
    ]);
    expect(statements[1].Resource).toMatch(
      /\/AWSLogs\/123456789012\/Config\/\*$/,
    );
    const [channel] = listOf(json, "aws_config_delivery_channel");
    expect(channel.depends_on).toContain(
      `aws_iam_role_policy.${Object.keys(json.resource.aws_iam_role_policy)[0]}`,
    );
  });

  it("GIVEN both off except the trail WHEN synthesized THEN there is no Config recorder nor Config bucket grant", () => {
    const synthesized = synthCompliance({ awsConfig: false });
    expect(
      listOf(parse(synthesized), "aws_config_configuration_recorder"),
    ).toEqual([]);
    expect(bucketPolicy(synthesized).map((s) => s.Sid)).not.toContain(
      "ConfigWrite",
    );
  });

  it("GIVEN the key statements WHEN built THEN CloudTrail may encrypt for this account's trails only", () => {
    const [statement] = Compliance.cloudTrailKeyStatements("123456789012");
    expect(statement.Condition).toEqual({
      StringLike: {
        "kms:EncryptionContext:aws:cloudtrail:arn":
          "arn:aws:cloudtrail:*:123456789012:trail/*",
      },
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });
});
