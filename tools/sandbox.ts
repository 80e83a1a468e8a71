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
 * Everything lives in `.scratch/sandbox/` (git-ignored): the synthesized
 * stacks of that environment, their redirected copy, `sandbox.json` (what
 * is up) and `env` (the variables that point `aws`, `npm run state` and
 * `npm run drift` at the sandbox, in the environment's account).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../config/types";
import { CommandOutput, runCommandLine, UsageError } from "./stack-workdir";
import { attachMoto, processAlive, startMoto } from "./emulator/moto";
import { EmulatedPlatform } from "./emulator/platform";

const ROOT = path.resolve(__dirname, "..");
/** The sandbox's folder. */
export const SANDBOX_DIR = path.join(ROOT, ".scratch", "sandbox");
const STATE_FILE = "sandbox.json";

/** What `up` recorded. */
export interface SandboxState {
  readonly environment: string;
  readonly endpoint: string;
  readonly pid: number;
  readonly startedAt: string;
}

const USAGE =
  "Usage: npm run sandbox -- up [development|staging|production] | status | down";

function readState(dir: string): SandboxState | undefined {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as SandboxState;
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
  const running = readState(dir);
  if (running && processAlive(running.pid))
    throw new UsageError(
      `A sandbox is already up (${running.environment}, ${running.endpoint}, moto pid ${running.pid}): ` +
        "`npm run sandbox -- down` first.",
    );
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
  const moto = await startMoto({ detached: true, logFile: log });
  const state: SandboxState = {
    environment,
    endpoint: moto.endpoint,
    pid: moto.pid,
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify(state, null, 2));
  const lines: string[] = [`moto ${moto.endpoint} (pid ${moto.pid})`];
  const platform = new EmulatedPlatform(moto, synthesized, dir);
  const failed = async (what: string, output: string) => {
    // Nothing half-done: the emulator and everything in it go.
    await moto.stop();
    fs.rmSync(path.join(dir, STATE_FILE), { force: true });
    return {
      code: 1,
      stdout: `${lines.join("\n")}\n`,
      stderr: `${what} failed; the sandbox is stopped.\n${output}`,
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
  return { code: 0, stdout: `${lines.join("\n")}\n`, stderr: "" };
}

async function down(dir: string): Promise<CommandOutput> {
  const state = readState(dir);
  if (!state || !processAlive(state.pid)) {
    fs.rmSync(path.join(dir, STATE_FILE), { force: true });
    throw new UsageError(
      "No sandbox is up (nothing to take down): `npm run sandbox -- up [environment]` starts one.",
    );
  }
  const moto = attachMoto(state.endpoint, state.pid);
  const platform = new EmulatedPlatform(moto, undefined, dir);
  const destroy = await platform.destroy(state.environment);
  await moto.stop();
  fs.rmSync(path.join(dir, STATE_FILE), { force: true });
  const note =
    destroy.code === 0
      ? `${state.environment} destroyed; moto stopped.`
      : `The destroy of ${state.environment} was refused (production's prevent_destroy does that); moto is stopped, which discards everything in it.`;
  return { code: 0, stdout: `${destroy.stdout}${note}\n`, stderr: "" };
}

function status(dir: string): CommandOutput {
  const state = readState(dir);
  if (!state || !processAlive(state.pid))
    return { code: 0, stdout: "No sandbox is up.\n", stderr: "" };
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
  dir: string = SANDBOX_DIR,
): Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (command === "up" && rest.length <= 1)
    return up(rest[0] ?? "development", dir);
  if (command === "down" && rest.length === 0) return down(dir);
  if (command === "status" && rest.length === 0) return status(dir);
  throw new UsageError(
    command ? `Unknown sandbox command: ${argv.join(" ")}` : "Name a command.",
  );
}

if (require.main === module)
  runCommandLine((argv) => runSandboxCommand(argv), USAGE);
