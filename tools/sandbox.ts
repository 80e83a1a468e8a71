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
 * tools/sandbox-record.ts) and `env` (the variables that point `aws`,
 * `npm run state` and `npm run drift` at the sandbox, in the environment's
 * account). A process is signalled only when it is provably that moto; a
 * stale or corrupt record is reported in one line and cleared.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../config/types";
import { CommandOutput, InputError, runMain, UsageError } from "./command-line";
import { attachMoto, MotoServer } from "./emulator/moto";
import { EmulatedPlatform } from "./emulator/platform";
import {
  checkRecord,
  clearRecord,
  RecordCheck,
  startSandboxMoto,
  stopRecordedMoto,
  writeRecord,
} from "./sandbox-record";
import { scratchDir } from "./scratch";

const ROOT = path.resolve(__dirname, "..");
/** Moves the sandbox's folder (tests keep theirs in their own temporary folder). */
export const SANDBOX_DIR_VARIABLE = "PIPELINE_SANDBOX_DIR";
/** The sandbox's folder: PIPELINE_SANDBOX_DIR, else `.scratch/sandbox`. */
export function sandboxDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[SANDBOX_DIR_VARIABLE];
  return override ? path.resolve(override) : scratchDir("sandbox");
}

const USAGE =
  "Usage: npm run sandbox -- up [development|staging|production] | status | down";

/** The one line a stale or corrupt record gets; the record is cleared first. */
function staleLine(dir: string, check: RecordCheck & { state: "stale" }) {
  clearRecord(dir);
  return `No sandbox is up: ${check.reason}. The record is cleared; nothing was signalled.`;
}

function envFileText(env: NodeJS.ProcessEnv, outdir: string): string {
  const keys = [
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "CDKTF_OUTDIR",
  ];
  const values: NodeJS.ProcessEnv = { ...env, CDKTF_OUTDIR: outdir };
  return `${keys
    .filter((k) => values[k])
    .map((k) => `export ${k}=${values[k]}`)
    .join("\n")}\n`;
}

async function up(environment: string, dir: string): Promise<CommandOutput> {
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
  execFileSync(process.execPath, [path.join(ROOT, "tools", "run-app.js")], {
    env: {
      ...process.env,
      CDKTF_OUTDIR: synthesized,
      PIPELINE_ENVIRONMENT: environment,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const log = fs.openSync(path.join(dir, "moto.log"), "a");
  const { moto, record } = await startSandboxMoto(environment, log);
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
  const bootstrap = await platform.bootstrap();
  lines.push(bootstrap.apply.stdout.trim());
  if (bootstrap.apply.code !== 0 || bootstrap.migrate?.code !== 0)
    return failed(
      "The bootstrap",
      `${bootstrap.apply.stdout}${bootstrap.migrate?.stdout ?? ""}${bootstrap.migrate?.stderr ?? ""}`,
    );
  lines.push(`${platform.bootstrapStack}: state migrated into its bucket`);
  const account = platform.accountOfEnvironment(environment);
  const deploy = await platform.deploy([environment], account);
  lines.push(deploy.stdout.trim());
  if (deploy.code !== 0)
    return failed(`Deploying ${environment}`, deploy.stdout);
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

async function down(dir: string): Promise<CommandOutput> {
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
  const destroy = await platform.destroy(state.environment);
  await moto.stop();
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
): Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (command === "up" && rest.length <= 1)
    return up(rest[0] ?? "development", dir);
  if (command === "down" && rest.length === 0) return down(dir);
  if (command === "status" && rest.length === 0) return status(dir);
  throw new UsageError(
    `${command ? `Unknown sandbox command: ${argv.join(" ")}` : "Name a command"} (up [environment], status or down)`,
  );
}

if (require.main === module)
  void runMain((argv) => runSandboxCommand(argv), USAGE);
