import {
  ConfigurationError,
  EnvironmentName,
  EnvironmentSettings,
  PIPELINE_CONFIG,
} from "../../config";
import {
  derivedSubnetCidrs,
  resolveEnvironments,
  SharedTags,
} from "../../config/resolve";

const TAGS: SharedTags = {
  Project: "p",
  Owner: "o",
  CostCentre: "c",
  ManagedBy: "m",
};

/** The checked-in environments as written: without subnet blocks. */
function writtenSettings(): Record<EnvironmentName, EnvironmentSettings> {
  const written = (name: EnvironmentName): EnvironmentSettings => {
    const resolved = structuredClone(PIPELINE_CONFIG.environments[name]);
    const network = resolved.network;
    // name and tags are left in: resolution sets them from the key.
    return {
      ...resolved,
      network: {
        vpcCidr: network.vpcCidr,
        natGateways: network.natGateways,
        interfaceEndpoints: network.interfaceEndpoints,
        flowLogRetentionDays: network.flowLogRetentionDays,
      },
    };
  };
  return {
    development: written("development"),
    staging: written("staging"),
    production: written("production"),
  };
}

describe("derivedSubnetCidrs", () => {
  it("GIVEN 10.0.0.0/16 WHEN each tier is derived THEN it is the architecture's /24 plan, one block per AZ", () => {
    expect(
      (
        [
          "publicSubnetCidrs",
          "privateSubnetCidrs",
          "isolatedSubnetCidrs",
        ] as const
      ).map((tier) => derivedSubnetCidrs("10.0.0.0/16", tier)),
    ).toEqual([
      ["10.0.0.0/24", "10.0.1.0/24"],
      ["10.0.10.0/24", "10.0.11.0/24"],
      ["10.0.20.0/24", "10.0.21.0/24"],
    ]);
  });

  it("GIVEN another VPC block WHEN derived THEN the subnets move with it", () => {
    expect(derivedSubnetCidrs("172.20.0.0/16", "privateSubnetCidrs")).toEqual([
      "172.20.10.0/24",
      "172.20.11.0/24",
    ]);
  });
});

describe("resolveEnvironments", () => {
  it("GIVEN settings without subnet blocks WHEN resolved THEN every tier is derived from the VPC CIDR", () => {
    const settings = writtenSettings();
    settings.staging = {
      ...settings.staging,
      network: { ...settings.staging.network, vpcCidr: "10.7.0.0/16" },
    };
    const network = resolveEnvironments(settings, TAGS).staging.network;
    expect([
      network.publicSubnetCidrs,
      network.privateSubnetCidrs,
      network.isolatedSubnetCidrs,
    ]).toEqual([
      ["10.7.0.0/24", "10.7.1.0/24"],
      ["10.7.10.0/24", "10.7.11.0/24"],
      ["10.7.20.0/24", "10.7.21.0/24"],
    ]);
  });

  it("GIVEN one tier set by hand WHEN resolved THEN it is kept and only the others are derived", () => {
    const settings = writtenSettings();
    settings.production = {
      ...settings.production,
      network: {
        ...settings.production.network,
        isolatedSubnetCidrs: ["10.0.200.0/24", "10.0.201.0/24"],
      },
    };
    const network = resolveEnvironments(settings, TAGS).production.network;
    expect([network.isolatedSubnetCidrs, network.publicSubnetCidrs]).toEqual([
      ["10.0.200.0/24", "10.0.201.0/24"],
      ["10.0.0.0/24", "10.0.1.0/24"],
    ]);
  });

  it("GIVEN an environment's key WHEN resolved THEN it is its name and its Environment tag, beside the shared tags", () => {
    const resolved = resolveEnvironments(writtenSettings(), TAGS).staging;
    expect([resolved.name, resolved.tags]).toEqual([
      "staging",
      {
        Project: "p",
        Environment: "staging",
        Owner: "o",
        CostCentre: "c",
        ManagedBy: "m",
      },
    ]);
  });

  it("GIVEN a VPC CIDR no subnet can be derived from WHEN resolved THEN a ConfigurationError names it", () => {
    const settings = writtenSettings();
    settings.development = {
      ...settings.development,
      network: { ...settings.development.network, vpcCidr: "10.0.0/16" },
    };
    expect(() => resolveEnvironments(settings, TAGS)).toThrow(
      ConfigurationError,
    );
    expect(() => resolveEnvironments(settings, TAGS)).toThrow(
      /development\.network\.vpcCidr = "10\.0\.0\/16": must be an IPv4 CIDR block with room for the derived publicSubnetCidrs/,
    );
  });
});
