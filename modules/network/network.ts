import { DefaultRouteTable } from "@cdktf/provider-aws/lib/default-route-table";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import {
  PropChecks,
  PropReport,
  renamed,
  throwOnBadProp,
} from "../core/prop-checks";
import { cidrContains, cidrsOverlap, CidrRange, parseCidr } from "./cidr";
import { checkVpcFlowLogProps, VpcFlowLog } from "./vpc-flow-log";

/** Subnet tiers of the network, from most to least exposed. */
export type SubnetTier = "public" | "private" | "isolated";

/** Services reached through interface endpoints when they are switched on. */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "secretsmanager",
] as const;

/** Properties of a {@link Network}. */
export interface NetworkProps {
  /** Prefix of every Name tag, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  /** Region of the VPC, for endpoint service names. */
  readonly region: string;
  /** Account of the VPC, for the flow log role's trust condition. */
  readonly accountId: string;
  /** CIDR block of the VPC. */
  readonly cidrBlock: string;
  /** Availability zones, by name; one subnet of each tier in each. */
  readonly availabilityZones: readonly string[];
  /** Public subnet CIDRs, one per availability zone. */
  readonly publicSubnetCidrs: readonly string[];
  /** Private subnet CIDRs, one per availability zone. */
  readonly privateSubnetCidrs: readonly string[];
  /** Isolated subnet CIDRs, one per availability zone. */
  readonly isolatedSubnetCidrs: readonly string[];
  /** KMS key (ARN) that encrypts the flow log group. */
  readonly logKmsKeyArn: string;
  /**
   * One NAT gateway per availability zone (true), or one shared by all (false).
   * @default true
   */
  readonly natGatewayPerAz?: boolean;
  /**
   * Interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * Retention of the flow log group, days.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
}

/** The props that hold one tier's subnet CIDR blocks. */
export const SUBNET_CIDR_PROPS = [
  "publicSubnetCidrs",
  "privateSubnetCidrs",
  "isolatedSubnetCidrs",
] as const;

/**
 * Checks {@link NetworkProps} as EC2 would: a VPC block of /16 to /28, at
 * least two zones, one subnet of each tier per zone, every subnet inside the
 * VPC and none overlapping another. Props left undefined are skipped.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export function checkNetworkProps(
  report: PropReport,
  props: Partial<NetworkProps>,
): void {
  const checks = new PropChecks(report);
  checks.check(
    "cidrBlock",
    props.cidrBlock,
    (text) => {
      const range = parseCidr(text);
      return (
        range !== undefined &&
        range.prefixLength >= 16 &&
        range.prefixLength <= 28
      );
    },
    "must be an IPv4 CIDR block from /16 to /28",
  );
  const azs = props.availabilityZones;
  checks.check(
    "availabilityZones",
    azs,
    (zones) => zones.length >= 2,
    "needs at least two zones",
  );
  const vpc = parseCidr(props.cidrBlock ?? "");
  const seen: { prop: string; text: string; range: CidrRange }[] = [];
  for (const tier of SUBNET_CIDR_PROPS) {
    const cidrs = props[tier];
    checks.check(
      tier,
      azs === undefined ? undefined : cidrs,
      (blocks) => blocks.length === azs!.length,
      `must hold one CIDR block per availability zone (${azs?.length})`,
    );
    (cidrs ?? []).forEach((text, i) => {
      const prop = `${tier}[${i}]`;
      const range = parseCidr(text);
      if (range === undefined) {
        checks.fail(prop, text, "must be an IPv4 CIDR block");
        return;
      }
      if (vpc !== undefined) {
        checks.check(
          prop,
          text,
          () => cidrContains(vpc, range),
          `must lie inside the VPC CIDR ${props.cidrBlock}`,
        );
      }
      const clash = seen.find((s) => cidrsOverlap(s.range, range));
      checks.check(
        prop,
        text,
        () => clash === undefined,
        `overlaps ${clash?.prop} (${clash?.text})`,
      );
      seen.push({ prop, text, range });
    });
  }
  checkVpcFlowLogProps(
    renamed(report, { retentionDays: "flowLogRetentionDays" }),
    { retentionDays: props.flowLogRetentionDays },
  );
}

/**
 * A three-tier VPC: public subnets with an internet gateway, private subnets
 * whose default route goes through NAT, and isolated subnets with no route out
 * of the VPC. Flow logs go to an encrypted log group; the default security
 * group is emptied; S3 is reached through a gateway endpoint and, when
 * switched on, ECR, Logs and Secrets Manager through interface endpoints.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly isolatedSubnets: Subnet[];
  public readonly natGateways: NatGateway[];
  public readonly publicRouteTable: RouteTable;
  public readonly privateRouteTables: RouteTable[];
  public readonly isolatedRouteTable: RouteTable;
  public readonly flowLogs: VpcFlowLog;
  /** The security group of the interface endpoints, when they exist. */
  public readonly endpointSecurityGroup?: SecurityGroup;
  public readonly interfaceEndpoints: VpcEndpoint[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natGatewayPerAz = props.natGatewayPerAz ?? true;
    const withInterfaceEndpoints = props.interfaceEndpoints ?? true;
    const flowLogRetentionDays = props.flowLogRetentionDays ?? 30;
    const azs = props.availabilityZones;
    checkNetworkProps(throwOnBadProp(`Network ${id}`), {
      ...props,
      flowLogRetentionDays,
    });
    const name = (suffix: string) => ({
      Name: `${props.namePrefix}-${suffix}`,
    });

    // ---------------------------------------------------------------- VPC
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true, // needed by private DNS of interface endpoints
      tags: name("vpc"),
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = this.vpc.cidrBlock;

    // The default security group is what a resource gets when nobody chose
    // one: with no rules, such a resource can talk to nothing.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: name("default-closed"),
    });
    // The main route table catches subnets that no table was associated
    // with: keep it to the local route only.
    new DefaultRouteTable(this, "default-route-table", {
      defaultRouteTableId: this.vpc.defaultRouteTableId,
      route: [],
      tags: name("main-local-only"),
    });

    // ------------------------------------------------------------ subnets
    const subnets = (tier: SubnetTier, cidrs: readonly string[]) =>
      cidrs.map(
        (cidr, i) =>
          new Subnet(this, `${tier}-subnet-${i}`, {
            vpcId: this.vpc.id,
            cidrBlock: cidr,
            availabilityZone: azs[i],
            // Nothing gets a public IP by accident: the ALB and NAT gateways get theirs explicitly.
            mapPublicIpOnLaunch: false,
            tags: { ...name(`${tier}-${azs[i]}`), Tier: tier },
          }),
      );
    this.publicSubnets = subnets("public", props.publicSubnetCidrs);
    this.privateSubnets = subnets("private", props.privateSubnetCidrs);
    this.isolatedSubnets = subnets("isolated", props.isolatedSubnetCidrs);

    // ------------------------------------------------------ public routing
    const igw = new InternetGateway(this, "internet-gateway", {
      vpcId: this.vpc.id,
      tags: name("igw"),
    });
    this.publicRouteTable = new RouteTable(this, "public-route-table", {
      vpcId: this.vpc.id,
      tags: name("public"),
    });
    new Route(this, "public-default-route", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    this.publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-association-${i}`, {
          subnetId: subnet.id,
          routeTableId: this.publicRouteTable.id,
        }),
    );

    // ------------------------------------------------- NAT, private routing
    const natCount = natGatewayPerAz ? azs.length : 1;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i}`, {
        domain: "vpc",
        tags: name(`nat-${azs[i]}`),
      });
      return new NatGateway(this, `nat-gateway-${i}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: name(`nat-${azs[i]}`),
        dependsOn: [igw],
      });
    });
    this.privateRouteTables = this.privateSubnets.map((subnet, i) => {
      const table = new RouteTable(this, `private-route-table-${i}`, {
        vpcId: this.vpc.id,
        tags: name(`private-${azs[i]}`),
      });
      new Route(this, `private-default-route-${i}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: this.natGateways[Math.min(i, natCount - 1)].id,
      });
      new RouteTableAssociation(this, `private-association-${i}`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
      return table;
    });

    // ------------------------------------------------------ isolated routing
    // One table with the implicit local route only: nothing leaves the VPC.
    this.isolatedRouteTable = new RouteTable(this, "isolated-route-table", {
      vpcId: this.vpc.id,
      tags: name("isolated"),
    });
    this.isolatedSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `isolated-association-${i}`, {
          subnetId: subnet.id,
          routeTableId: this.isolatedRouteTable.id,
        }),
    );

    // ------------------------------------------------------------ flow logs
    this.flowLogs = new VpcFlowLog(this, "flow-logs", {
      vpcId: this.vpc.id,
      namePrefix: props.namePrefix,
      accountId: props.accountId,
      kmsKeyArn: props.logKmsKeyArn,
      retentionDays: flowLogRetentionDays,
    });

    // ------------------------------------------------------------ endpoints
    // S3 (ECR image layers live there) without NAT charges, from the private tier only.
    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: this.privateRouteTables.map((t) => t.id),
      tags: name("s3"),
    });
    if (withInterfaceEndpoints) {
      this.endpointSecurityGroup = new SecurityGroup(
        this,
        "endpoint-security-group",
        {
          name: `${props.namePrefix}-vpc-endpoints`,
          description: "Interface endpoints: HTTPS from inside the VPC only",
          vpcId: this.vpc.id,
          tags: name("vpc-endpoints"),
        },
      );
      new VpcSecurityGroupIngressRule(this, "endpoint-https-from-vpc", {
        securityGroupId: this.endpointSecurityGroup.id,
        description: "HTTPS to AWS APIs from resources in this VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: this.vpc.cidrBlock,
      });
      for (const service of INTERFACE_ENDPOINT_SERVICES) {
        this.interfaceEndpoints.push(
          new VpcEndpoint(this, `${service.replace(".", "-")}-endpoint`, {
            vpcId: this.vpc.id,
            serviceName: `com.amazonaws.${props.region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: this.privateSubnets.map((s) => s.id),
            securityGroupIds: [this.endpointSecurityGroup.id],
            tags: name(service),
          }),
        );
      }
    }
  }

  /** Subnet ids of one tier, in availability-zone order. */
  public subnetIds(tier: SubnetTier): string[] {
    const bySubnet = {
      public: this.publicSubnets,
      private: this.privateSubnets,
      isolated: this.isolatedSubnets,
    };
    return bySubnet[tier].map((s) => s.id);
  }
}
