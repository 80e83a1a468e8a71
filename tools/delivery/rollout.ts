/**
 * Image rollout: deploy the API stack with TF_VAR_image_tag=<tag>, wait
 * until the ECS service's new deployment is complete, call /health through
 * the load balancer, and report. When the new tasks fail, ECS's deployment
 * circuit breaker (ContainerService) rolls back to the previous task
 * definition; the rollout then reports "rolled-back" and fails.
 */
import { spawn } from "child_process";

/** The part of `aws ecs describe-services` a rollout reads. */
export interface EcsDeployment {
  readonly status: string; // PRIMARY | ACTIVE | INACTIVE
  readonly rolloutState?: string; // IN_PROGRESS | COMPLETED | FAILED
  readonly rolloutStateReason?: string;
  readonly runningCount: number;
  readonly desiredCount: number;
  readonly taskDefinition: string;
}

/** How the wait ended. */
export interface WaitResult {
  readonly outcome: "stable" | "rolled-back" | "timed-out";
  readonly detail: string;
  readonly polls: number;
}

/** Options of {@link waitForStable}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Task definition the rollout registered; a PRIMARY deployment of another one means ECS rolled back. */
  readonly expectedTaskDefinition?: string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls the service until one deployment is left and it is COMPLETED with
 * every task running (what `aws ecs wait services-stable` checks, plus the
 * rollout state), FAILED / rolled back, or the time is up.
 */
export async function waitForStable(
  describe: () => Promise<readonly EcsDeployment[]>,
  options: WaitOptions,
): Promise<WaitResult> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  for (let polls = 1; ; polls++) {
    const deployments = await describe();
    const primary = deployments.find((d) => d.status === "PRIMARY");
    if (primary?.rolloutState === "FAILED")
      return {
        outcome: "rolled-back",
        detail: primary.rolloutStateReason ?? "deployment failed",
        polls,
      };
    if (
      primary &&
      options.expectedTaskDefinition &&
      primary.taskDefinition !== options.expectedTaskDefinition &&
      deployments.length === 1
    )
      return {
        outcome: "rolled-back",
        detail: `the service runs ${primary.taskDefinition}, not ${options.expectedTaskDefinition} (circuit breaker rollback)`,
        polls,
      };
    if (
      primary &&
      deployments.length === 1 &&
      (primary.rolloutState ?? "COMPLETED") === "COMPLETED" &&
      primary.runningCount === primary.desiredCount
    )
      return {
        outcome: "stable",
        detail: `${primary.runningCount}/${primary.desiredCount} tasks of ${primary.taskDefinition}`,
        polls,
      };
    if (now() >= deadline)
      return {
        outcome: "timed-out",
        detail: `still ${deployments.length} deployment(s) after ${Math.round(options.timeoutMs / 1000)} s${primary ? `; primary ${primary.rolloutState ?? "?"} ${primary.runningCount}/${primary.desiredCount}` : ""}`,
        polls,
      };
    await sleep(options.intervalMs);
  }
}

/** Result of the health check. */
export interface HealthResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly status?: number;
  readonly error?: string;
}

/** GETs `url` until it answers 200 (at most `attempts` times, `intervalMs` apart). */
export async function checkHealth(
  url: string,
  attempts: number,
  intervalMs: number,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<HealthResult> {
  let last: HealthResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(10_000),
        redirect: "manual",
      });
      await response.arrayBuffer();
      last = {
        ok: response.status === 200,
        attempts: attempt,
        status: response.status,
      };
      if (last.ok) return last;
    } catch (error) {
      last = {
        ok: false,
        attempts: attempt,
        error: String((error as Error).cause ?? error),
      };
    }
    if (attempt < attempts) await sleep(intervalMs);
  }
  return last;
}

/** Runs a command and returns its output; rejects when it exits non-zero. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new Error(
              `${command} ${args.join(" ")} exited with ${code}: ${stderr.trim().split("\n").slice(-5).join(" ")}`,
            ),
          ),
    );
  });
}

/** `aws ecs describe-services` of one service, with the AWS CLI (the runner's credentials, region, endpoint). */
export function describeWithAwsCli(
  cluster: string,
  service: string,
  region: string,
  env: NodeJS.ProcessEnv,
): () => Promise<EcsDeployment[]> {
  return async () => {
    const out = await run(
      "aws",
      [
        "ecs",
        "describe-services",
        "--cluster",
        cluster,
        "--services",
        service,
        "--region",
        region,
        "--output",
        "json",
      ],
      env,
    );
    const parsed = JSON.parse(out) as {
      services?: { deployments?: EcsDeployment[] }[];
      failures?: unknown[];
    };
    const found = parsed.services?.[0];
    if (!found)
      throw new Error(
        `ECS service ${service} not found in cluster ${cluster}: ${JSON.stringify(parsed.failures ?? [])}`,
      );
    return found.deployments ?? [];
  };
}
