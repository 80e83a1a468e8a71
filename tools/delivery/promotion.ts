/**
 * Promotion gate: a commit may be deployed to an environment only once it
 * runs in the environment it is promoted from (config/delivery.ts), as
 * recorded by GitHub's deployments of that environment.
 */
import { UsageError } from "../stack-workdir";

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

/** GitHub's deployments of `sha` to `githubEnvironment`, each with its statuses (REST API). */
export async function githubDeployments(
  githubEnvironment: string,
  sha: string,
  env: NodeJS.ProcessEnv,
): Promise<GithubDeployment[]> {
  const api = env.GITHUB_API_URL ?? "https://api.github.com";
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !env.GITHUB_TOKEN)
    throw new UsageError("promotable needs GITHUB_REPOSITORY and GITHUB_TOKEN");
  const get = async (url: string) => {
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${env.GITHUB_TOKEN}`,
        Accept: "application/vnd.github+json",
      },
    });
    if (!response.ok)
      throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
    return response.json() as Promise<Record<string, unknown>[]>;
  };
  const query = `environment=${encodeURIComponent(githubEnvironment)}&sha=${encodeURIComponent(sha)}&per_page=100`;
  const deployments = await get(`${api}/repos/${repo}/deployments?${query}`);
  return Promise.all(
    deployments.map(async (d) => ({
      sha: String(d.sha),
      environment: String(d.environment),
      statuses: (await get(String(d.statuses_url))).map((s) => ({
        state: String(s.state),
      })),
    })),
  );
}
