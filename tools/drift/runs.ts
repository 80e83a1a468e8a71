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
  deployedImageTag,
  environmentOfStack,
  ImageTagLookup,
  takesImageTag,
} from "../deployed-image";
import { IMAGE_TAG_VARIABLE } from "../../stacks/api-stack";
import {
  CommonOptions,
  readStacks,
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
import { DriftTarget, driftTarget, setAsideGaps } from "./emulator-gaps";
import { ImageTag, StackReport } from "./report";

/** Options of {@link checkStacks}. */
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
  /** The image tag it was planned with, when it takes one. */
  readonly imageTag?: ImageTag;
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

/**
 * The report of one stack's plan; `context` as for {@link analysePlan}.
 * Against the emulator, what a listed gap explains is set aside.
 */
function reportOf(
  planned: Planned,
  context: readonly Json[],
  target: DriftTarget,
): StackReport {
  const { counted, explained } = setAsideGaps(
    analysePlan(planned.plan, context, planned.ignored),
    target,
  );
  const found =
    counted.drift.length + counted.changes.length + counted.outputs.length > 0;
  // Terraform's own verdict counts too: a change this report does not
  // itemize is still not "in sync" (but one a gap explains is itemized).
  const unexplained = planned.code === 2 && !found && explained.length === 0;
  const report = {
    stack: planned.stack,
    ...counted,
    ...(planned.imageTag ? { imageTag: planned.imageTag } : {}),
    ...(target.kind === "emulator" ? { emulatorGaps: explained } : {}),
  };
  return unexplained
    ? {
        ...report,
        status: "drift",
        error:
          "terraform plan reports changes that are neither resource nor output changes",
      }
    : { ...report, status: found ? "drift" : "in-sync" };
}

/**
 * The image tag each stack that takes `image_tag` is planned with:
 * TF_VAR_image_tag when set, else the tag its environment runs (its API
 * stack's state, tools/deployed-image.ts: what ci.yml and promote.yml set
 * before every deploy). Without it, every plan after an image rollout
 * would revert the running image. One lookup per environment, before any
 * plan (it inits the API stack's folder).
 */
async function imageTags(
  stacks: readonly SynthesizedStack[],
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, ImageTagLookup>> {
  const tags = new Map<string, ImageTagLookup>();
  const given = env[`TF_VAR_${IMAGE_TAG_VARIABLE}`];
  const byEnvironment = new Map<string, ImageTagLookup>();
  for (const stack of stacks.filter(takesImageTag)) {
    if (given) {
      tags.set(stack.name, { tag: given, source: "TF_VAR_image_tag" });
      continue;
    }
    const e = environmentOfStack(stack.name);
    if (!e) {
      tags.set(stack.name, {
        error: `${stack.name} takes ${IMAGE_TAG_VARIABLE} but belongs to no configured environment: set TF_VAR_${IMAGE_TAG_VARIABLE}`,
      });
      continue;
    }
    if (!byEnvironment.has(e.name))
      byEnvironment.set(
        e.name,
        await deployedImageTag(e, readStacks(options.outdir), options, env),
      );
    tags.set(stack.name, byEnvironment.get(e.name)!);
  }
  return tags;
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
  const target = driftTarget(env);
  const tags = await imageTags(stacks, options, env);
  const planned = await mapWithLimit(stacks, parallel, async (stack) => {
    const tag = tags.get(stack.name);
    if (tag && "error" in tag)
      return errorReport(stack.name, `image tag unknown: ${tag.error}`);
    const stackEnv = tag
      ? { ...env, [`TF_VAR_${IMAGE_TAG_VARIABLE}`]: tag.tag }
      : env;
    return planStack(stack, options, stackEnv)
      .then((p) => ("plan" in p && tag ? { ...p, imageTag: tag } : p))
      .catch((error) => errorReport(stack.name, String(error)));
  });
  const all = planned.flatMap((p) =>
    "plan" in p ? priorResources(p.plan) : [],
  );
  return planned.map((p) => ("plan" in p ? reportOf(p, all, target) : p));
}
