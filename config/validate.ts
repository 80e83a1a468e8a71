/**
 * Validation of the whole configuration, run before any construct exists so
 * that a bad setting stops synthesis with nothing written. Each section
 * hands its settings to the checks the constructs export (what AWS accepts,
 * written once, in the construct) under the settings' paths, and adds the
 * policy rules of this project (production's protections, sizes of the
 * address plan, values that must agree across settings).
 */
import { checkAlertsProps } from "../modules/observability/alerts";
import { checkComplianceProps } from "../modules/observability/compliance";
import {
  checkNetworkProps,
  SUBNET_CIDR_PROPS,
} from "../modules/network/network";
import { parseCidr } from "../modules/network/cidr";
import { checkAccountId, checkProject, checkRegion, checkTags } from "./checks";
import { Problems } from "./errors";
import { ENVIRONMENT_NAMES, EnvironmentConfig, PipelineConfig } from "./types";
import { validateApi } from "./validate-api";
import { validateCache } from "./validate-cache";
import { validateDatabase } from "./validate-database";
import { validateState } from "./validate-state";
import { validateDelivery } from "./validate-delivery";
import { validateEdge } from "./validate-edge";
import { validateSecurityExceptions } from "./security-exceptions";
import { validateWorkloads } from "./validate-workloads";

function validateNetwork(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.network`;
  const n = env.network;
  checkNetworkProps(problems.at(p, { cidrBlock: "vpcCidr" }), {
    cidrBlock: n.vpcCidr,
    availabilityZones: env.availabilityZones,
    publicSubnetCidrs: n.publicSubnetCidrs,
    privateSubnetCidrs: n.privateSubnetCidrs,
    isolatedSubnetCidrs: n.isolatedSubnetCidrs,
    flowLogRetentionDays: n.flowLogRetentionDays,
  });
  // The address plan of the architecture document: a /16 per VPC, /24 subnets.
  problems.check(
    parseCidr(n.vpcCidr)?.prefixLength === 16,
    `${p}.vpcCidr`,
    n.vpcCidr,
    "must be an IPv4 /16 CIDR block",
  );
  for (const tier of SUBNET_CIDR_PROPS) {
    n[tier].forEach((text, i) =>
      problems.check(
        parseCidr(text)?.prefixLength === 24,
        `${p}.${tier}[${i}]`,
        text,
        "must be an IPv4 /24 CIDR block",
      ),
    );
  }
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
  checkProject(problems, `${key}.project`, env.project);
  checkAccountId(problems, `${key}.accountId`, env.accountId);
  checkRegion(problems, `${key}.region`, env.region);
  env.availabilityZones.forEach((az, i) =>
    problems.check(
      new RegExp(`^${env.region}[a-z]$`).test(az),
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
  checkTags(problems, `${key}.tags`, { ...env.tags });
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
  checkAlertsProps(problems.at(`${key}.alerts`), env.alerts);
  checkComplianceProps(
    problems.at(`${key}.compliance`, {
      retentionDays: "auditLogRetentionDays",
    }),
    { retentionDays: env.compliance.auditLogRetentionDays },
  );
  validateNetwork(problems, env);
  validateDatabase(problems, env);
  validateCache(problems, env);
  validateApi(problems, env);
  validateEdge(problems, env);
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
    validateEnvironment(problems, name, env);
    // The state role trusts this account: a mismatch locks the environment out of its state.
    problems.check(
      config.state.environmentAccounts[name] === env.accountId,
      `state.environmentAccounts.${name}`,
      config.state.environmentAccounts[name],
      `must equal ${name}.accountId (${env.accountId})`,
    );
  }
  validateState(problems, config.state);
  validateDelivery(problems, config.delivery);
  problems.throwIfAny();
}
