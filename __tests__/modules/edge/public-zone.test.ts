import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { PublicZone, PublicZoneProps } from "../../../modules/edge/public-zone";
import { listOf, parse } from "../../support/synth";

function synthZone(props: Partial<PublicZoneProps> = {}) {
  let zone: PublicZone | undefined;
  const json = Testing.synthScope((scope) => {
    zone = new PublicZone(scope, "zone", {
      zoneName: "production.example.com",
      ...props,
    });
  });
  return { json, zone: zone! };
}

describe("PublicZone", () => {
  it("GIVEN no zone id WHEN synthesized THEN a public zone of that name is created and kept from a forced destroy", () => {
    expect(synthZone().json).toHaveResourceWithProperties(Route53Zone, {
      name: "production.example.com",
      force_destroy: false,
    });
  });

  it("GIVEN no zone id WHEN synthesized THEN the zone is public (no VPC association)", () => {
    const [zone] = listOf(parse(synthZone().json), "aws_route53_zone");
    expect(zone.vpc).toBeUndefined();
  });

  it("GIVEN an existing zone id WHEN synthesized THEN no zone is created, records go to that id and there are no name servers to delegate", () => {
    const { json, zone } = synthZone({ hostedZoneId: "Z0123456789ABCDEFGHIJ" });
    expect(listOf(parse(json), "aws_route53_zone")).toEqual([]);
    expect([zone.zoneId, zone.nameServers]).toEqual([
      "Z0123456789ABCDEFGHIJ",
      undefined,
    ]);
  });

  it("GIVEN an existing zone id WHEN synthesized THEN nothing is looked up at plan time", () => {
    const json = parse(
      synthZone({ hostedZoneId: "Z0123456789ABCDEFGHIJ" }).json,
    );
    expect(json.data).toBeUndefined();
  });

  it.each([
    [
      "zoneName",
      { zoneName: "Production.Example.com" },
      /zoneName = "Production\.Example\.com": must be a lower-case DNS name/,
    ],
    [
      "zoneName",
      { zoneName: "example.com." },
      /zoneName = "example\.com\.": must be a lower-case DNS name/,
    ],
    [
      "hostedZoneId",
      { hostedZoneId: "zone-1" },
      /hostedZoneId = "zone-1": must be a Route 53 hosted zone id/,
    ],
  ])(
    "GIVEN a malformed %s WHEN constructed THEN it throws naming the prop",
    (_prop, props, message) => {
      expect(() => synthZone(props)).toThrow(message);
    },
  );
});
