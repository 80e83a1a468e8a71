/**
 * Access for tests to the synthesized stacks and to their offline Terraform
 * plans. The plans of all stacks are made once per test run, by whichever
 * test file asks first (the others wait for its results file), in parallel.
 */
import * as fs from "fs";
import * as path from "path";
import {
  planStacks,
  readSynthesizedStacks,
  StackJson,
  StackPlanResult,
} from "../../tools/offline-plan";
import { providerMirror, terraformAvailable } from "../../tools/terraform";

/** `terraform show -json` of a plan. */
export type PlanJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function runDir(): string {
  const dir = process.env.PIPELINE_TEST_RUN_DIR;
  if (!dir)
    throw new Error(
      "PIPELINE_TEST_RUN_DIR is not set: run the tests through jest (global setup)",
    );
  return dir;
}

/** The folder the global setup synthesized every stack of every environment into. */
export function synthesizedOutdir(): string {
  return process.env.PIPELINE_TEST_OUTDIR ?? path.join(runDir(), "cdktf.out");
}

/** Every synthesized stack: name → Terraform JSON. */
export function synthesizedStacks(): Record<string, StackJson> {
  return readSynthesizedStacks(synthesizedOutdir());
}

/**
 * Whether Terraform can run here. In CI (CI=true) a missing terraform binary
 * or provider mirror is an error, never a reason to skip.
 */
export function terraformReady(): boolean {
  const ready =
    terraformAvailable() &&
    (providerMirror() !== undefined ||
      process.env.PIPELINE_TF_USE_REGISTRY === "1");
  if (!ready && process.env.CI === "true") {
    throw new Error(
      "CI=true but terraform or the AWS provider mirror is missing: install terraform, set PIPELINE_TF_PROVIDER_MIRROR " +
        "(or PIPELINE_TF_USE_REGISTRY=1 where the registry is reachable)",
    );
  }
  return ready;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Offline init/validate/plan results of every synthesized stack, made once per run. */
export async function allPlanResults(): Promise<StackPlanResult[]> {
  const dir = runDir();
  const resultsFile = path.join(dir, "plans.json");
  const lock = path.join(dir, "plans.lock");
  let owner = false;
  try {
    fs.mkdirSync(lock);
    owner = true;
  } catch {
    // another test file is planning: wait for its results
  }
  if (owner) {
    const stacks = synthesizedStacks();
    const results = await planStacks(
      Object.keys(stacks).sort(),
      stacks,
      path.join(dir, "plans"),
    );
    fs.writeFileSync(`${resultsFile}.tmp`, JSON.stringify(results));
    fs.renameSync(`${resultsFile}.tmp`, resultsFile);
    return results;
  }
  const deadline = Date.now() + 15 * 60_000;
  while (!fs.existsSync(resultsFile)) {
    if (Date.now() > deadline)
      throw new Error(
        "timed out waiting for the offline plans of another test file",
      );
    await sleep(500);
  }
  return JSON.parse(fs.readFileSync(resultsFile, "utf8")) as StackPlanResult[];
}

/** The plan JSON of one stack; throws with Terraform's output if its plan failed. */
export async function readPlan(stack: string): Promise<PlanJson> {
  const result = (await allPlanResults()).find((r) => r.stack === stack);
  if (!result) throw new Error(`no synthesized stack named ${stack}`);
  if (!result.ok || !result.planJsonPath) {
    const failed = result.steps.find((s) => s.code !== 0);
    throw new Error(
      `offline plan of ${stack} failed at ${failed?.step}:\n${failed?.output}`,
    );
  }
  return JSON.parse(fs.readFileSync(result.planJsonPath, "utf8")) as PlanJson;
}
