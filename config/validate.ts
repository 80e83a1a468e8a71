/**
 * Validation of the whole configuration, run before any construct exists so
 * that a bad setting stops synthesis with nothing written.
 */
import { cidrContains, cidrsOverlap, CidrRange, parseCidr } from "./cidr";
import {
  checkAccountId,
  checkTags,
  checkIntegerRange,
  checkLogRetention,
  EMAIL_PATTERN,
  REGION_PATTERN,
} from "./checks";
import { Problems } from "./errors";
import { ENVIRONMENT_NAMES, EnvironmentConfig, PipelineConfig } from "./types";
import { validateApi } from "./validate-api";
import { validateDatabase } from "./validate-database";
import { validateState } from "./validate-state";
import { validateSecurityExceptions } from "./security-exceptions";
import { validateWorkloads } from "./workloads";

function validateNetwork(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.network`;
  const n = env.network;
  const vpc = parseCidr(n.vpcCidr);
  problems.check(
    vpc !== undefined && vpc.prefixLength === 16,
    `${p}.vpcCidr`,
    n.vpcCidr,
    "must be an IPv4 /16 CIDR block",
  );
  const tiers = [
    ["publicSubnetCidrs", n.publicSubnetCidrs],
    ["privateSubnetCidrs", n.privateSubnetCidrs],
    ["isolatedSubnetCidrs", n.isolatedSubnetCidrs],
  ] as const;
  const seen: { path: string; text: string; range: CidrRange }[] = [];
  for (const [tier, cidrs] of tiers) {
    problems.check(
      Array.isArray(cidrs) && cidrs.length === env.availabilityZones.length,
      `${p}.${tier}`,
      cidrs,
      `must hold one CIDR block per availability zone (${env.availabilityZones.length})`,
    );
    (cidrs ?? []).forEach((text, i) => {
      const path = `${p}.${tier}[${i}]`;
      const range = parseCidr(text);
      if (!range || range.prefixLength !== 24) {
        problems.check(false, path, text, "must be an IPv4 /24 CIDR block");
        return;
      }
      if (vpc && vpc.prefixLength === 16) {
        problems.check(
          cidrContains(vpc, range),
          path,
          text,
          `must lie inside the VPC CIDR ${n.vpcCidr}`,
        );
      }
      const clash = seen.find((s) => cidrsOverlap(s.range, range));
      problems.check(
        clash === undefined,
        path,
        text,
        `overlaps ${clash?.path} (${clash?.text})`,
      );
      seen.push({ path, text, range });
    });
  }
  problems.check(
    n.natGateways === "single" || n.natGateways === "one-per-az",
    `${p}.natGateways`,
    n.natGateways,
    'must be "single" or "one-per-az"',
  );
  problems.check(
    typeof n.interfaceEndpoints === "boolean",
    `${p}.interfaceEndpoints`,
    n.interfaceEndpoints,
    "must be true or false",
  );
  checkLogRetention(
    problems,
    `${p}.flowLogRetentionDays`,
    n.flowLogRetentionDays,
  );
}

function validateEnvironment(
  problems: Problems,
  key: string,
  env: EnvironmentConfig,
): void {
  problems.check(
    env.name === key,
    `${key}.name`,
    env.name,
    `must equal its key "${key}"`,
  );
  problems.check(
    /^[a-z][a-z0-9-]{1,30}$/.test(env.project),
    `${key}.project`,
    env.project,
    "must be lower-case letters, digits and dashes",
  );
  checkAccountId(problems, `${key}.accountId`, env.accountId);
  problems.check(
    REGION_PATTERN.test(env.region),
    `${key}.region`,
    env.region,
    "must be an AWS region name such as af-south-1",
  );
  problems.check(
    Array.isArray(env.availabilityZones) && env.availabilityZones.length === 2,
    `${key}.availabilityZones`,
    env.availabilityZones,
    "must name exactly two availability zones",
  );
  (env.availabilityZones ?? []).forEach((az, i) =>
    problems.check(
      typeof az === "string" && new RegExp(`^${env.region}[a-z]$`).test(az),
      `${key}.availabilityZones[${i}]`,
      az,
      `must be an availability zone of region ${env.region} (${env.region}a, ${env.region}b, ...)`,
    ),
  );
  problems.check(
    new Set(env.availabilityZones).size === env.availabilityZones.length,
    `${key}.availabilityZones`,
    env.availabilityZones,
    "must be two different zones",
  );
  checkTags(
    problems,
    `${key}.tags`,
    env.tags as unknown as Record<string, unknown>,
  );
  problems.check(
    env.tags.Environment === key,
    `${key}.tags.Environment`,
    env.tags.Environment,
    `must equal the environment name "${key}"`,
  );
  problems.check(
    env.alerts.emailSubscribers.length > 0,
    `${key}.alerts.emailSubscribers`,
    env.alerts.emailSubscribers,
    "must list at least one address",
  );
  env.alerts.emailSubscribers.forEach((address, i) =>
    problems.check(
      EMAIL_PATTERN.test(address),
      `${key}.alerts.emailSubscribers[${i}]`,
      address,
      "must be an e-mail address",
    ),
  );
  checkIntegerRange(
    problems,
    `${key}.compliance.auditLogRetentionDays`,
    env.compliance.auditLogRetentionDays,
    1,
    3650,
  );
  validateNetwork(problems, env);
  validateDatabase(problems, env);
  validateApi(problems, env);
  validateWorkloads(problems, env);
  validateSecurityExceptions(problems, env);
}

/**
 * Validates the whole configuration — every environment, whichever are
 * selected, and the shared state settings — and that each selected name is
 * a known environment. Throws a ConfigurationError naming every bad setting
 * and its value.
 */
export function validateConfig(
  config: PipelineConfig,
  selected: readonly string[],
): void {
  const problems = new Problems();
  for (const name of selected) {
    problems.check(
      (ENVIRONMENT_NAMES as readonly string[]).includes(name),
      "environment",
      name,
      `is not a known environment (${ENVIRONMENT_NAMES.join(", ")})`,
    );
  }
  for (const name of ENVIRONMENT_NAMES) {
    const env = config.environments[name];
    problems.check(
      env !== undefined,
      `environments.${name}`,
      env,
      "is missing",
    );
    if (env === undefined) continue;
    validateEnvironment(problems, name, env);
    // The state role trusts this account: a mismatch locks the environment out of its state.
    problems.check(
      config.state.environmentAccounts?.[name] === env.accountId,
      `state.environmentAccounts.${name}`,
      config.state.environmentAccounts?.[name],
      `must equal ${name}.accountId (${env.accountId})`,
    );
  }
  validateState(problems, config.state);
  problems.throwIfAny();
}
