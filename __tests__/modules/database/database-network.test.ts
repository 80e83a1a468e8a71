import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, Testing } from "cdktf";
import {
  DatabaseNetwork,
  DatabaseNetworkProps,
} from "../../../modules/database/database-network";
import {
  listOf,
  parse,
  referencedName,
  resourcesOf,
} from "../../support/synth";

const BASE: DatabaseNetworkProps = {
  name: "test-postgres",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-aaaa", "subnet-bbbb"],
};

function synthNetwork(overrides: Partial<DatabaseNetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new DatabaseNetwork(scope, "network", { ...BASE, ...overrides });
  });
}

describe("DatabaseNetwork", () => {
  it("GIVEN subnets WHEN synthesized THEN the DB subnet group spans exactly them and is named after the database", () => {
    expect(synthNetwork()).toHaveResourceWithProperties(DbSubnetGroup, {
      name: "test-postgres",
      subnet_ids: ["subnet-aaaa", "subnet-bbbb"],
      tags: { Name: "test-postgres" },
    });
  });

  it("GIVEN a VPC WHEN synthesized THEN the security group is in it and named after the database", () => {
    expect(synthNetwork()).toHaveResourceWithProperties(SecurityGroup, {
      name: "test-postgres",
      vpc_id: "vpc-0123456789abcdef0",
      tags: { Name: "test-postgres" },
    });
  });

  it("GIVEN no ingress CIDR WHEN synthesized THEN the security group has no outbound rule and no inbound rule of its own", () => {
    const json = parse(synthNetwork());
    const [group] = listOf(json, "aws_security_group");
    expect(group.egress).toEqual([]);
    expect(group.ingress).toBeUndefined();
    expect(listOf(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(listOf(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  it("GIVEN an ingress CIDR WHEN synthesized THEN the database port is admitted from that CIDR only, on the security group", () => {
    const synthesized = synthNetwork({ ingressCidr: "10.0.0.0/16" });
    expect(synthesized).toHaveResourceWithProperties(
      VpcSecurityGroupIngressRule,
      {
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        cidr_ipv4: "10.0.0.0/16",
        tags: { Name: "test-postgres-from-cidr" },
      },
    );
    const json = parse(synthesized);
    const [rule] = listOf(json, "aws_vpc_security_group_ingress_rule");
    expect(referencedName(rule.security_group_id)).toBe(
      Object.keys(resourcesOf(json, "aws_security_group"))[0],
    );
  });

  it("GIVEN another port and an ingress CIDR WHEN synthesized THEN the CIDR rule opens that port", () => {
    const [rule] = listOf(
      parse(synthNetwork({ port: 6432, ingressCidr: "10.0.0.0/16" })),
      "aws_vpc_security_group_ingress_rule",
    );
    expect([rule.from_port, rule.to_port]).toEqual([6432, 6432]);
  });

  it("GIVEN the construct WHEN its fields are output THEN they are the security group's id and the subnet group's name", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        const network = new DatabaseNetwork(scope, "network", BASE);
        new TerraformOutput(scope, "sg", { value: network.securityGroupId });
        new TerraformOutput(scope, "subnets", {
          value: network.subnetGroupName,
        });
      }),
    );
    expect([
      referencedName(json.output.sg.value),
      referencedName(json.output.subnets.value),
    ]).toEqual([
      Object.keys(resourcesOf(json, "aws_security_group"))[0],
      Object.keys(resourcesOf(json, "aws_db_subnet_group"))[0],
    ]);
  });

  it("GIVEN a single subnet WHEN constructed THEN it throws: a DB subnet group needs two zones", () => {
    expect(() => synthNetwork({ subnetIds: ["subnet-aaaa"] })).toThrow(
      /subnetIds = \["subnet-aaaa"\]: must name subnets in at least two availability zones/,
    );
  });

  it("GIVEN a port below RDS's range WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthNetwork({ port: 80 })).toThrow(
      /port = 80: must be a whole number from 1150 to 65535/,
    );
  });
});
