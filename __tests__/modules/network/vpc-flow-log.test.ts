import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  VpcFlowLog,
  VpcFlowLogProps,
} from "../../../modules/network/vpc-flow-log";
import { listOf, parse, resourcesOf } from "../../support/synth";

function synthFlowLog(overrides: Partial<VpcFlowLogProps> = {}): string {
  return Testing.synthScope((scope) => {
    new VpcFlowLog(scope, "flow", {
      vpcId: "vpc-0123",
      namePrefix: "fp-dev",
      accountId: "123456789012",
      kmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/k",
      ...overrides,
    });
  });
}

describe("VpcFlowLog", () => {
  it("GIVEN defaults WHEN synthesized THEN all traffic of the VPC is logged at one-minute aggregation", () => {
    expect(synthFlowLog()).toHaveResourceWithProperties(FlowLog, {
      vpc_id: "vpc-0123",
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
      max_aggregation_interval: 60,
    });
  });

  it("GIVEN defaults WHEN synthesized THEN the group keeps 30 days and is encrypted with the key", () => {
    const [group] = listOf(parse(synthFlowLog()), "aws_cloudwatch_log_group");
    expect(group).toMatchObject({
      retention_in_days: 30,
      kms_key_id: "arn:aws:kms:af-south-1:123456789012:key/k",
    });
  });

  it("GIVEN the role WHEN synthesized THEN it may only write to its own log group", () => {
    const json = parse(synthFlowLog());
    const document = JSON.parse(listOf(json, "aws_iam_role_policy")[0].policy);
    const [groupName] = Object.keys(
      resourcesOf(json, "aws_cloudwatch_log_group"),
    );
    expect(document.Statement).toHaveLength(1);
    expect(document.Statement[0].Action).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]);
    for (const resource of document.Statement[0].Resource) {
      expect(resource).toContain(`aws_cloudwatch_log_group.${groupName}.arn`);
    }
  });

  it("GIVEN the role WHEN synthesized THEN only VPC Flow Logs of this account may assume it", () => {
    const [role] = listOf(parse(synthFlowLog()), "aws_iam_role");
    const trust = JSON.parse(role.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });
});
