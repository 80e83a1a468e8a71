import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  SecurityGroupConnection,
  SecurityGroupConnectionProps,
} from "../../../modules/security/security-group-connection";
import { listOf, parse } from "../../support/synth";

function synthConnection(
  overrides: Partial<SecurityGroupConnectionProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new SecurityGroupConnection(scope, "connection", {
      fromSecurityGroupId: "sg-from",
      toSecurityGroupId: "sg-to",
      port: 8000,
      egressDescription: "To the tasks",
      ingressDescription: "From the load balancer",
      ...overrides,
    });
  });
}

describe("SecurityGroupConnection", () => {
  it("GIVEN two groups WHEN synthesized THEN the source gets an egress rule to the destination group on the port", () => {
    expect(synthConnection()).toHaveResourceWithProperties(
      VpcSecurityGroupEgressRule,
      {
        security_group_id: "sg-from",
        referenced_security_group_id: "sg-to",
        ip_protocol: "tcp",
        from_port: 8000,
        to_port: 8000,
        description: "To the tasks",
      },
    );
  });

  it("GIVEN two groups WHEN synthesized THEN the destination gets an ingress rule from the source group on the port", () => {
    expect(synthConnection()).toHaveResourceWithProperties(
      VpcSecurityGroupIngressRule,
      {
        security_group_id: "sg-to",
        referenced_security_group_id: "sg-from",
        ip_protocol: "tcp",
        from_port: 8000,
        to_port: 8000,
        description: "From the load balancer",
      },
    );
  });

  it("GIVEN a connection WHEN synthesized THEN it opens no CIDR range", () => {
    const json = parse(synthConnection());
    const rules = [
      ...listOf(json, "aws_vpc_security_group_egress_rule"),
      ...listOf(json, "aws_vpc_security_group_ingress_rule"),
    ];
    expect(
      rules.filter(
        (r) => r.cidr_ipv4 !== undefined || r.cidr_ipv6 !== undefined,
      ),
    ).toEqual([]);
  });

  it("GIVEN port 0 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthConnection({ port: 0 })).toThrow(/port = 0/);
  });

  it("GIVEN a description with characters AWS rejects WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthConnection({ ingressDescription: "from <ALB>" })).toThrow(
      /ingressDescription = "from <ALB>"/,
    );
  });
});
