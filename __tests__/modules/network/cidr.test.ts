import {
  cidrContains,
  cidrsOverlap,
  cidrSubnet,
  parseCidr,
} from "../../../modules/network/cidr";

describe("parseCidr", () => {
  it("GIVEN a /16 WHEN parsed THEN covers 65536 addresses", () => {
    const range = parseCidr("10.0.0.0/16")!;
    expect(range.last - range.first + 1).toBe(65536);
  });

  it("GIVEN host bits set WHEN parsed THEN is rejected", () => {
    expect(parseCidr("10.0.0.1/24")).toBeUndefined();
  });

  it("GIVEN an octet above 255 WHEN parsed THEN is rejected", () => {
    expect(parseCidr("10.0.256.0/24")).toBeUndefined();
  });

  it("GIVEN a /24 inside a /16 WHEN compared THEN it is contained and overlaps", () => {
    const vpc = parseCidr("10.0.0.0/16")!;
    const subnet = parseCidr("10.0.20.0/24")!;
    expect([cidrContains(vpc, subnet), cidrsOverlap(vpc, subnet)]).toEqual([
      true,
      true,
    ]);
  });

  it("GIVEN adjacent /24 blocks WHEN compared THEN they do not overlap", () => {
    expect(
      cidrsOverlap(parseCidr("10.0.0.0/24")!, parseCidr("10.0.1.0/24")!),
    ).toBe(false);
  });
});

describe("cidrSubnet", () => {
  it("GIVEN a /16, 8 new bits and netnum 21 WHEN computed THEN it is Terraform's cidrsubnet result", () => {
    expect(cidrSubnet("10.0.0.0/16", 8, 21)).toBe("10.0.21.0/24");
  });

  it("GIVEN a netnum past the last block WHEN computed THEN there is none", () => {
    expect(cidrSubnet("10.0.0.0/16", 8, 256)).toBeUndefined();
  });

  it("GIVEN a block that is not a CIDR WHEN computed THEN there is none", () => {
    expect(cidrSubnet("10.0.0/16", 8, 0)).toBeUndefined();
  });

  it("GIVEN a high address WHEN computed THEN every octet is carried", () => {
    expect(cidrSubnet("192.168.0.0/16", 4, 15)).toBe("192.168.240.0/20");
  });
});
