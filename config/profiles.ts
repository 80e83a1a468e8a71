/**
 * Configuration profiles: named transformations of the whole configuration,
 * chosen with `PIPELINE_PROFILE=<name>` for synth and deploy (main.ts applies
 * the selected one before validation, so a profile's result is checked like
 * any hand-written configuration).
 *
 * `default` is the checked-in configuration unchanged. `cost-saving` moves
 * each environment as close to the architecture document's budget as the
 * architecture allows. It never touches a security control: encryption keys,
 * the isolated database subnets, security groups, flow logs, least-privilege
 * roles, CloudTrail and AWS Config stay exactly as they are. What each change
 * costs in resilience is in docs/cost.md. `scale-out` adds capacity for
 * reads (proxy everywhere; read replicas, cache and CDN; see SCALE_OUT).
 */
import { ConfigurationError } from "./errors";
import {
  ApiSettings,
  EnvironmentConfig,
  EnvironmentName,
  PipelineConfig,
} from "./types";

/** Environment variable that selects the profile. */
export const PROFILE_VARIABLE = "PIPELINE_PROFILE";

/** A profile: the configuration in, the configuration to synthesize out. */
export type Profile = (config: PipelineConfig) => PipelineConfig;

/** Every task on Fargate Spot (interruptions are acceptable in that environment). */
const ALL_SPOT: ApiSettings["capacityProviderStrategy"] = [
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
];

/** One on-demand task always, every further task on Spot. */
const ONE_ON_DEMAND_REST_SPOT: ApiSettings["capacityProviderStrategy"] = [
  { capacityProvider: "FARGATE", base: 1, weight: 0 },
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
];

type Changes = (environment: EnvironmentConfig) => EnvironmentConfig;

/** The cost-saving changes of each environment (docs/cost.md, "The cost-saving profile"). */
const COST_SAVING: Readonly<Record<EnvironmentName, Changes>> = {
  // Already one NAT gateway, no interface endpoints, no CloudTrail/Config.
  development: (env) => ({
    ...env,
    database: { ...env.database, monitoringIntervalSeconds: 0 },
    api: { ...env.api, capacityProviderStrategy: ALL_SPOT },
  }),
  // Development's size and availability; production's hardening and audit.
  staging: (env) => ({
    ...env,
    network: { ...env.network, interfaceEndpoints: false },
    database: {
      ...env.database,
      multiAz: false,
      monitoringIntervalSeconds: 60,
    },
    api: {
      ...env.api,
      desiredCount: 1,
      capacityProviderStrategy: ALL_SPOT,
    },
  }),
  // Multi-AZ database, DR copies, audit trail and Config stay (required).
  production: (env) => ({
    ...env,
    network: {
      ...env.network,
      natGateways: "single",
      interfaceEndpoints: false,
    },
    database: { ...env.database, monitoringIntervalSeconds: 60 },
    api: { ...env.api, capacityProviderStrategy: ONE_ON_DEMAND_REST_SPOT },
  }),
};

/**
 * The scale-out changes (docs/database.md "Read replicas"): the RDS Proxy
 * in every environment; one read replica, the cache (docs/cache.md) and
 * the CDN (docs/api.md "CDN") in staging and production, which have a
 * domain for it.
 */
const SCALE_OUT: Readonly<Record<EnvironmentName, Changes>> = {
  development: (env) => ({
    ...env,
    database: {
      ...env.database,
      proxy: { ...env.database.proxy, enabled: true },
    },
  }),
  staging: (env) => scaleOutWithReplica(env),
  production: (env) => scaleOutWithReplica(env),
};

/** Proxy on, one read replica, the cache (its checked-in node type and replicas) and the CDN. */
function scaleOutWithReplica(env: EnvironmentConfig): EnvironmentConfig {
  return {
    ...env,
    edge: { ...env.edge, cdn: { ...env.edge.cdn, enabled: true } },
    database: {
      ...env.database,
      proxy: { ...env.database.proxy, enabled: true },
      readReplicas: Math.max(env.database.readReplicas, 1),
    },
    cache: env.cache && { ...env.cache, enabled: true },
  };
}

/** The known profiles by name. */
export const PROFILES: Readonly<Record<string, Profile>> = {
  default: (config) => config,
  "cost-saving": (config) => ({
    ...config,
    environments: {
      development: COST_SAVING.development(config.environments.development),
      staging: COST_SAVING.staging(config.environments.staging),
      production: COST_SAVING.production(config.environments.production),
    },
  }),
  "scale-out": (config) => ({
    ...config,
    environments: {
      development: SCALE_OUT.development(config.environments.development),
      staging: SCALE_OUT.staging(config.environments.staging),
      production: SCALE_OUT.production(config.environments.production),
    },
  }),
};

/** The profile `PIPELINE_PROFILE` names (unset or empty: `default`); a ConfigurationError for an unknown name. */
export function selectedProfileName(
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = (env[PROFILE_VARIABLE] ?? "").trim() || "default";
  if (!Object.prototype.hasOwnProperty.call(PROFILES, name)) {
    throw new ConfigurationError([
      `${PROFILE_VARIABLE} = ${JSON.stringify(name)}: unknown profile (known: ${Object.keys(PROFILES).join(", ")})`,
    ]);
  }
  return name;
}

/** `config` with the named profile applied (default: the one `PIPELINE_PROFILE` selects). */
export function applyProfile(
  config: PipelineConfig,
  name: string = selectedProfileName(),
): PipelineConfig {
  if (!Object.prototype.hasOwnProperty.call(PROFILES, name)) {
    throw new ConfigurationError([
      `profile ${JSON.stringify(name)}: unknown (known: ${Object.keys(PROFILES).join(", ")})`,
    ]);
  }
  return PROFILES[name](config);
}
