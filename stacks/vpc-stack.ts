import { Construct } from "constructs";
import { Alerts, Compliance } from "../modules/observability";
import { EncryptionKey } from "../modules/security";
import { Network } from "../modules/network";
import { LayerStack, LayerStackProps } from "./layer-stack";

/**
 * `financial-pipeline-<environment>-vpc`: the environment's network, its
 * observability key, its alarm topic and, where switched on, its audit trail
 * and AWS Config recorder. Deployed first; the database and API
 * stacks read its typed fields as cross-stack references.
 */
export class VpcStack extends LayerStack {
  public readonly network: Network;
  /** KMS key for log groups and the alarm topic of the environment. */
  public readonly observabilityKey: EncryptionKey;
  /** The environment's alarm topic, shared by every stack's alarms. */
  public readonly alerts: Alerts;
  /** CloudTrail and AWS Config, when switched on for the environment. */
  public readonly compliance?: Compliance;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "vpc", props);
    const env = props.environment;
    const prefix = `${env.project}-${env.name}`;

    this.observabilityKey = new EncryptionKey(this, "observability-key", {
      aliasName: `${prefix}-observability`,
      description: `${prefix}: log groups and the alarm topic`,
      accountId: env.accountId,
      region: env.region,
      allowCloudWatchLogs: true,
      // CloudWatch alarms and EventBridge rules (failed pipeline tasks) publish to the encrypted topic.
      publishingServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"],
      additionalStatements: env.compliance.cloudTrail
        ? Compliance.cloudTrailKeyStatements(env.accountId)
        : [],
    });
    this.alerts = new Alerts(this, "alerts", {
      topicName: `${prefix}-alarms`,
      kmsKeyArn: this.observabilityKey.arn,
      accountId: env.accountId,
      allowEventBridge: true,
      emailSubscribers: env.alerts.emailSubscribers,
    });
    this.network = new Network(this, "network", {
      namePrefix: prefix,
      region: env.region,
      accountId: env.accountId,
      cidrBlock: env.network.vpcCidr,
      availabilityZones: env.availabilityZones,
      publicSubnetCidrs: env.network.publicSubnetCidrs,
      privateSubnetCidrs: env.network.privateSubnetCidrs,
      isolatedSubnetCidrs: env.network.isolatedSubnetCidrs,
      natGatewayPerAz: env.network.natGateways === "one-per-az",
      interfaceEndpoints: env.network.interfaceEndpoints,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      logKmsKeyArn: this.observabilityKey.arn,
    });
    if (env.compliance.cloudTrail || env.compliance.awsConfig) {
      this.compliance = new Compliance(this, "compliance", {
        namePrefix: prefix,
        accountId: env.accountId,
        region: env.region,
        kmsKeyArn: this.observabilityKey.arn,
        cloudTrail: env.compliance.cloudTrail,
        awsConfig: env.compliance.awsConfig,
        retentionDays: env.compliance.auditLogRetentionDays,
      });
    }
  }
}
