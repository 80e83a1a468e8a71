/**
 * From the settings as written (config/environments.ts) to the resolved
 * configuration every stack reads: each environment's name and tags come
 * from its key, its subnet blocks from its VPC CIDR unless it sets them.
 */
import { cidrSubnet } from "../modules/network/cidr";
import { ConfigurationError } from "./errors";
import {
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentName,
  EnvironmentSettings,
  EnvironmentTags,
  SubnetCidrSetting,
  TierCidrs,
} from "./types";

/**
 * The address plan: a tier's subnet in the AZ of index `i` is the
 * `SUBNET_PLAN[tier] + i`-th block of {@link SUBNET_NEW_BITS} more bits of
 * the VPC CIDR, as Terraform's `cidrsubnet(vpc, 8, netnum)` computes it. For
 * 10.0.0.0/16: public 10.0.0.0/24 and 10.0.1.0/24, private 10.0.10.0/24 and
 * 10.0.11.0/24, isolated 10.0.20.0/24 and 10.0.21.0/24 (room for eight more
 * zones per tier).
 */
export const SUBNET_PLAN: Readonly<Record<SubnetCidrSetting, number>> = {
  publicSubnetCidrs: 0,
  privateSubnetCidrs: 10,
  isolatedSubnetCidrs: 20,
};
/** Bits added to the VPC's prefix for a subnet: a /16 VPC has /24 subnets. */
export const SUBNET_NEW_BITS = 8;

/** The derived blocks of one tier, one per AZ; undefined when `vpcCidr` has no room for them. */
export function derivedSubnetCidrs(
  vpcCidr: string,
  tier: SubnetCidrSetting,
): TierCidrs | undefined {
  const [a, b] = [0, 1].map((az) =>
    cidrSubnet(vpcCidr, SUBNET_NEW_BITS, SUBNET_PLAN[tier] + az),
  );
  return a === undefined || b === undefined ? undefined : [a, b];
}

/** The tags every environment's resources share: all but `Environment`. */
export type SharedTags = Omit<EnvironmentTags, "Environment">;

function resolveEnvironment(
  name: EnvironmentName,
  settings: EnvironmentSettings,
  tags: SharedTags,
  problems: string[],
): EnvironmentConfig {
  const { vpcCidr, ...network } = settings.network;
  const tier = (key: SubnetCidrSetting): TierCidrs => {
    const cidrs = network[key] ?? derivedSubnetCidrs(vpcCidr, key);
    if (cidrs !== undefined) return cidrs;
    problems.push(
      `${name}.network.vpcCidr = ${JSON.stringify(vpcCidr)}: must be an IPv4 CIDR block with room for the derived ${key} (or set ${name}.network.${key})`,
    );
    return ["", ""];
  };
  return {
    name,
    ...settings,
    // Key order is the default_tags order of every stack.
    tags: {
      Project: tags.Project,
      Environment: name,
      Owner: tags.Owner,
      CostCentre: tags.CostCentre,
      ManagedBy: tags.ManagedBy,
    },
    network: {
      vpcCidr,
      publicSubnetCidrs: tier("publicSubnetCidrs"),
      privateSubnetCidrs: tier("privateSubnetCidrs"),
      isolatedSubnetCidrs: tier("isolatedSubnetCidrs"),
      natGateways: network.natGateways,
      interfaceEndpoints: network.interfaceEndpoints,
      flowLogRetentionDays: network.flowLogRetentionDays,
    },
  };
}

/**
 * Resolves every environment. Throws a ConfigurationError naming each VPC
 * CIDR from which a subnet tier cannot be derived; the rest is checked by
 * config/validate.ts.
 */
export function resolveEnvironments(
  settings: Readonly<Record<EnvironmentName, EnvironmentSettings>>,
  tags: SharedTags,
): Record<EnvironmentName, EnvironmentConfig> {
  const problems: string[] = [];
  const resolved = Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => [
      name,
      resolveEnvironment(name, settings[name], tags, problems),
    ]),
  ) as Record<EnvironmentName, EnvironmentConfig>;
  if (problems.length > 0) throw new ConfigurationError(problems);
  return resolved;
}
