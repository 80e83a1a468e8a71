/**
 * The names of the environments: a leaf of the configuration (it imports
 * nothing), so that every other part of it can read them.
 */

/** The environments this project knows. */
export const ENVIRONMENT_NAMES = [
  "development",
  "staging",
  "production",
] as const;

/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
