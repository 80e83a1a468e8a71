/**
 * Types of the delivery settings (docs/delivery.md): which GitHub repository
 * and which GitHub environments may assume each environment's CI roles, how
 * commits are promoted, and when drift is checked. Their values are in
 * config/delivery.ts, their validation in config/validate-delivery.ts.
 */
import type { EnvironmentName } from "./environment-names";

/** Delivery settings of one environment. */
export interface EnvironmentDeliverySettings {
  /**
   * The GitHub environment whose jobs may assume the environment's deploy
   * role: the OIDC subject `repo:<owner>/<repo>:environment:<name>`. Give it
   * required reviewers in GitHub for every environment that is promoted.
   */
  readonly githubEnvironment: string;
  /**
   * A commit is deployed here only once it runs in this environment
   * (manual promotion). Empty: deployed automatically from the default
   * branch (exactly one environment).
   */
  readonly promotedFrom: EnvironmentName | "";
  /** When drift is checked, a GitHub Actions `schedule` cron (UTC, five fields). */
  readonly driftCron: string;
}

/** Delivery (GitHub Actions with OIDC) settings, shared by all environments. */
export interface DeliverySettings {
  /** `<owner>/<repository>` on GitHub, as in the OIDC subject. */
  readonly repository: string;
  /** Branch that deploys automatically and whose scheduled runs check drift. */
  readonly defaultBranch: string;
  /** Longest session of a CI role, seconds (IAM: 3600-43200). */
  readonly maxSessionSeconds: number;
  readonly environments: Readonly<
    Record<EnvironmentName, EnvironmentDeliverySettings>
  >;
}
