import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { AliasRecords } from "../../../modules/edge/alias-records";
import { listOf, parse } from "../../support/synth";

function synthAliases(name = "api.production.example.com") {
  return Testing.synthScope((scope) => {
    new AliasRecords(scope, "alias", {
      zoneId: "Z0123456789ABCDEFGHIJ",
      name,
      targetDnsName: "alb-1.af-south-1.elb.amazonaws.com",
      targetZoneId: "Z268VQBMOI5EKX",
    });
  });
}

describe("AliasRecords", () => {
  it("GIVEN a load balancer WHEN synthesized THEN the name gets an A and an AAAA alias to it that follow its health", () => {
    const records = listOf(parse(synthAliases()), "aws_route53_record").map(
      (r) => [r.type, r.zone_id, r.name, r.alias],
    );
    const alias = {
      name: "alb-1.af-south-1.elb.amazonaws.com",
      zone_id: "Z268VQBMOI5EKX",
      evaluate_target_health: true,
    };
    expect(records).toEqual([
      ["A", "Z0123456789ABCDEFGHIJ", "api.production.example.com", alias],
      ["AAAA", "Z0123456789ABCDEFGHIJ", "api.production.example.com", alias],
    ]);
  });

  it("GIVEN alias records WHEN synthesized THEN they carry no TTL or values of their own", () => {
    for (const record of listOf(parse(synthAliases()), "aws_route53_record"))
      expect([record.ttl, record.records]).toEqual([undefined, undefined]);
  });

  it("GIVEN a name with a space WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAliases("api .example.com")).toThrow(
      /name = "api \.example\.com": must be a lower-case DNS name/,
    );
  });
});
