/**
 * The environment configuration: which environments to synthesize, and their
 * validated settings.
 */
import { PIPELINE_CONFIG } from "./environments";
import { ConfigurationError } from "./errors";
import {
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  PipelineConfig,
  StateSettings,
} from "./types";
import { DeliverySettings } from "./types-delivery";
import { validateConfig } from "./validate";

export * from "./types";
export { ConfigurationError } from "./errors";
export { PIPELINE_CONFIG } from "./environments";
export { DB_INSTANCE_CLASSES } from "./database-instance-classes";
export * from "./types-delivery";
export * from "./types-workloads";
export * from "./delivery";
export * from "./workloads";
export * from "./validate-delivery";
export * from "./validate-workloads";

/** Environment variable that narrows synthesis to some environments (comma-separated). */
export const ENVIRONMENT_SELECTOR_VARIABLE = "PIPELINE_ENVIRONMENT";
/** cdktf context key with the same meaning (cdktf.json "context" or CDKTF_CONTEXT_JSON). */
export const ENVIRONMENT_CONTEXT_KEY = "environment";

/** What main.ts synthesizes: the selected environments and the shared state settings. */
export interface LoadedConfig {
  readonly environments: readonly EnvironmentConfig[];
  readonly state: StateSettings;
  readonly delivery: DeliverySettings;
}

/**
 * Reads the environment selection: the `PIPELINE_ENVIRONMENT` variable, else
 * the cdktf context key `environment`, else every environment.
 */
export function selectedEnvironmentNames(
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  let raw = env[ENVIRONMENT_SELECTOR_VARIABLE];
  if (raw === undefined && env.CDKTF_CONTEXT_JSON) {
    let context: Record<string, unknown>;
    try {
      context = JSON.parse(env.CDKTF_CONTEXT_JSON) as Record<string, unknown>;
    } catch {
      throw new ConfigurationError([
        `CDKTF_CONTEXT_JSON = ${JSON.stringify(env.CDKTF_CONTEXT_JSON)}: is not JSON`,
      ]);
    }
    const value = context[ENVIRONMENT_CONTEXT_KEY];
    if (value !== undefined) raw = String(value);
  }
  if (raw === undefined || raw.trim() === "" || raw.trim() === "all")
    return [...ENVIRONMENT_NAMES];
  return raw.split(",").map((name) => name.trim());
}

/**
 * Validates `config` for the selected environments and returns them, in the
 * order of ENVIRONMENT_NAMES. Throws a ConfigurationError naming every bad
 * setting; nothing has been created or written when it does.
 */
export function loadConfig(
  config: PipelineConfig = PIPELINE_CONFIG,
  selection: readonly string[] = selectedEnvironmentNames(),
): LoadedConfig {
  validateConfig(config, selection);
  const environments = ENVIRONMENT_NAMES.filter((name) =>
    selection.includes(name),
  ).map((name) => config.environments[name]);
  return { environments, state: config.state, delivery: config.delivery };
}
