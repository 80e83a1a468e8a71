import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkLogRetentionDays } from "../observability/log-retention";
import { policyDocument, serviceTrustPolicy } from "../security/policy";

/** Properties of a {@link VpcFlowLog}. */
export interface VpcFlowLogProps {
  /** The VPC whose traffic is logged. */
  readonly vpcId: string;
  /** Prefix of names, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  /** Account of the VPC, for the role's trust condition. */
  readonly accountId: string;
  /** KMS key (ARN) that encrypts the log group; CloudWatch Logs must be allowed to use it. */
  readonly kmsKeyArn: string;
  /**
   * Retention of the log group, days.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * Which traffic to record: ACCEPT, REJECT or ALL.
   * @default "ALL"
   */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
}

/** Checks the retention of {@link VpcFlowLogProps}. */
export function checkVpcFlowLogProps(
  report: PropReport,
  props: Pick<VpcFlowLogProps, "retentionDays">,
): void {
  checkLogRetentionDays(
    new PropChecks(report),
    "retentionDays",
    props.retentionDays,
  );
}

/**
 * VPC Flow Logs into a KMS-encrypted CloudWatch log group, through a role
 * that only VPC Flow Logs of this account may assume and that may only write
 * to that one group.
 */
export class VpcFlowLog extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogProps) {
    super(scope, id);
    checkVpcFlowLogProps(throwOnBadProp(`VpcFlowLog ${id}`), props);
    this.logGroup = new CloudwatchLogGroup(this, "group", {
      name: `/vpc/${props.namePrefix}/flow-logs`,
      retentionInDays: props.retentionDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-vpc-flow-logs`,
      description: "Lets VPC Flow Logs write to its one log group",
      assumeRolePolicy: serviceTrustPolicy(
        "vpc-flow-logs.amazonaws.com",
        props.accountId,
      ),
    });
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html, scoped to the one group.
    new IamRolePolicy(this, "role-policy", {
      name: "write-flow-log-group",
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogStreams",
          ],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ]),
    });
    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      // One-minute aggregation: traffic shows up within minutes, not ten.
      maxAggregationInterval: 60,
      tags: { Name: `${props.namePrefix}-flow-log` },
    });
  }
}
