import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseTelemetry,
  DatabaseTelemetryProps,
  ENHANCED_MONITORING_POLICY_ARN,
} from "../../../modules/database/database-telemetry";
import { listOf, parse } from "../../support/synth";

function synthTelemetry(
  overrides: Partial<DatabaseTelemetryProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new DatabaseTelemetry(scope, "telemetry", {
      instanceIdentifier: "test-postgres",
      accountId: "123456789012",
      logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/logs",
      ...overrides,
    });
  });
}

describe("DatabaseTelemetry", () => {
  it("GIVEN an instance identifier WHEN synthesized THEN the log groups are the ones RDS exports postgresql and upgrade logs to", () => {
    expect(
      listOf(parse(synthTelemetry()), "aws_cloudwatch_log_group").map(
        (g) => g.name,
      ),
    ).toEqual([
      "/aws/rds/instance/test-postgres/postgresql",
      "/aws/rds/instance/test-postgres/upgrade",
    ]);
  });

  it("GIVEN a retention and a key WHEN synthesized THEN every log group expires and is encrypted", () => {
    const groups = listOf(
      parse(synthTelemetry({ logRetentionDays: 7 })),
      "aws_cloudwatch_log_group",
    );
    expect(groups.map((g) => [g.retention_in_days, g.kms_key_id])).toEqual([
      [7, "arn:aws:kms:af-south-1:123456789012:key/logs"],
      [7, "arn:aws:kms:af-south-1:123456789012:key/logs"],
    ]);
  });

  it("GIVEN monitoring on WHEN synthesized THEN the role trusts only RDS monitoring of this account", () => {
    const [role] = listOf(
      parse(synthTelemetry({ monitoringIntervalSeconds: 60 })),
      "aws_iam_role",
    );
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "monitoring.rds.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  it("GIVEN monitoring on WHEN synthesized THEN the role has the AWS-managed Enhanced Monitoring policy", () => {
    expect(synthTelemetry()).toHaveResourceWithProperties(
      IamRolePolicyAttachment,
      {
        policy_arn: ENHANCED_MONITORING_POLICY_ARN,
      },
    );
    expect(ENHANCED_MONITORING_POLICY_ARN).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    );
  });

  it("GIVEN monitoring interval 0 WHEN synthesized THEN no role exists", () => {
    const json = parse(synthTelemetry({ monitoringIntervalSeconds: 0 }));
    expect(listOf(json, "aws_iam_role")).toEqual([]);
    expect(listOf(json, "aws_iam_role_policy_attachment")).toEqual([]);
  });

  it("GIVEN no retention WHEN synthesized THEN logs are kept 30 days", () => {
    expect(synthTelemetry()).toHaveResourceWithProperties(CloudwatchLogGroup, {
      retention_in_days: 30,
    });
  });

  it("GIVEN a retention CloudWatch does not offer WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthTelemetry({ logRetentionDays: 10 })).toThrow(
      /logRetentionDays = 10: must be one of CloudWatch Logs' retention values/,
    );
  });

  it("GIVEN a monitoring interval RDS does not offer WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthTelemetry({ monitoringIntervalSeconds: 20 })).toThrow(
      /monitoringIntervalSeconds = 20: must be one of 0, 1, 5, 10, 15, 30, 60/,
    );
  });
});
