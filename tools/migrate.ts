/**
 * `npm run migrate -- <environment>`: runs the database migration of an
 * environment once and says how it ended.
 *
 *   1. reads the outputs of `financial-pipeline-<environment>-jobs` from its
 *      state (the project's state tooling: `npm run state -- output`);
 *   2. starts the migration task with `aws ecs run-task` in the private
 *      subnets, with the jobs' security group, in ECS task group `migration`;
 *   3. polls `aws ecs describe-tasks` until the task has stopped;
 *   4. prints the container's exit code and the last lines of its log stream
 *      (`aws logs get-log-events`), and exits 0 only when the exit code is 0.
 *
 * Options: --outdir <dir> (synthesized stacks; default $CDKTF_OUTDIR or
 * cdktf.out), --backend-config <key=value> (repeatable), --no-init,
 * --log-lines <n> (default 30), --poll-seconds <n> (default 10),
 * --max-wait-seconds <n> (default: the task's timeout plus 10 minutes).
 * The AWS CLI uses the usual credentials; AWS_ENDPOINT_URL points it at the
 * emulator. Exit codes (docs/tools.md): 0 migrated, 1 failed, could not
 * run, or a bad command line (one line naming the option).
 */
import { execFile } from "child_process";
import { PIPELINE_CONFIG } from "../config/environments";
import { ENVIRONMENT_NAMES, EnvironmentConfig } from "../config/types";
import { runStateCommand } from "./state";
import {
  CommandOutput,
  parseCommandLine,
  runMain,
  UsageError,
  wholeNumberOption,
} from "./command-line";

export const USAGE = `Usage: npm run migrate -- <environment> [options]

Runs the environment's migration task (default command: alembic upgrade head)
once, waits for it, prints its exit code and last log lines; fails when it fails.

Options:
  --outdir <dir>              synthesized stacks (default $CDKTF_OUTDIR or cdktf.out)
  --backend-config <k=v>      extra terraform init backend setting (repeatable)
  --no-init                   the stack folder is initialized already
  --log-lines <n>             log lines to print (default 30)
  --poll-seconds <n>          seconds between status checks (default 10)
  --max-wait-seconds <n>      give up waiting after this long (default: the task's timeout + 600)`;

/** Runs the AWS CLI: arguments → parsed JSON output (throws on a non-zero exit). */
export type AwsCli = (args: readonly string[]) => Promise<unknown>;
/** Reads a stack's outputs as `{ name: value }`. */
export type OutputReader = (
  stack: string,
  stateArgs: readonly string[],
) => Promise<Record<string, unknown>>;

/** What the migration needs from the jobs stack's outputs. */
export interface MigrationTarget {
  readonly cluster: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  readonly logGroupName: string;
  readonly taskGroup: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
}

/** How a migration run ended. */
export interface MigrationResult {
  readonly taskArn: string;
  /** Container exit code; undefined when the container never ran. */
  readonly exitCode?: number;
  readonly stoppedReason: string;
  readonly logLines: readonly string[];
}

/** Reads the outputs through `npm run state -- output <stack> --json`. */
export const readOutputs: OutputReader = async (stack, stateArgs) => {
  const result: CommandOutput = await runStateCommand([
    "output",
    stack,
    "--json",
    ...stateArgs,
  ]);
  if (result.code !== 0)
    throw new Error(
      `could not read the outputs of ${stack}: ${result.stderr.trim()}`,
    );
  const parsed = JSON.parse(result.stdout) as Record<
    string,
    { value: unknown }
  >;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, o]) => [name, o.value]),
  );
};

/** The AWS CLI through `aws ... --output json`. */
export function awsCli(region: string, env = process.env): AwsCli {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(
        "aws",
        [...args, "--region", region, "--output", "json"],
        { env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              new Error(
                `aws ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`,
              ),
            );
            return;
          }
          try {
            resolve(stdout.trim() === "" ? {} : JSON.parse(stdout));
          } catch {
            reject(
              new Error(
                `aws ${args.slice(0, 2).join(" ")}: output is not JSON`,
              ),
            );
          }
        },
      );
    });
}

/** Picks the migration's settings out of the jobs stack's outputs; names a missing one. */
export function migrationTarget(
  stack: string,
  outputs: Record<string, unknown>,
): MigrationTarget {
  const text = (name: string): string => {
    const value = outputs[name];
    if (typeof value !== "string" || value === "")
      throw new Error(
        `${stack} has no output "${name}": deploy the stack (npm run deploy) first`,
      );
    return value;
  };
  const cluster = text("ecs_cluster_name");
  const taskDefinitionArn = text("migration_task_definition_arn");
  const containerName = text("migration_container_name");
  const logGroupName = text("migration_log_group_name");
  const taskGroup = text("migration_task_group");
  const securityGroupId = text("task_security_group_id");
  const subnets = outputs.task_subnet_ids;
  if (!Array.isArray(subnets) || subnets.length === 0)
    throw new Error(
      `${stack} has no output "task_subnet_ids": deploy the stack first`,
    );
  return {
    cluster,
    taskDefinitionArn,
    containerName,
    logGroupName,
    taskGroup,
    subnetIds: subnets.map(String),
    securityGroupId,
  };
}

interface EcsTask {
  taskArn: string;
  lastStatus?: string;
  stoppedReason?: string;
  stopCode?: string;
  containers?: { name?: string; exitCode?: number; reason?: string }[];
}

/** Starts the migration, waits for it to stop and collects its exit code and log lines. */
export async function runMigration(
  target: MigrationTarget,
  aws: AwsCli,
  options: {
    readonly pollSeconds: number;
    readonly maxWaitSeconds: number;
    readonly logLines: number;
    readonly progress?: (line: string) => void;
    readonly sleep?: (ms: number) => Promise<void>;
  },
): Promise<MigrationResult> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const progress = options.progress ?? (() => undefined);
  const network = JSON.stringify({
    awsvpcConfiguration: {
      subnets: target.subnetIds,
      securityGroups: [target.securityGroupId],
      assignPublicIp: "DISABLED",
    },
  });
  const started = (await aws([
    "ecs",
    "run-task",
    "--cluster",
    target.cluster,
    "--task-definition",
    target.taskDefinitionArn,
    "--launch-type",
    "FARGATE",
    "--group",
    target.taskGroup,
    "--started-by",
    "npm-run-migrate",
    "--network-configuration",
    network,
  ])) as { tasks?: EcsTask[]; failures?: { arn?: string; reason?: string }[] };
  const task = started.tasks?.[0];
  if (!task) {
    const why = (started.failures ?? [])
      .map((f) => `${f.reason ?? "unknown"}${f.arn ? ` (${f.arn})` : ""}`)
      .join("; ");
    throw new Error(
      `ECS did not start the migration task: ${why || "no task and no failure returned"}`,
    );
  }
  progress(`started ${task.taskArn}`);

  const deadline = Date.now() + options.maxWaitSeconds * 1000;
  let current: EcsTask = task;
  let last = "";
  for (;;) {
    const described = (await aws([
      "ecs",
      "describe-tasks",
      "--cluster",
      target.cluster,
      "--tasks",
      task.taskArn,
    ])) as { tasks?: EcsTask[] };
    current = described.tasks?.[0] ?? current;
    if (current.lastStatus !== last) {
      last = current.lastStatus ?? "";
      progress(`status ${last}`);
    }
    if (current.lastStatus === "STOPPED") break;
    if (Date.now() >= deadline)
      throw new Error(
        `the migration task ${task.taskArn} had not stopped after ${options.maxWaitSeconds} s (status ${last}); it keeps running: aws ecs stop-task --cluster ${target.cluster} --task ${task.taskArn}`,
      );
    await sleep(options.pollSeconds * 1000);
  }

  const container =
    current.containers?.find((c) => c.name === target.containerName) ??
    current.containers?.[0];
  const taskId = task.taskArn.split("/").pop();
  // awslogs stream name: <stream prefix>/<container name>/<task id>; the prefix is the container name.
  const stream = `${target.containerName}/${target.containerName}/${taskId}`;
  let logLines: string[];
  try {
    const events = (await aws([
      "logs",
      "get-log-events",
      "--log-group-name",
      target.logGroupName,
      "--log-stream-name",
      stream,
      "--limit",
      String(options.logLines),
      "--no-start-from-head",
    ])) as { events?: { message?: string }[] };
    logLines = (events.events ?? []).map((e) => e.message ?? "");
  } catch (error) {
    logLines = [`(no log lines: ${(error as Error).message})`];
  }
  return {
    taskArn: task.taskArn,
    exitCode:
      typeof container?.exitCode === "number" ? container.exitCode : undefined,
    stoppedReason: [current.stopCode, current.stoppedReason, container?.reason]
      .filter((s) => s !== undefined && s !== "")
      .join(": "),
    logLines,
  };
}

/**
 * The command line: the environment and the options; a UsageError naming
 * the first bad one.
 */
function parseMigrateArgs(
  argv: readonly string[],
  environments: Readonly<Record<string, EnvironmentConfig>>,
) {
  const { values, positionals } = parseCommandLine(argv, {
    outdir: { type: "string" },
    "backend-config": { type: "string", multiple: true },
    "no-init": { type: "boolean" },
    "log-lines": { type: "string" },
    "poll-seconds": { type: "string" },
    "max-wait-seconds": { type: "string" },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      `Name one environment (${ENVIRONMENT_NAMES.join(", ")}), got ${positionals.length === 0 ? "none" : positionals.join(" ")}`,
    );
  const name = positionals[0];
  const env = (ENVIRONMENT_NAMES as readonly string[]).includes(name)
    ? environments[name]
    : undefined;
  if (env === undefined)
    throw new UsageError(
      `Unknown environment "${name}" (${ENVIRONMENT_NAMES.join(", ")})`,
    );
  const whole = (option: string, fallback: number) =>
    wholeNumberOption(
      option,
      (values as Record<string, string | undefined>)[option],
      fallback,
    );
  return {
    env,
    values,
    logLines: whole("log-lines", 30),
    pollSeconds: whole("poll-seconds", 10),
    maxWaitSeconds: whole(
      "max-wait-seconds",
      env.workloads.migration.timeoutSeconds + 600,
    ),
  };
}

/**
 * The command: a UsageError for a bad command line, before anything runs;
 * otherwise returns what to print and the exit code.
 */
export async function migrateCommand(
  argv: readonly string[],
  deps: {
    readonly readOutputs?: OutputReader;
    readonly aws?: (env: EnvironmentConfig) => AwsCli;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly environments?: Readonly<Record<string, EnvironmentConfig>>;
  } = {},
): Promise<CommandOutput> {
  const { env, values, logLines, pollSeconds, maxWaitSeconds } =
    parseMigrateArgs(argv, deps.environments ?? PIPELINE_CONFIG.environments);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const stack = `${env.project}-${env.name}-jobs`;
    const stateArgs = [
      ...(values.outdir ? ["--outdir", values.outdir] : []),
      ...(values["backend-config"] ?? []).flatMap((c) => [
        "--backend-config",
        c,
      ]),
      ...(values["no-init"] ? ["--no-init"] : []),
    ];
    const outputs = await (deps.readOutputs ?? readOutputs)(stack, stateArgs);
    const target = migrationTarget(stack, outputs);
    const aws = (deps.aws ?? ((e: EnvironmentConfig) => awsCli(e.region)))(env);
    const result = await runMigration(target, aws, {
      pollSeconds,
      maxWaitSeconds,
      logLines,
      sleep: deps.sleep,
      progress: (line) => err.push(`${stack}: migration ${line}\n`),
    });
    out.push(
      `Last ${result.logLines.length} log lines of ${result.taskArn}:\n`,
    );
    out.push(...result.logLines.map((l) => `  ${l}\n`));
    const ok = result.exitCode === 0;
    out.push(
      `Migration ${ok ? "succeeded" : "FAILED"}: exit code ${result.exitCode ?? "none (the container did not run)"}${result.stoppedReason ? ` (${result.stoppedReason})` : ""}${result.exitCode === 124 ? " — it ran past its timeout" : ""}\n`,
    );
    if (!ok)
      err.push(
        `${stack}: the migration failed; do not deploy the API with this image (docs/workloads.md "Migrations")\n`,
      );
    return { code: ok ? 0 : 1, stdout: out.join(""), stderr: err.join("") };
  } catch (error) {
    return {
      code: 1,
      stdout: out.join(""),
      stderr: `${err.join("")}migrate: ${(error as Error).message}\n`,
    };
  }
}

if (require.main === module) void runMain(migrateCommand, USAGE);
