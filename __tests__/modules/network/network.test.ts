import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { Network, NetworkProps } from "../../../modules/network/network";
import {
  listOf,
  parse,
  referencedName,
  resourcesOf,
} from "../../support/synth";

const AZS = ["af-south-1a", "af-south-1b"];

function synthNetwork(overrides: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Network(scope, "network", {
      namePrefix: "test",
      region: "af-south-1",
      accountId: "123456789012",
      cidrBlock: "10.0.0.0/16",
      availabilityZones: AZS,
      publicSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
      privateSubnetCidrs: ["10.0.10.0/24", "10.0.11.0/24"],
      isolatedSubnetCidrs: ["10.0.20.0/24", "10.0.21.0/24"],
      logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/test",
      ...overrides,
    });
  });
}

/** Route tables (logical names) of the subnets of a tier. */
function tablesOfTier(json: ReturnType<typeof parse>, tier: string): string[] {
  const subnets = resourcesOf(json, "aws_subnet");
  return listOf(json, "aws_route_table_association")
    .filter((a) => subnets[referencedName(a.subnet_id)!]?.tags?.Tier === tier)
    .map((a) => referencedName(a.route_table_id)!);
}

function routesOfTable(json: ReturnType<typeof parse>, table: string) {
  return listOf(json, "aws_route").filter(
    (r) => referencedName(r.route_table_id) === table,
  );
}

describe("Network", () => {
  it("GIVEN default props WHEN synthesized THEN the VPC has DNS support and hostnames", () => {
    expect(synthNetwork()).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("GIVEN two zones WHEN synthesized THEN every tier has one subnet in each zone", () => {
    const subnets = listOf(parse(synthNetwork()), "aws_subnet");
    for (const tier of ["public", "private", "isolated"]) {
      expect(
        subnets
          .filter((s) => s.tags.Tier === tier)
          .map((s) => s.availability_zone),
      ).toEqual(AZS);
    }
  });

  it("GIVEN any tier WHEN synthesized THEN no subnet assigns public IPs on launch", () => {
    const subnets = listOf(parse(synthNetwork()), "aws_subnet");
    expect(subnets).toHaveLength(6);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(
      true,
    );
    expect(synthNetwork()).not.toHaveResourceWithProperties(Subnet, {
      map_public_ip_on_launch: true,
    });
  });

  it("GIVEN the isolated tier WHEN synthesized THEN its route table has no route at all", () => {
    const json = parse(synthNetwork());
    const tables = tablesOfTier(json, "isolated");
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(routesOfTable(json, table)).toEqual([]);
      expect(resourcesOf(json, "aws_route_table")[table].route).toBeUndefined();
    }
    const gatewayEndpointTables = listOf(json, "aws_vpc_endpoint").flatMap(
      (e) => e.route_table_ids ?? [],
    );
    expect(gatewayEndpointTables.map(referencedName)).not.toContain(tables[0]);
  });

  it("GIVEN the private tier WHEN synthesized THEN its default route goes through a NAT gateway", () => {
    const json = parse(synthNetwork());
    for (const table of tablesOfTier(json, "private")) {
      const routes = routesOfTable(json, table);
      expect(routes).toHaveLength(1);
      expect(routes[0].destination_cidr_block).toBe("0.0.0.0/0");
      expect(routes[0].nat_gateway_id).toMatch(/^\$\{aws_nat_gateway\./);
    }
  });

  it("GIVEN the public tier WHEN synthesized THEN its default route goes to the internet gateway", () => {
    const json = parse(synthNetwork());
    const [table] = tablesOfTier(json, "public");
    expect(routesOfTable(json, table).map((r) => r.gateway_id)).toEqual([
      expect.stringMatching(/^\$\{aws_internet_gateway\./),
    ]);
  });

  it("GIVEN natGatewayPerAz true WHEN synthesized THEN each private table uses the NAT gateway of its zone", () => {
    const json = parse(synthNetwork({ natGatewayPerAz: true }));
    const nats = resourcesOf(json, "aws_nat_gateway");
    expect(Object.keys(nats)).toHaveLength(2);
    const natOfTable = tablesOfTier(json, "private").map((t) =>
      referencedName(routesOfTable(json, t)[0].nat_gateway_id),
    );
    expect(new Set(natOfTable).size).toBe(2);
  });

  it("GIVEN natGatewayPerAz false WHEN synthesized THEN one NAT gateway serves both private tables", () => {
    const json = parse(synthNetwork({ natGatewayPerAz: false }));
    expect(Object.keys(resourcesOf(json, "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, "aws_eip"))).toHaveLength(1);
    const natOfTable = tablesOfTier(json, "private").map((t) =>
      referencedName(routesOfTable(json, t)[0].nat_gateway_id),
    );
    expect(natOfTable).toHaveLength(2);
    expect(new Set(natOfTable).size).toBe(1);
  });

  it("GIVEN NAT gateways WHEN synthesized THEN they sit in public subnets", () => {
    const json = parse(synthNetwork());
    const subnets = resourcesOf(json, "aws_subnet");
    for (const nat of listOf(json, "aws_nat_gateway")) {
      expect(subnets[referencedName(nat.subnet_id)!].tags.Tier).toBe("public");
    }
  });

  it("GIVEN flow logs WHEN synthesized THEN they capture all traffic of this VPC into the encrypted group", () => {
    const json = parse(synthNetwork({ flowLogRetentionDays: 7 }));
    const [flowLog] = listOf(json, "aws_flow_log");
    const [vpcName] = Object.keys(resourcesOf(json, "aws_vpc"));
    const [groupName] = Object.keys(
      resourcesOf(json, "aws_cloudwatch_log_group"),
    );
    expect(referencedName(flowLog.vpc_id)).toBe(vpcName);
    expect(flowLog.traffic_type).toBe("ALL");
    expect(referencedName(flowLog.log_destination)).toBe(groupName);
    expect(
      resourcesOf(json, "aws_cloudwatch_log_group")[groupName],
    ).toMatchObject({
      retention_in_days: 7,
      kms_key_id: "arn:aws:kms:af-south-1:123456789012:key/test",
    });
  });

  it("GIVEN the default security group WHEN synthesized THEN it is stripped of every rule", () => {
    const [group] = listOf(parse(synthNetwork()), "aws_default_security_group");
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
  });

  it("GIVEN the main route table WHEN synthesized THEN it keeps the local route only", () => {
    const [table] = listOf(parse(synthNetwork()), "aws_default_route_table");
    expect(table.route).toEqual([]);
  });

  it("GIVEN any settings WHEN synthesized THEN an S3 gateway endpoint serves the private route tables", () => {
    const json = parse(synthNetwork({ interfaceEndpoints: false }));
    const [s3] = listOf(json, "aws_vpc_endpoint");
    expect(s3).toMatchObject({
      service_name: "com.amazonaws.af-south-1.s3",
      vpc_endpoint_type: "Gateway",
    });
    expect(s3.route_table_ids.map(referencedName).sort()).toEqual(
      tablesOfTier(json, "private").sort(),
    );
  });

  it("GIVEN interface endpoints switched on WHEN synthesized THEN ECR api/dkr, Logs and Secrets Manager get one each", () => {
    const endpoints = listOf(
      parse(synthNetwork({ interfaceEndpoints: true })),
      "aws_vpc_endpoint",
    ).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ["ecr.api", "ecr.dkr", "logs", "secretsmanager"].map(
        (s) => `com.amazonaws.af-south-1.${s}`,
      ),
    );
    expect(endpoints.every((e) => e.private_dns_enabled === true)).toBe(true);
  });

  it("GIVEN interface endpoints switched off WHEN synthesized THEN neither they nor their security group exist", () => {
    const json = parse(synthNetwork({ interfaceEndpoints: false }));
    expect(
      listOf(json, "aws_vpc_endpoint").filter(
        (e) => e.vpc_endpoint_type === "Interface",
      ),
    ).toEqual([]);
    expect(listOf(json, "aws_security_group")).toEqual([]);
  });

  it("GIVEN interface endpoints WHEN synthesized THEN their group admits HTTPS from the VPC CIDR only", () => {
    const json = parse(synthNetwork({ interfaceEndpoints: true }));
    const rules = listOf(json, "aws_vpc_security_group_ingress_rule");
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    expect(rules[0].cidr_ipv4).toMatch(/^\$\{aws_vpc\.[^.]+\.cidr_block\}$/);
    expect(listOf(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  it("GIVEN a CIDR list shorter than the zones WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthNetwork({ privateSubnetCidrs: ["10.0.10.0/24"] }),
    ).toThrow(
      /privateSubnetCidrs = \["10\.0\.10\.0\/24"\]: must hold one CIDR block per availability zone \(2\)/,
    );
  });
});
