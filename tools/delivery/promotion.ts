/**
 * Promotion gate: a commit may be deployed to an environment only once it
 * runs in the environment it is promoted from (config/delivery.ts), as
 * recorded by GitHub's deployments of that environment.
 */

/** One GitHub deployment with its statuses, newest status first (the REST API's order). */
export interface GithubDeployment {
  readonly sha: string;
  readonly environment: string;
  readonly statuses: readonly { readonly state: string }[];
}

/**
 * Whether `sha` has a deployment to `githubEnvironment` whose latest status
 * is `success` (a later `inactive` means another commit replaced it there:
 * it ran there, which is what promotion asks).
 */
export function wasDeployed(
  deployments: readonly GithubDeployment[],
  githubEnvironment: string,
  sha: string,
): boolean {
  return deployments.some(
    (d) =>
      d.sha === sha &&
      d.environment.toLowerCase() === githubEnvironment.toLowerCase() &&
      d.statuses.some((s) => s.state === "success"),
  );
}
