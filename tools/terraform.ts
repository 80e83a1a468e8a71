/**
 * Running the `terraform` binary from this project's tools and tests.
 *
 * Provider installation: when an AWS provider filesystem mirror is found
 * (PIPELINE_TF_PROVIDER_MIRROR, else the well-known folders below), Terraform
 * is given a CLI config of this project's that installs hashicorp/aws from the
 * mirror and everything else from the registry. Without a mirror nothing is
 * changed: a user with internet gets the registry, and a CLI config of their
 * own (TF_CLI_CONFIG_FILE, ~/.terraformrc) is respected.
 */
import { spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scratchDir } from "./scratch";

/** Environment variable naming the mirror folder (the one holding registry.terraform.io/). */
export const MIRROR_VARIABLE = "PIPELINE_TF_PROVIDER_MIRROR";
/** The AWS provider version @cdktf/provider-aws 20.1.0 binds. */
export const AWS_PROVIDER_VERSION = "5.100.0";
const AWS_PROVIDER_PATH = path.join(
  "registry.terraform.io",
  "hashicorp",
  "aws",
);

/** Folders searched for a mirror when PIPELINE_TF_PROVIDER_MIRROR is not set. */
export function wellKnownMirrors(home = os.homedir()): string[] {
  return [
    "/opt/tf-plugins",
    path.join(home, ".terraform.d", "plugins"),
    path.join(home, ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
}

function holdsAwsProvider(folder: string): boolean {
  return fs.existsSync(
    path.join(folder, AWS_PROVIDER_PATH, AWS_PROVIDER_VERSION),
  );
}

/**
 * The filesystem mirror that holds hashicorp/aws 5.100.0, or undefined.
 * Throws when PIPELINE_TF_PROVIDER_MIRROR names a folder without it: a
 * setting that is wrong must not fall back silently.
 */
export function providerMirror(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = wellKnownMirrors(env.HOME ?? os.homedir()),
): string | undefined {
  const chosen = env[MIRROR_VARIABLE];
  if (chosen) {
    const folder = path.resolve(chosen);
    if (!holdsAwsProvider(folder)) {
      throw new Error(
        `${MIRROR_VARIABLE} = "${chosen}": no ${AWS_PROVIDER_PATH}/${AWS_PROVIDER_VERSION} below it`,
      );
    }
    return folder;
  }
  return candidates.find(holdsAwsProvider);
}

/** Text of a CLI config that takes hashicorp/aws from `mirror` and the rest from the registry. */
export function cliConfigText(mirror: string): string {
  const provider = "registry.terraform.io/hashicorp/aws";
  return [
    "# Written by tools/terraform.ts: hashicorp/aws from the local mirror, the rest from the registry.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = [${JSON.stringify(provider)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(provider)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * File name of the CLI config with this text: `terraformrc-<first 16 hex of
 * its SHA-256>`. Named after its content, a config file is never rewritten
 * with another mirror: two runs resolving different mirrors (a test's fake
 * one, a user's other setting) write different files, and a Terraform run
 * reading one while the other is written sees what its own process resolved.
 */
export function cliConfigFileName(text: string): string {
  const digest = createHash("sha256").update(text).digest("hex");
  return `terraformrc-${digest.slice(0, 16)}`;
}

/** Folder of the CLI configs the tools write for themselves: `.scratch/terraform` (see tools/scratch.js). */
export function defaultCliConfigDir(
  env: NodeJS.ProcessEnv = process.env,
): string {
  return scratchDir("terraform", env);
}

/**
 * Writes the mirror CLI config into `dir` (default `.scratch/terraform`),
 * named after its content ({@link cliConfigFileName}), atomically, and
 * returns its path; undefined when no mirror is found. Tests pass a folder
 * of their own.
 */
export function writeTerraformCliConfig(
  dir: string = defaultCliConfigDir(),
  env: NodeJS.ProcessEnv = process.env,
  candidates?: readonly string[],
): string | undefined {
  const mirror = providerMirror(env, candidates);
  if (!mirror) return undefined;
  const text = cliConfigText(mirror);
  const file = path.join(dir, cliConfigFileName(text));
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
  }
  return file;
}

/**
 * Environment for a terraform child process (see the module comment). The
 * mirror's CLI config is written into `cliConfigDir` (default
 * `.scratch/terraform`); a test passing a fake mirror passes its own folder.
 */
export function terraformEnv(
  base: NodeJS.ProcessEnv = process.env,
  candidates?: readonly string[],
  cliConfigDir: string = defaultCliConfigDir(),
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
  };
  const cliConfig = writeTerraformCliConfig(cliConfigDir, base, candidates);
  if (cliConfig) {
    env.TF_CLI_CONFIG_FILE = cliConfig;
  } else if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
    // A CLI config that does not exist only produces a warning on every run.
    delete env.TF_CLI_CONFIG_FILE;
  }
  return env;
}

/** Outcome of one terraform run. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runTerraform}. */
export interface RunTerraformOptions {
  readonly cwd: string;
  /** @default terraformEnv() */
  readonly env?: NodeJS.ProcessEnv;
  /** @default 300000 (5 minutes) */
  readonly timeoutMs?: number;
}

/** Runs `terraform <args>` and collects its output; never throws for a non-zero exit. */
export function runTerraform(
  args: readonly string[],
  options: RunTerraformOptions,
): Promise<TerraformResult> {
  const env = options.env ?? terraformEnv();
  const timeoutMs = options.timeoutMs ?? 300_000;
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args], {
      cwd: options.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[terraform ${args.join(" ")} killed after ${timeoutMs} ms]`;
      child.kill("SIGTERM");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * Arguments of a saved plan that says whether anything changes
 * (`-detailed-exitcode`: 0 nothing, 2 changes, 1 error), as deploy and drift
 * run it.
 */
export function savedPlanArgs(planFile: string, lockTimeout: string): string[] {
  return [
    "plan",
    "-input=false",
    "-no-color",
    "-detailed-exitcode",
    `-lock-timeout=${lockTimeout}`,
    `-out=${planFile}`,
  ];
}

/** True when a `terraform` binary is on the PATH. */
export function terraformAvailable(
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && fs.existsSync(path.join(dir, "terraform")));
}
