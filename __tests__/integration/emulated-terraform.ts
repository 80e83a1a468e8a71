/**
 * Shared by the emulator tests: scratch folders that run the real terraform
 * binary with a synthesized stack's S3 backend redirected to s3rver and
 * dynalite, an operation that holds the state lock until told to go on, and
 * the state and drift CLIs as child processes.
 */
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { PipelineConfig } from "../../config";
import { loadConfig } from "../../config";
import { createBootstrapStack } from "../../stacks/bootstrap-stack";
import { createEnvironmentStacks } from "../../stacks/environment-stacks";
import { Emulators } from "../support/state-backend-fixture";
import { readSynthesizedStacks, StackJson } from "../../tools/offline-plan";
import {
  runTerraform,
  terraformEnv,
  TerraformResult,
} from "../../tools/terraform";

const ROOT = path.resolve(__dirname, "..", "..");
/** Upper bound of one terraform run in these tests. */
export const TERRAFORM_TIMEOUT_MS = 90_000;

/** A fresh folder below the test run's folder (or the OS temp folder). */
export function scratchDir(name: string): string {
  const base = process.env.PIPELINE_TEST_RUN_DIR ?? os.tmpdir();
  return fs.mkdtempSync(path.join(base, `${name}-`));
}

/** Synthesizes every stack of `environments` for `config` in-process; name → Terraform JSON. */
export function synthesize(
  config: PipelineConfig,
  environments: readonly string[],
): Record<string, StackJson> {
  const outdir = scratchDir("synth");
  const loaded = loadConfig(config, environments);
  const app = new App({ outdir, skipValidation: true });
  createBootstrapStack(app, loaded.state);
  for (const environment of loaded.environments)
    createEnvironmentStacks(app, environment, loaded.state);
  app.synth();
  return readSynthesizedStacks(outdir);
}

/** The stack's S3 backend without `assume_role` (the emulators have no STS); the rest comes from `-backend-config`. */
export function emulatedBackend(stack: StackJson): StackJson {
  const s3 = JSON.parse(JSON.stringify(stack.terraform.backend.s3));
  delete s3.assume_role;
  return { s3 };
}

/**
 * A scratch folder with the stack's backend and only outputs: a configuration
 * whose apply writes state without any provider or AWS call.
 */
export function outputOnlyDir(
  name: string,
  stack: StackJson,
  outputs: Record<string, string>,
): string {
  const dir = scratchDir(name);
  writeOutputs(dir, stack, outputs);
  return dir;
}

/** (Re)writes the output-only configuration of {@link outputOnlyDir}. */
export function writeOutputs(
  dir: string,
  stack: StackJson,
  outputs: Record<string, string>,
): void {
  const json: StackJson = { terraform: { backend: emulatedBackend(stack) } };
  if (Object.keys(outputs).length > 0) {
    json.output = Object.fromEntries(
      Object.entries(outputs).map(([k, v]) => [k, { value: v }]),
    );
  }
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify(json, null, 2),
  );
}

/** Runs terraform with the project's environment and the tests' time bound. */
export function terraform(
  args: readonly string[],
  cwd: string,
): Promise<TerraformResult> {
  return runTerraform(args, {
    cwd,
    env: terraformEnv(),
    timeoutMs: TERRAFORM_TIMEOUT_MS,
  });
}

/** `terraform init` against the emulators; throws with Terraform's output when it fails. */
export async function initAgainst(
  emulators: Emulators,
  dir: string,
): Promise<void> {
  const result = await terraform(
    [
      "init",
      "-input=false",
      "-no-color",
      ...emulators.backendConfig().map((c) => `-backend-config=${c}`),
    ],
    dir,
  );
  if (result.code !== 0)
    throw new Error(
      `terraform init failed in ${dir}:\n${result.stdout}${result.stderr}`,
    );
}

/** An apply that stopped at its approval prompt, holding the state lock. */
export interface HeldApply {
  /** Answers the prompt ("yes" applies) and waits for the apply to end. */
  answer(text: string): Promise<TerraformResult>;
  kill(): void;
}

/**
 * Starts `terraform apply` without -auto-approve and resolves once it asks
 * for approval: from then until it is answered it holds the state lock, like
 * an engineer reading a plan.
 */
export function applyHoldingLock(
  dir: string,
  timeoutMs = TERRAFORM_TIMEOUT_MS,
): Promise<HeldApply> {
  return new Promise((resolve, reject) => {
    const child: ChildProcessWithoutNullStreams = spawn(
      "terraform",
      ["apply", "-no-color", "-input=true"],
      { cwd: dir, env: terraformEnv() },
    );
    let stdout = "";
    let stderr = "";
    let prompted = false;
    const exited = new Promise<TerraformResult>((done) =>
      child.on("close", (code) => done({ code: code ?? 1, stdout, stderr })),
    );
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `terraform apply did not prompt within ${timeoutMs} ms:\n${stdout}${stderr}`,
        ),
      );
    }, timeoutMs);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!prompted && stdout.includes("Enter a value:")) {
        prompted = true;
        clearTimeout(timer);
        resolve({
          answer: (text) => {
            child.stdin.end(`${text}\n`);
            return exited;
          },
          kill: () => child.kill("SIGKILL"),
        });
      }
    });
    void exited.then((result) => {
      if (!prompted) {
        clearTimeout(timer);
        reject(
          new Error(
            `terraform apply ended before prompting:\n${result.stdout}${result.stderr}`,
          ),
        );
      }
    });
  });
}

/** The entry file `npm run <name>` starts, read from package.json's script so a moved CLI cannot be missed. */
function cliEntry(name: string): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
  ) as { scripts: Record<string, string> };
  const entry = (pkg.scripts[name] ?? "")
    .split(/\s+/)
    .find((word) => word.endsWith(".ts"));
  if (!entry) {
    throw new Error(`package.json has no TypeScript script "${name}"`);
  }
  return path.join(ROOT, entry);
}

/** Runs one of the project's TypeScript CLIs as `npm run <name>` would, collecting its output. */
export function runCli(
  name: "state" | "drift" | "deploy" | "migrate",
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = ROOT,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", cliEntry(name), ...args],
      {
        cwd,
        env: {
          ...env,
          TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(
      () => child.kill("SIGKILL"),
      3 * TERRAFORM_TIMEOUT_MS,
    );
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
