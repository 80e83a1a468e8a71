/**
 * Terraform runs of the drift command: init and plan each stack in its
 * synthesized folder with its own backend, `terraform show -json` the
 * plan, and analyse it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mapWithLimit } from "../worker-pool";
import { runTerraform, savedPlanArgs } from "../terraform";
import {
  CommonOptions,
  errorSummary,
  initStack,
  SynthesizedStack,
} from "../stack-workdir";
import {
  analysePlan,
  ignoredChangesOf,
  IgnoredChanges,
  priorResources,
} from "./analysis";
import { Json } from "./mirrors";
import { StackReport } from "./report";

/** Options of {@link checkStack}. */
export interface DriftOptions extends CommonOptions {
  /** Refresh from AWS (drift of real resources); false compares configuration and state only. */
  readonly refresh: boolean;
  /** Terraform `-lock-timeout`. */
  readonly lockTimeout: string;
}

function errorReport(stack: string, error: string): StackReport {
  return { stack, status: "error", drift: [], changes: [], outputs: [], error };
}

/** A stack's plan as `terraform show -json` writes it, with the plan's exit code. */
interface Planned {
  readonly stack: string;
  readonly plan: Json;
  readonly code: number;
  /** The configuration's `lifecycle.ignore_changes`, which the plan JSON lacks. */
  readonly ignored: IgnoredChanges;
}

/** The `lifecycle.ignore_changes` of the stack's synthesized configuration. */
function ignoredChangesIn(stack: SynthesizedStack): IgnoredChanges {
  const file = path.join(stack.dir, "cdk.tf.json");
  return ignoredChangesOf(JSON.parse(fs.readFileSync(file, "utf8")));
}

/** Init and plan one stack: its plan, or the report of why there is none. */
async function planStack(
  stack: SynthesizedStack,
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
): Promise<Planned | StackReport> {
  const init = await initStack(stack, options, env);
  if (init.code !== 0)
    return errorReport(
      stack.name,
      `terraform init failed: ${errorSummary(init)}`,
    );
  // The plan file can hold secrets: outside the project, removed afterwards.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
  const planFile = path.join(scratch, "drift.tfplan");
  try {
    const args = savedPlanArgs(planFile, options.lockTimeout);
    if (!options.refresh) args.push("-refresh=false");
    const plan = await runTerraform(args, {
      cwd: stack.dir,
      env,
      timeoutMs: 900_000,
    });
    // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
    if (plan.code !== 0 && plan.code !== 2)
      return errorReport(
        stack.name,
        `terraform plan failed: ${errorSummary(plan)}`,
      );
    const show = await runTerraform(["show", "-json", "-no-color", planFile], {
      cwd: stack.dir,
      env,
    });
    if (show.code !== 0)
      return errorReport(
        stack.name,
        `terraform show failed: ${errorSummary(show)}`,
      );
    return {
      stack: stack.name,
      plan: JSON.parse(show.stdout),
      code: plan.code,
      ignored: ignoredChangesIn(stack),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The report of one stack's plan; `context` as for {@link analysePlan}. */
function reportOf(planned: Planned, context: readonly Json[]): StackReport {
  const findings = analysePlan(planned.plan, context, planned.ignored);
  const found =
    findings.drift.length + findings.changes.length + findings.outputs.length >
    0;
  // Terraform's own verdict counts too: a change this report does not itemize is still not "in sync".
  const differs = found || planned.code === 2;
  if (differs && !found) {
    return {
      stack: planned.stack,
      status: "drift",
      ...findings,
      error:
        "terraform plan reports changes that are neither resource nor output changes",
    };
  }
  return {
    stack: planned.stack,
    status: differs ? "drift" : "in-sync",
    ...findings,
  };
}

/** Init, plan and analyse one stack. */
export async function checkStack(
  stack: SynthesizedStack,
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
): Promise<StackReport> {
  const planned = await planStack(stack, options, env);
  return "plan" in planned ? reportOf(planned, []) : planned;
}

/**
 * Plans `stacks`, at most `parallel` at once, and reports them in stack
 * order. Each stack's plan is read with the other stacks' resources: a
 * computed copy may mirror them (the database's security group lists the
 * rules the api and jobs stacks add to it).
 */
export async function checkStacks(
  stacks: readonly SynthesizedStack[],
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
  parallel: number,
): Promise<StackReport[]> {
  const planned = await mapWithLimit(stacks, parallel, (stack) =>
    planStack(stack, options, env).catch((error) =>
      errorReport(stack.name, String(error)),
    ),
  );
  const all = planned.flatMap((p) =>
    "plan" in p ? priorResources(p.plan) : [],
  );
  return planned.map((p) => ("plan" in p ? reportOf(p, all) : p));
}
