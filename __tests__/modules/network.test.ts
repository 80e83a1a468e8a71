import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { Network, NetworkProps } from "../../modules/network";

function synthNetwork(overrides: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Network(scope, "network", {
      namePrefix: "test",
      region: "af-south-1",
      accountId: "123456789012",
      cidrBlock: "10.0.0.0/16",
      availabilityZones: ["af-south-1a", "af-south-1b"],
      publicSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
      privateSubnetCidrs: ["10.0.10.0/24", "10.0.11.0/24"],
      isolatedSubnetCidrs: ["10.0.20.0/24", "10.0.21.0/24"],
      logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/test",
      ...overrides,
    });
  });
}

describe("Network", () => {
  it("GIVEN default props WHEN synthesized THEN creates a VPC with DNS support", () => {
    expect(synthNetwork()).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
    });
  });
});
