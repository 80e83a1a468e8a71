/**
 * `npm run migrate -- <environment>`: runs a one-off task of the
 * environment's jobs stack once and says how it ended.
 *
 *   - without a mode: the database migration (default command: alembic
 *     upgrade head), as the schema owner;
 *   - `--logins`: the login setup, which creates or refreshes the database
 *     logins and their grants (LOGINS_SQL, modules/database-access) as the
 *     master, through the proxy with an IAM token;
 *   - `--print-logins-sql`: prints that SQL and touches nothing.
 *
 * Steps of a run: the jobs stack's outputs from its state (`npm run state --
 * output`, targets.ts), `aws ecs run-task` in the private subnets with the
 * jobs' security group in ECS task group `migration`, `describe-tasks` until
 * it has stopped, then the container's exit code and the last lines of its
 * log stream (one-off-task.ts); exit 0 only when the exit code is 0. The AWS
 * CLI uses the usual credentials; AWS_ENDPOINT_URL points it at the
 * emulator. Exit codes (docs/tools.md): 0 done, 1 failed, could not run, or
 * a bad command line (one line naming the option).
 */
import { PIPELINE_CONFIG } from "../../config/environments";
import { ENVIRONMENT_NAMES, EnvironmentConfig } from "../../config/types";
import { LOGINS_SQL } from "../../modules/database-access/logins-sql";
import {
  CommandOutput,
  parseCommandLine,
  runMain,
  UsageError,
  wholeNumberOption,
} from "../command-line";
import { AwsCli, awsCli } from "./aws-cli";
import { runOneOffTask } from "./one-off-task";
import { OutputReader, readOutputs, TaskKind, taskTarget } from "./targets";

export const USAGE = `Usage: npm run migrate -- <environment> [--logins] [options]
       npm run migrate -- --print-logins-sql

Runs the environment's migration task (default command: alembic upgrade head)
once, waits for it, prints its exit code and last log lines; fails when it fails.
With --logins it runs the login setup task instead: it creates the database
logins pipeline_app and pipeline_owner (or sets new passwords) and stores them
in their secrets, and the read-only pipeline_reader (IAM only, no password)
(docs/database.md "Logins").

Options:
  --logins                    run the login setup task, not the migration
  --print-logins-sql          print the SQL the login setup runs; nothing else
  --outdir <dir>              synthesized stacks (default $CDKTF_OUTDIR or cdktf.out)
  --backend-config <k=v>      extra terraform init backend setting (repeatable)
  --no-init                   the stack folder is initialized already
  --log-lines <n>             log lines to print (default 30)
  --poll-seconds <n>          seconds between status checks (default 10)
  --max-wait-seconds <n>      give up waiting after this long (default: the
                              migration's timeout + 600; 900 for --logins)`;

/** How long the login setup may take by default (its task has no timeout of its own), seconds. */
export const LOGINS_MAX_WAIT_SECONDS = 900;

/** How each kind of task is named in the report, started and failed. */
const KINDS: Readonly<
  Record<TaskKind, { title: string; startedBy: string; onFailure: string }>
> = {
  migration: {
    title: "Migration",
    startedBy: "npm-run-migrate",
    onFailure:
      'the migration failed; do not deploy the API with this image (docs/workloads.md "Migrations")',
  },
  logins: {
    title: "Login setup",
    startedBy: "npm-run-migrate-logins",
    onFailure:
      'the login setup failed; run it again (it is safe to repeat) before the tasks connect as the logins (docs/database.md "Logins")',
  },
};

const OPTIONS = {
  logins: { type: "boolean" },
  "print-logins-sql": { type: "boolean" },
  outdir: { type: "string" },
  "backend-config": { type: "string", multiple: true },
  "no-init": { type: "boolean" },
  "log-lines": { type: "string" },
  "poll-seconds": { type: "string" },
  "max-wait-seconds": { type: "string" },
} as const;

/** The command line; a UsageError naming the first bad part. */
function parseMigrateArgs(
  argv: readonly string[],
  environments: Readonly<Record<string, EnvironmentConfig>>,
) {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values["print-logins-sql"]) {
    const others = argv.filter((a) => a !== "--print-logins-sql");
    if (others.length > 0)
      throw new UsageError(
        `--print-logins-sql takes no environment or other option, got ${others.join(" ")}`,
      );
    return { print: true as const };
  }
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
  const kind: TaskKind = values.logins ? "logins" : "migration";
  const whole = (option: keyof typeof OPTIONS, fallback: number) =>
    wholeNumberOption(
      option,
      (values as Record<string, string | undefined>)[option],
      fallback,
    );
  return {
    print: false as const,
    env,
    kind,
    stateArgs: [
      ...(values.outdir ? ["--outdir", values.outdir] : []),
      ...(values["backend-config"] ?? []).flatMap((c) => [
        "--backend-config",
        c,
      ]),
      ...(values["no-init"] ? ["--no-init"] : []),
    ],
    logLines: whole("log-lines", 30),
    pollSeconds: whole("poll-seconds", 10),
    maxWaitSeconds: whole(
      "max-wait-seconds",
      kind === "logins"
        ? LOGINS_MAX_WAIT_SECONDS
        : env.workloads.migration.timeoutSeconds + 600,
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
  const args = parseMigrateArgs(
    argv,
    deps.environments ?? PIPELINE_CONFIG.environments,
  );
  if (args.print) return { code: 0, stdout: LOGINS_SQL, stderr: "" };
  const { env, kind, logLines, pollSeconds, maxWaitSeconds } = args;
  const { title, startedBy, onFailure } = KINDS[kind];
  const out: string[] = [];
  const err: string[] = [];
  const stack = `${env.project}-${env.name}-jobs`;
  try {
    const outputs = await (deps.readOutputs ?? readOutputs)(
      stack,
      args.stateArgs,
    );
    const target = taskTarget(stack, outputs, kind);
    const aws = (deps.aws ?? ((e: EnvironmentConfig) => awsCli(e.region)))(env);
    const result = await runOneOffTask(target, aws, {
      pollSeconds,
      maxWaitSeconds,
      logLines,
      startedBy,
      sleep: deps.sleep,
      progress: (line) =>
        err.push(`${stack}: ${title.toLowerCase()} ${line}\n`),
    });
    out.push(
      `Last ${result.logLines.length} log lines of ${result.taskArn}:\n`,
    );
    out.push(...result.logLines.map((l) => `  ${l}\n`));
    const ok = result.exitCode === 0;
    out.push(
      `${title} ${ok ? "succeeded" : "FAILED"}: exit code ${result.exitCode ?? "none (the container did not run)"}${result.stoppedReason ? ` (${result.stoppedReason})` : ""}${result.exitCode === 124 ? " — it ran past its timeout" : ""}\n`,
    );
    if (!ok) err.push(`${stack}: ${onFailure}\n`);
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
