/** LoadBalancer with `ingressPrefixListId` (CloudFront's origin-facing addresses, edge.cdn). */
import { Testing } from "cdktf";
import {
  LoadBalancer,
  LoadBalancerProps,
} from "../../../modules/load-balancing/load-balancer";
import { listOf, parse } from "../../support/synth";

const CERTIFICATE =
  "arn:aws:acm:af-south-1:123456789012:certificate/0d3c5d1e-1111-2222-3333-444455556666";
const PREFIX_LIST = "pl-0123456789abcdef0";

function synth(overrides: Partial<LoadBalancerProps>) {
  return parse(
    Testing.synthScope((scope) => {
      new LoadBalancer(scope, "alb", {
        name: "team",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        targetPort: 8000,
        ...overrides,
      });
    }),
  );
}

describe("LoadBalancer with a prefix list", () => {
  it("GIVEN HTTPS and a prefix list WHEN synthesized THEN only the list is admitted, on 443 only", () => {
    const rules = listOf(
      synth({ certificateArn: CERTIFICATE, ingressPrefixListId: PREFIX_LIST }),
      "aws_vpc_security_group_ingress_rule",
    );
    expect(
      rules.map((r) => [r.from_port, r.to_port, r.prefix_list_id, r.cidr_ipv4]),
    ).toEqual([[443, 443, PREFIX_LIST, undefined]]);
  });

  it("GIVEN a prefix list without a certificate WHEN constructed THEN it fails naming ingressPrefixListId", () => {
    expect(() => synth({ ingressPrefixListId: PREFIX_LIST })).toThrow(
      `LoadBalancer alb: ingressPrefixListId = "${PREFIX_LIST}": admits HTTPS only: set certificateArn too`,
    );
  });

  it("GIVEN a security group id as the prefix list WHEN constructed THEN it fails naming ingressPrefixListId", () => {
    expect(() =>
      synth({
        certificateArn: CERTIFICATE,
        ingressPrefixListId: "sg-0123abcd",
      }),
    ).toThrow(/ingressPrefixListId = "sg-0123abcd": must be a prefix list id/);
  });
});
