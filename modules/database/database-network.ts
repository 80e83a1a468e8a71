import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/** Where a database sits in the VPC and who may reach it; shared by {@link DatabaseNetworkProps} and `DatabaseProps`. */
export interface DatabaseNetworkOptions {
  /** VPC of the security group. */
  readonly vpcId: string;
  /** Subnets of the DB subnet group, in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /**
   * Port PostgreSQL listens on.
   * @default 5432
   */
  readonly port?: number;
  /**
   * An IPv4 CIDR block admitted on the database port, besides the rules
   * clients add to the security group.
   * @default - no CIDR rule
   */
  readonly ingressCidr?: string;
}

/** Properties of a {@link DatabaseNetwork}. */
export interface DatabaseNetworkProps extends DatabaseNetworkOptions {
  /** Name of the security group and of the DB subnet group (the instance identifier). */
  readonly name: string;
}

/** Checks the subnets and port of {@link DatabaseNetworkOptions}. */
export function checkDatabaseNetworkProps(
  report: PropReport,
  props: Partial<Pick<DatabaseNetworkOptions, "subnetIds" | "port">>,
): void {
  const checks = new PropChecks(report);
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length >= 2,
    "must name subnets in at least two availability zones",
  );
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (Port)
  checks.wholeNumber("port", props.port, 1150, 65535);
}

/**
 * The network placement of an RDS instance: a DB subnet group over the given
 * (isolated) subnets, and a security group with no outbound rule and no
 * inbound rule for clients. Each client stack adds an
 * `aws_vpc_security_group_ingress_rule` on {@link DatabaseNetwork.securityGroupId}
 * for its own security group, so the database never depends on a stack
 * deployed after it; the only rule created here is the optional CIDR one.
 */
export class DatabaseNetwork extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly subnetGroup: DbSubnetGroup;
  /** The CIDR rule, when `ingressCidr` is set. */
  public readonly cidrIngressRule?: VpcSecurityGroupIngressRule;
  /** Security group of the instance; clients add their ingress rules to it. */
  public readonly securityGroupId: string;
  /** Name of the DB subnet group, for the instance's `db_subnet_group_name`. */
  public readonly subnetGroupName: string;

  constructor(scope: Construct, id: string, props: DatabaseNetworkProps) {
    super(scope, id);
    const port = props.port ?? 5432;
    checkDatabaseNetworkProps(throwOnBadProp(`DatabaseNetwork ${id}`), props);
    const name = props.name;

    // No inline ingress: clients (and the optional CIDR) add separate rule
    // resources. `egress = []` makes Terraform remove any outbound rule,
    // including the allow-all one AWS adds to every new group.
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: `PostgreSQL ${name}: inbound only by explicit rules, no outbound`,
      vpcId: props.vpcId,
      egress: [],
      tags: { Name: name },
    });
    if (props.ingressCidr !== undefined) {
      this.cidrIngressRule = new VpcSecurityGroupIngressRule(
        this,
        "ingress-cidr",
        {
          securityGroupId: this.securityGroup.id,
          description: "PostgreSQL from the configured CIDR block",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: props.ingressCidr,
          tags: { Name: `${name}-from-cidr` },
        },
      );
    }
    this.subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name,
      description: `${name}: isolated subnets, no route out of the VPC`,
      subnetIds: [...props.subnetIds],
      tags: { Name: name },
    });

    this.securityGroupId = this.securityGroup.id;
    this.subnetGroupName = this.subnetGroup.name;
  }
}
