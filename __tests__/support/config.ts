/** Builders of configuration variants for tests. */
import { PIPELINE_CONFIG, PipelineConfig } from "../../config";

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

/** A deep copy of the checked-in configuration with `change` applied. */
export function configWith(
  change: (config: DeepMutable<PipelineConfig>) => void,
): PipelineConfig {
  const copy = structuredClone(PIPELINE_CONFIG) as DeepMutable<PipelineConfig>;
  change(copy);
  return copy;
}
