/**
 * Everyday state commands on one synthesized stack, run by Terraform in the
 * stack's folder (`cdktf.out/stacks/<stack>`) with the stack's own backend:
 *
 *   npm run state -- list   <stack>                 terraform state list
 *   npm run state -- show   <stack> <address>       terraform state show <address>
 *   npm run state -- output <stack> [name] [--json] terraform output
 *   npm run state -- pull   <stack> [file]          a backup copy of the state
 *
 * Options: --outdir <dir> (default $CDKTF_OUTDIR or cdktf.out),
 * --backend-config <key=value> (repeatable, passed to `terraform init`),
 * --reconfigure, --no-init. Exit 0 on success, 1 on any error
 * (docs/tools.md).
 */
import * as fs from "fs";
import * as path from "path";
import { runTerraform, terraformEnv, TerraformResult } from "./terraform";
import { CommandOutput, runMain, UsageError } from "./command-line";
import {
  errorSummary,
  findStack,
  initStack,
  parseArgs,
  readStacks,
  SynthesizedStack,
} from "./stack-workdir";

/** Folder of the backups `pull` writes when no `--out` is given (git-ignored: `*.tfstate`). */
export const BACKUP_DIR = "state-backups";

const USAGE = `Usage: npm run state -- <command> <stack> [arguments] [options]

Commands:
  list   <stack>                  resource addresses in the stack's state
  show   <stack> <address>        one resource's attributes
  output <stack> [name] [--json]  the stack's outputs
  pull   <stack> [file]           write a backup copy of the state (also --out <file>; default ${BACKUP_DIR}/<stack>/<stack>-serial-<n>-<UTC time>.tfstate)

Options:
  --outdir <dir>                  synthesized output folder (default $CDKTF_OUTDIR or cdktf.out)
  --backend-config <key=value>    extra backend setting for terraform init (repeatable)
  --reconfigure                   pass -reconfigure to terraform init
  --no-init                       skip terraform init`;

export type { CommandOutput } from "./command-line";

const COMMANDS = ["list", "show", "output", "pull"];

/** Facts about a state file that `pull` checks and reports. */
export interface StateSummary {
  readonly serial: number;
  readonly lineage: string;
  readonly terraformVersion: string;
  readonly resources: number;
}

/** Parses `terraform state pull` output; throws when it is not a state (e.g. empty: nothing stored yet). */
export function summarizeState(text: string): StateSummary {
  if (text.trim() === "")
    throw new Error(
      "the backend holds no state for this stack yet (terraform state pull printed nothing)",
    );
  let state: {
    version?: number;
    serial?: number;
    lineage?: string;
    terraform_version?: string;
    resources?: unknown[];
  };
  try {
    state = JSON.parse(text);
  } catch {
    throw new Error("terraform state pull did not print a JSON state");
  }
  if (
    state.version !== 4 ||
    typeof state.serial !== "number" ||
    typeof state.lineage !== "string"
  ) {
    throw new Error(
      `not a Terraform state (format 4): version ${state.version}, serial ${state.serial}`,
    );
  }
  // With no state object in the backend, `terraform state pull` prints a
  // placeholder (serial 0, empty lineage, no resources) rather than nothing.
  if (
    state.serial === 0 &&
    state.lineage === "" &&
    (state.resources?.length ?? 0) === 0
  ) {
    throw new Error(
      "the backend holds no state for this stack yet (terraform state pull printed an empty placeholder)",
    );
  }
  return {
    serial: state.serial,
    lineage: state.lineage,
    terraformVersion: state.terraform_version ?? "unknown",
    resources: state.resources?.length ?? 0,
  };
}

/** Default backup path: `state-backups/<stack>/<stack>-serial-<n>-<UTC yyyymmddThhmmssZ>.tfstate`. */
export function backupPath(
  stack: string,
  serial: number,
  now: Date = new Date(),
): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return path.join(
    BACKUP_DIR,
    stack,
    `${stack}-serial-${serial}-${stamp}.tfstate`,
  );
}

function fromTerraform(result: TerraformResult, stack: string): CommandOutput {
  // Terraform's own text for an empty backend suggests -state, which does not apply here.
  const stderr = /No state file was found/.test(result.stderr)
    ? `${stack}: the backend holds no state for this stack yet (not deployed, or another backend/key)\n`
    : result.stderr;
  return { code: result.code === 0 ? 0 : 1, stdout: result.stdout, stderr };
}

async function pull(
  stack: SynthesizedStack,
  out: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutput> {
  const result = await runTerraform(["state", "pull"], { cwd: stack.dir, env });
  if (result.code !== 0)
    return {
      code: 1,
      stdout: "",
      stderr: `${stack.name}: ${errorSummary(result)}\n`,
    };
  let summary: StateSummary;
  try {
    summary = summarizeState(result.stdout);
  } catch (error) {
    return {
      code: 1,
      stdout: "",
      stderr: `${stack.name}: ${(error as Error).message}\n`,
    };
  }
  const file = path.resolve(out ?? backupPath(stack.name, summary.serial));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // State holds secrets (the providers' sensitive attributes): readable by its owner only.
  fs.writeFileSync(file, result.stdout, { mode: 0o600 });
  return {
    code: 0,
    stdout: `${file}\n`,
    stderr: `${stack.name}: serial ${summary.serial}, lineage ${summary.lineage}, ${summary.resources} resources, written by Terraform ${summary.terraformVersion}\n`,
  };
}

/** Runs one state command; never throws for Terraform failures (exit code 1 instead). */
export async function runStateCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandOutput> {
  const { common, flags, positional } = parseArgs(
    argv,
    { json: "boolean", out: "value" },
    env,
  );
  const [command, stackName, ...rest] = positional;
  if (command === undefined)
    throw new UsageError(
      `Name a command (${COMMANDS.join(", ")}) and a stack; --help shows the usage.`,
    );
  if (!COMMANDS.includes(command))
    throw new UsageError(
      `Unknown command "${command}" (commands: ${COMMANDS.join(", ")}).`,
    );
  const stack = findStack(readStacks(common.outdir), stackName);
  if (command === "show" && rest.length !== 1)
    throw new UsageError(
      "show needs one resource address, e.g. aws_vpc.network_vpc_4E8F0223",
    );
  if (command === "pull" && rest.length > 1)
    throw new UsageError("pull takes at most one file name");
  if (command === "list" && rest.length > 0)
    throw new UsageError("list takes no argument after the stack name");

  const tfEnv = terraformEnv(env);
  const init = await initStack(stack, common, tfEnv);
  if (init.code !== 0)
    return {
      code: 1,
      stdout: "",
      stderr: `${stack.name}: terraform init failed: ${errorSummary(init)}\n`,
    };

  const run = (args: string[]) =>
    runTerraform(args, { cwd: stack.dir, env: tfEnv }).then((result) =>
      fromTerraform(result, stack.name),
    );
  switch (command) {
    case "list":
      return run(["state", "list"]);
    case "show":
      return run(["state", "show", "-no-color", rest[0]]);
    case "output":
      return run([
        "output",
        "-no-color",
        ...(flags.json ? ["-json"] : []),
        ...rest,
      ]);
    default:
      return pull(
        stack,
        typeof flags.out === "string" ? flags.out : rest[0],
        tfEnv,
      );
  }
}

if (require.main === module) void runMain(runStateCommand, USAGE);
