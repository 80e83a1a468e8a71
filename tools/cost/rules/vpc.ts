/**
 * Amazon VPC: NAT gateways, Elastic IPs, endpoints, and the networking
 * constructs that cost nothing.
 */
import { CannotPrice, req, type Rule, type ServiceRules } from "./rule";

const NETWORK = "no charge (VPC networking construct)";

const natGateway: Rule = (ctx) => {
  const hours = req(ctx, "hours-per-month");
  // Without interface endpoints, the tasks reach ECR, Logs and Secrets Manager through NAT.
  const viaNat =
    req(ctx, "internet-data-gib") +
    (ctx.environment.interfaceEndpoints > 0
      ? 0
      : req(ctx, "aws-service-data-gib"));
  const share = 1 / Math.max(1, ctx.environment.natGateways);
  return {
    lines: [
      {
        item: "NAT gateway hours",
        rate: "nat.hour",
        quantity: hours,
        assumptions: ["hours-per-month"],
      },
      {
        item: `data processed (${share === 1 ? "all" : `1/${ctx.environment.natGateways}`} of the environment's NAT traffic${ctx.environment.interfaceEndpoints > 0 ? "" : ", AWS service traffic included: no interface endpoints"})`,
        rate: "nat.gb",
        quantity: viaNat * share,
        assumptions:
          ctx.environment.interfaceEndpoints > 0
            ? ["internet-data-gib"]
            : ["internet-data-gib", "aws-service-data-gib"],
      },
    ],
  };
};

const elasticIp: Rule = (ctx) => ({
  lines: [
    {
      item: "public IPv4 address",
      rate: "ipv4.hour",
      quantity: req(ctx, "hours-per-month"),
      assumptions: ["hours-per-month"],
    },
  ],
});

const vpcEndpoint: Rule = (ctx) => {
  const c = ctx.config;
  const type = c.vpc_endpoint_type ?? "Gateway";
  if (type === "Gateway")
    return { free: "gateway endpoints (S3, DynamoDB) have no charge" };
  if (type !== "Interface")
    throw new CannotPrice(`endpoint type ${type} has no rate`);
  const azs = (c.subnet_ids ?? []).length;
  const hours = req(ctx, "hours-per-month");
  return {
    lines: [
      {
        item: `interface endpoint ${String(c.service_name).split(".").slice(3).join(".")} in ${azs} AZ(s)`,
        rate: "endpoint.interface.az-hour",
        quantity: azs * hours,
        assumptions: ["hours-per-month"],
      },
      {
        item: `data processed (1/${ctx.environment.interfaceEndpoints} of the AWS service traffic)`,
        rate: "endpoint.interface.gb",
        quantity:
          req(ctx, "aws-service-data-gib") /
          Math.max(1, ctx.environment.interfaceEndpoints),
        assumptions: ["aws-service-data-gib"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const VPC_RULES: ServiceRules = {
  priced: {
    aws_nat_gateway: natGateway,
    aws_eip: elasticIp,
    aws_vpc_endpoint: vpcEndpoint,
  },
  free: {
    aws_vpc: NETWORK,
    aws_subnet: NETWORK,
    aws_route_table: NETWORK,
    aws_route: NETWORK,
    aws_route_table_association: NETWORK,
    aws_default_route_table: NETWORK,
    aws_default_security_group: NETWORK,
    aws_default_network_acl: NETWORK,
    aws_network_acl: NETWORK,
    aws_internet_gateway: NETWORK,
    aws_vpc_endpoint_route_table_association: NETWORK,
    aws_security_group: NETWORK,
    aws_security_group_rule: NETWORK,
    aws_vpc_security_group_ingress_rule: NETWORK,
    aws_vpc_security_group_egress_rule: NETWORK,
    aws_flow_log:
      "no charge of its own (its records are priced on its log group)",
  },
};
