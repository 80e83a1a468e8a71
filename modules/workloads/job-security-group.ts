import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { SecurityGroupConnection } from "../security/security-group-connection";

/** Properties of a {@link JobSecurityGroup}. */
export interface JobSecurityGroupProps {
  /** Name of the group, e.g. `financial-pipeline-production-jobs`. */
  readonly name: string;
  readonly vpcId: string;
  /** The database's security group: the jobs' only non-HTTPS destination. */
  readonly databaseSecurityGroupId: string;
  /** The database's port (a number or another stack's output). */
  readonly databasePort: number;
  /**
   * IPv4 ranges the tasks reach on 443 (ECR, Secrets Manager, CloudWatch Logs, the data sources' APIs).
   * @default ["0.0.0.0/0"]
   */
  readonly httpsEgressCidrs?: readonly string[];
}

/**
 * The security group of the pipeline's batch tasks (collectors and the
 * migration): no inbound rule, outbound HTTPS and PostgreSQL to the
 * database's group only. It adds the database's ingress rule itself, as the
 * API stack does for its tasks, so the database stack never refers to it.
 */
export class JobSecurityGroup extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly databaseConnection: SecurityGroupConnection;

  constructor(scope: Construct, id: string, props: JobSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: `Batch tasks of ${props.name}: no inbound, outbound HTTPS and the database only`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.securityGroupId = this.securityGroup.id;
    (props.httpsEgressCidrs ?? ["0.0.0.0/0"]).forEach((cidr, i) => {
      new VpcSecurityGroupEgressRule(this, `egress-https-${i}`, {
        securityGroupId: this.securityGroup.id,
        description: `HTTPS to ${cidr}: ECR, Secrets Manager, CloudWatch Logs and market-data APIs`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });
    this.databaseConnection = new SecurityGroupConnection(this, "database", {
      fromSecurityGroupId: this.securityGroup.id,
      toSecurityGroupId: props.databaseSecurityGroupId,
      port: props.databasePort,
      egressDescription: "PostgreSQL to the database only",
      ingressDescription: `PostgreSQL from the batch tasks of ${props.name}`,
    });
  }
}
