/**
 * A local sandbox of the platform on moto, the way people use LocalStack:
 *
 *   npm run sandbox -- up [environment]   start moto in the background, deploy
 *                                         the bootstrap and the environment's
 *                                         stacks (development by default),
 *                                         print their outputs and the
 *                                         AWS_ENDPOINT_URL line
 *   npm run sandbox -- status             what runs
 *   npm run sandbox -- down               destroy what `up` deployed, stop moto
 *
 * Everything lives in `.scratch/sandbox/` (git-ignored; PIPELINE_SANDBOX_DIR
 * moves it, for tests): the synthesized stacks of that environment, their
 * redirected copy, `sandbox.json` (what is up, and the identity of its moto:
 * tools/sandbox/record.ts) and `env` (the variables that point `aws`,
 * `npm run state` and `npm run drift` at the sandbox, in the environment's
 * account). A process is signalled only when it is provably that moto; a
 * stale or corrupt record is reported in one line and cleared.
 *
 * `up` and `down` take minutes: each step (synth, moto, every stack) gets a
 * progress line on stderr as it starts and as it ends, with its time.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../../config/types";
import {
  CommandOutput,
  InputError,
  runMain,
  UsageError,
} from "../command-line";
import { attachMoto, MotoServer } from "../emulator/moto";
import { DeployCommandOutput } from "../deploy";
import { EmulatedPlatform } from "../emulator/platform";
import { readManifest } from "../manifest";
import {
  checkRecord,
  clearRecord,
  RecordCheck,
  startSandboxMoto,
  stopRecordedMoto,
  writeRecord,
} from "./record";
import { scratchDir } from "../scratch";

const ROOT = path.resolve(__dirname, "..", "..");
/** Moves the sandbox's folder (tests keep theirs in their own temporary folder). */
export const SANDBOX_DIR_VARIABLE = "PIPELINE_SANDBOX_DIR";
/** The sandbox's folder: PIPELINE_SANDBOX_DIR, else `.scratch/sandbox`. */
export function sandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[SANDBOX_DIR_VARIABLE];
  return override ? path.resolve(override) : scratchDir("sandbox");
}

/** Where `up` and `down` report each step as it starts and ends. */
export type Progress = (line: string) => void;

/** Runs `step`, reporting it before and after with its time in seconds. */
async function timed<T>(
  progress: Progress,
  what: string,
  step: () => T | Promise<T>,
  done: (result: T) => string = () => "done",
): Promise<T> {
  progress(`${what} ...`);
  const started = Date.now();
  const result = await step();
  progress(
    `${what}: ${done(result)} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return result;
}

/** "applied: 35 added, 0 changed, 0 destroyed" of a one-stack deploy report. */
function outcomeOf(result: DeployCommandOutput): string {
  const outcome = result.outcomes[0];
  if (!outcome) return result.code === 0 ? "done" : "FAILED";
  return outcome.status === "failed"
    ? `FAILED ${outcome.error ?? ""}`.trim()
    : `${outcome.status}${outcome.summary ? `: ${outcome.summary}` : ""}`;
}

const USAGE =
  "Usage: npm run sandbox -- up [development|staging|production] | status | down";

/** The one line a stale or corrupt record gets; the record is cleared first. */
function staleLine(dir: string, check: RecordCheck & { state: "stale" }) {
  clearRecord(dir);
  return `No sandbox is up: ${check.reason}. The record is cleared; nothing was signalled.`;
}

/** The `source`-able env file `up` writes: what points `aws`, Terraform and the tools at the sandbox. */
export function envFileText(env: NodeJS.ProcessEnv, outdir: string): string {
  const keys = [
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    // awscli 1.x reads the region from this one only.
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "CDKTF_OUTDIR",
  ];
  const values: NodeJS.ProcessEnv = {
    ...env,
    AWS_DEFAULT_REGION: env.AWS_REGION,
    CDKTF_OUTDIR: outdir,
  };
  return `${keys
    .filter((k) => values[k])
    .map((k) => `export ${k}=${values[k]}`)
    .join("\n")}\n`;
}

async function up(
  environment: string,
  dir: string,
  progress: Progress,
): Promise<CommandOutput> {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(environment))
    throw new UsageError(
      `Unknown environment "${environment}": one of ${ENVIRONMENT_NAMES.join(", ")}`,
    );
  const check = await checkRecord(dir);
  if (check.state === "up")
    throw new UsageError(
      `A sandbox is already up (${check.record.environment}, ${check.record.endpoint}, moto pid ${check.record.pid}): ` +
        "`npm run sandbox -- down` first.",
    );
  const notes = check.state === "stale" ? `${staleLine(dir, check)}\n` : "";
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const synthesized = path.join(dir, "synth");
  await timed(progress, `Synthesizing ${environment} and the bootstrap`, () =>
    execFileSync(process.execPath, [path.join(ROOT, "tools", "run-app.js")], {
      env: {
        ...process.env,
        CDKTF_OUTDIR: synthesized,
        PIPELINE_ENVIRONMENT: environment,
      },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const log = fs.openSync(path.join(dir, "moto.log"), "a");
  const { moto, record } = await timed(
    progress,
    "Starting moto",
    () => startSandboxMoto(environment, log),
    (started) => started.moto.endpoint,
  );
  fs.closeSync(log);
  writeRecord(dir, record);
  const lines: string[] = [`moto ${moto.endpoint} (pid ${moto.pid})`];
  const platform = new EmulatedPlatform(moto, synthesized, dir);
  const failed = async (what: string, output: string) => {
    // Nothing half-done: the emulator and everything in it go.
    await moto.stop();
    clearRecord(dir);
    return {
      code: 1,
      stdout: `${lines.join("\n")}\n`,
      stderr: `${notes}${what} failed; the sandbox is stopped.\n${output}`,
    };
  };
  const bootstrap = await timed(
    progress,
    `Deploying ${platform.bootstrapStack} and migrating its state into its bucket`,
    () => platform.bootstrap(),
    (result) => outcomeOf(result.apply),
  );
  lines.push(bootstrap.apply.stdout.trim());
  if (bootstrap.apply.code !== 0 || bootstrap.migrate?.code !== 0)
    return failed(
      "The bootstrap",
      `${bootstrap.apply.stdout}${bootstrap.migrate?.stdout ?? ""}${bootstrap.migrate?.stderr ?? ""}`,
    );
  lines.push(`${platform.bootstrapStack}: state migrated into its bucket`);
  const account = platform.accountOfEnvironment(environment);
  // One stack at a time, in npm run deploy's order, so each is reported as
  // it starts and ends (its dependencies are the stacks before it).
  const stacks = platform.stacksOf(environment);
  const needs = new Map(
    readManifest(platform.outdir).map((m) => [m.name, m.dependencies]),
  );
  for (const [index, stack] of stacks.entries()) {
    const after = (needs.get(stack) ?? []).map((d) =>
      d.replace(`financial-pipeline-${environment}-`, ""),
    );
    const deploy = await timed(
      progress,
      `Deploying ${stack} (${index + 1} of ${stacks.length}${after.length > 0 ? `; needs ${after.join(", ")}` : ""})`,
      () =>
        platform.deploy([stack], account, [
          "--ignore-missing-stack-dependencies",
        ]),
      outcomeOf,
    );
    lines.push(deploy.stdout.trim());
    if (deploy.code !== 0) return failed(`Deploying ${stack}`, deploy.stdout);
  }
  for (const stack of platform.stacksOf(environment)) {
    lines.push(`\n${stack} outputs:`);
    for (const [name, value] of Object.entries(
      await platform.outputs(stack, account),
    ))
      lines.push(`  ${name} = ${JSON.stringify(value)}`);
  }
  const env = await platform.envFor(account);
  fs.writeFileSync(path.join(dir, "env"), envFileText(env, platform.outdir), {
    mode: 0o600,
  });
  lines.push(
    "",
    `Credentials of ${environment}'s account ${account} and the outdir for npm run state / drift / deploy:`,
    `  source ${path.relative(process.cwd(), path.join(dir, "env"))}`,
    "",
    `AWS_ENDPOINT_URL=${moto.endpoint}`,
  );
  return { code: 0, stdout: `${lines.join("\n")}\n`, stderr: notes };
}

async function down(dir: string, progress: Progress): Promise<CommandOutput> {
  const check = await checkRecord(dir);
  if (check.state === "none")
    throw new UsageError(
      "No sandbox is up (nothing to take down): `npm run sandbox -- up [environment]` starts one.",
    );
  if (check.state === "stale") throw new InputError(staleLine(dir, check));
  const state = check.record;
  // The platform reaches moto by endpoint; stopping it is the record's proven stop.
  const moto: MotoServer = {
    ...attachMoto(state.endpoint, state.pid),
    stop: () => stopRecordedMoto(state),
  };
  const platform = new EmulatedPlatform(moto, undefined, dir);
  // One run for all stacks: every destroy plan is made before anything is
  // deleted (npm run deploy -- --destroy), so there is one line for it.
  const destroy = await timed(
    progress,
    `Destroying ${state.environment}'s stacks in reverse order (every destroy plan first)`,
    () => platform.destroy(state.environment),
    (result) =>
      result.code === 0
        ? `${result.outcomes.length} stacks destroyed`
        : "refused",
  );
  await timed(progress, "Stopping moto", () => moto.stop());
  clearRecord(dir);
  const note =
    destroy.code === 0
      ? `${state.environment} destroyed; moto stopped.`
      : `The destroy of ${state.environment} was refused (production's prevent_destroy does that); moto is stopped, which discards everything in it.`;
  return { code: 0, stdout: `${destroy.stdout}${note}\n`, stderr: "" };
}

async function status(dir: string): Promise<CommandOutput> {
  const check = await checkRecord(dir);
  if (check.state === "none")
    return { code: 0, stdout: "No sandbox is up.\n", stderr: "" };
  if (check.state === "stale") throw new InputError(staleLine(dir, check));
  const state = check.record;
  return {
    code: 0,
    stdout:
      `Sandbox up since ${state.startedAt}: ${state.environment} on moto ${state.endpoint} (pid ${state.pid})\n` +
      `  source ${path.relative(process.cwd(), path.join(dir, "env"))}\n` +
      `AWS_ENDPOINT_URL=${state.endpoint}\n`,
    stderr: "",
  };
}

/** The sandbox command. */
export async function runSandboxCommand(
  argv: readonly string[],
  dir: string = sandboxDir(),
  progress: Progress = () => {},
): Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (command === "up" && rest.length <= 1)
    return up(rest[0] ?? "development", dir, progress);
  if (command === "down" && rest.length === 0) return down(dir, progress);
  if (command === "status" && rest.length === 0) return status(dir);
  throw new UsageError(
    `${command ? `Unknown sandbox command: ${argv.join(" ")}` : "Name a command"} (up [environment], status or down)`,
  );
}

if (require.main === module)
  void runMain(
    (argv) =>
      runSandboxCommand(argv, sandboxDir(), (line) =>
        process.stderr.write(`${line}\n`),
      ),
    USAGE,
  );
