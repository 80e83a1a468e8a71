/** Builders of configuration variants for tests. */
import {
  EnvironmentConfig,
  EnvironmentName,
  PIPELINE_CONFIG,
  PipelineConfig,
} from "../../config";
import { Problems } from "../../config/errors";

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

/** One environment's settings inside {@link configWith}'s `change`: writable. */
export type MutableEnvironment = DeepMutable<EnvironmentConfig>;

/** A deep copy of the checked-in configuration with `change` applied. */
export function configWith(
  change: (config: DeepMutable<PipelineConfig>) => void,
): PipelineConfig {
  const copy = structuredClone(PIPELINE_CONFIG) as DeepMutable<PipelineConfig>;
  change(copy);
  return copy;
}

/**
 * What one validation function reports for one environment of `config`:
 * the ConfigurationError's message ("Invalid configuration:" and a line per
 * problem), or "" when nothing is wrong.
 */
export function problemsOf(
  validate: (problems: Problems, env: EnvironmentConfig) => void,
  config: PipelineConfig,
  environment: EnvironmentName,
): string {
  const problems = new Problems();
  validate(problems, config.environments[environment]);
  try {
    problems.throwIfAny();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}
