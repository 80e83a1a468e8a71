/**
 * Deploys (or destroys) synthesized stacks in dependency order with the
 * real terraform binary, in the stacks' synthesized folders and with their
 * own backends, as `cdktf deploy` does:
 *
 *   npm run deploy -- <environment | stack | glob | all ...> [options]
 *
 * For each selected stack, in the manifest's dependency order: `terraform
 * init`, `terraform plan -out=<plan>`, `terraform apply <plan>` (the plan
 * that was shown is the plan that is applied). Two stacks at once: a stack
 * starts as soon as the stacks it depends on are applied (so the `-ci`
 * stack, which depends on nothing, runs beside vpc → database → api →
 * jobs). A failure stops the run: no stack starts after it (the ones
 * running finish), the rest are not touched.
 *
 * Options:
 *   --destroy            destroy instead, in reverse order (a stack after
 *                        the stacks that depend on it); every stack's
 *                        destroy plan is made first, and nothing is deleted
 *                        unless all of them succeed (prevent_destroy stops
 *                        the whole run before any change)
 *   --plan-dir DIR       write one saved plan per stack (DIR/<stack>.tfplan)
 *                        and apply nothing
 *   --from-plans DIR     apply exactly the saved plans of DIR, in order
 *                        (Terraform refuses a plan whose state changed since)
 *   --ignore-missing-stack-dependencies
 *                        allow a stack whose dependencies are not selected
 *                        (they must be deployed already), as cdktf's flag
 *   --parallel 2         stacks handled at once (1: one after another)
 *   --lock-timeout 0s    wait this long for a held state lock
 *   and the common --outdir, --backend-config, --reconfigure, --no-init.
 *
 * Variables come from the environment, e.g. TF_VAR_image_tag=1.4.2.
 * Exit 0 when every selected stack succeeded, 1 otherwise or for a bad
 * command line (docs/tools.md).
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "./scratch";
import { runTerraform, savedPlanArgs, terraformEnv } from "./terraform";
import {
  CommandOutput,
  runMain,
  UsageError,
  wholeNumberOption,
} from "./command-line";
import {
  errorSummary,
  initStack,
  parseArgs,
  readStacks,
  selectStacks,
  SynthesizedStack,
} from "./stack-workdir";
import { deployOrder, waitsFor } from "./deploy-order";
import { runAfter } from "./worker-pool";

export { deployOrder } from "./deploy-order";

const USAGE =
  "Usage: npm run deploy -- <environment | stack | glob | all ...> [--destroy] [--plan-dir DIR | --from-plans DIR]\n" +
  "       [--ignore-missing-stack-dependencies] [--parallel 2] [--lock-timeout 0s] [--outdir DIR] [--backend-config k=v] [--reconfigure] [--no-init]";

/** One stack's outcome. */
export interface StackOutcome {
  readonly stack: string;
  readonly status: "applied" | "planned" | "no-changes" | "failed" | "skipped";
  /** "35 added, 0 changed, 0 destroyed" from Terraform's summary. */
  readonly summary?: string;
  readonly error?: string;
  readonly seconds: number;
  /** When its init (or apply, destroying) started and it ended, in ms since the epoch; absent when skipped. */
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/**
 * Told each stack's outcome as soon as the stack is done, while the others
 * go on (the emulator lifecycle plans a stack again right after its apply).
 */
export type OutcomeListener = (outcome: StackOutcome) => void;

/** What {@link runDeployCommand} returns. */
export interface DeployCommandOutput extends CommandOutput {
  readonly outcomes: readonly StackOutcome[];
}

/** Options of one deploy run. */
export interface DeployOptions {
  readonly destroy: boolean;
  readonly planDir?: string;
  readonly fromPlans?: string;
  readonly lockTimeout: string;
  /** Stacks handled at once (each after the stacks it waits for). */
  readonly parallel: number;
}

const TIMEOUT_MS = 30 * 60_000;
/** Stacks at once by default: as many as the 2-core machines the suite runs on. */
export const DEFAULT_PARALLEL = 2;

function applySummary(output: string): string | undefined {
  return /(?:Apply|Destroy) complete! Resources: ([^.]+)\./.exec(output)?.[1];
}

function planFileOf(dir: string, stack: SynthesizedStack): string {
  return path.join(path.resolve(dir), `${stack.name}.tfplan`);
}

async function plan(
  stack: SynthesizedStack,
  planFile: string,
  options: DeployOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; changes: boolean; error?: string }> {
  const args = savedPlanArgs(planFile, options.lockTimeout);
  if (options.destroy) args.push("-destroy");
  const result = await runTerraform(args, {
    cwd: stack.dir,
    env,
    timeoutMs: TIMEOUT_MS,
  });
  if (result.code !== 0 && result.code !== 2)
    return {
      ok: false,
      changes: false,
      error: `terraform plan failed: ${errorSummary(result)}`,
    };
  return { ok: true, changes: result.code === 2 };
}

async function apply(
  stack: SynthesizedStack,
  planFile: string,
  options: DeployOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; summary?: string; error?: string }> {
  const result = await runTerraform(
    [
      "apply",
      "-input=false",
      "-no-color",
      `-lock-timeout=${options.lockTimeout}`,
      planFile,
    ],
    { cwd: stack.dir, env, timeoutMs: TIMEOUT_MS },
  );
  if (result.code !== 0)
    return {
      ok: false,
      error: `terraform apply failed: ${errorSummary(result)}`,
    };
  return { ok: true, summary: applySummary(result.stdout) };
}

const skipped = (stack: SynthesizedStack): StackOutcome => ({
  stack: stack.name,
  status: "skipped",
  seconds: 0,
});

/**
 * Runs the deploy (or destroy) of `stacks`, already in deploy order, at
 * most `options.parallel` stacks at once, each only after the stacks it
 * waits for ({@link waitsFor}); a failure starts nothing more. Returns one
 * outcome per stack in deploy order (reverse for a destroy).
 */
export async function deployStacks(
  ordered: readonly SynthesizedStack[],
  common: Parameters<typeof initStack>[1],
  options: DeployOptions,
  env: NodeJS.ProcessEnv,
  onOutcome: OutcomeListener = () => undefined,
): Promise<StackOutcome[]> {
  const stacks = options.destroy ? [...ordered].reverse() : [...ordered];
  const scratchRoot = scratchDir("deploy");
  fs.mkdirSync(scratchRoot, { recursive: true });
  // Plan files can hold secrets: a private folder, removed at the end.
  const scratch = fs.mkdtempSync(path.join(scratchRoot, "run-"));
  const timed = (stack: SynthesizedStack, started: number) => ({
    stack: stack.name,
    seconds: (Date.now() - started) / 1000,
    startedAt: started,
    endedAt: Date.now(),
  });
  try {
    if (options.fromPlans) {
      const missing = stacks.filter(
        (s) => !fs.existsSync(planFileOf(options.fromPlans!, s)),
      );
      if (missing.length > 0)
        throw new UsageError(
          `--from-plans ${options.fromPlans}: no saved plan for ${missing.map((s) => s.name).join(", ")}`,
        );
    }
    // Destroy: every plan first (they change nothing: side by side), so
    // that a refusal (prevent_destroy) deletes nothing.
    const destroyPlans = new Map<string, boolean>();
    if (options.destroy && !options.fromPlans) {
      const plans = await runAfter(
        stacks,
        () => [],
        options.parallel,
        async (stack) => {
          const started = Date.now();
          const init = await initStack(stack, common, env);
          const planned =
            init.code === 0
              ? await plan(stack, planFileOf(scratch, stack), options, env)
              : {
                  ok: false,
                  changes: false,
                  error: `terraform init failed: ${errorSummary(init)}`,
                };
          return { ...planned, ...timed(stack, started) };
        },
        (planned) => !planned.ok,
      );
      if (plans.some((p) => p && !p.ok))
        return stacks.map((stack, i): StackOutcome => {
          const p = plans[i];
          if (!p || p.ok) return skipped(stack);
          const { stack: name, seconds, startedAt, endedAt } = p;
          return {
            stack: name,
            status: "failed",
            error: `${p.error} (nothing was destroyed)`,
            seconds,
            startedAt,
            endedAt,
          };
        });
      stacks.forEach((s, i) => destroyPlans.set(s.name, plans[i]!.changes));
    }
    const one = async (stack: SynthesizedStack): Promise<StackOutcome> => {
      const started = Date.now();
      const fail = (error: string): StackOutcome => ({
        ...timed(stack, started),
        status: "failed",
        error,
      });
      let planFile: string;
      let changes = true;
      if (options.fromPlans) {
        planFile = planFileOf(options.fromPlans, stack);
        const init = await initStack(stack, common, env);
        if (init.code !== 0)
          return fail(`terraform init failed: ${errorSummary(init)}`);
      } else if (options.destroy) {
        planFile = planFileOf(scratch, stack);
        changes = destroyPlans.get(stack.name) ?? true;
      } else {
        planFile = planFileOf(options.planDir ?? scratch, stack);
        if (options.planDir)
          fs.mkdirSync(path.resolve(options.planDir), { recursive: true });
        const init = await initStack(stack, common, env);
        if (init.code !== 0)
          return fail(`terraform init failed: ${errorSummary(init)}`);
        const planned = await plan(stack, planFile, options, env);
        if (!planned.ok) return fail(planned.error!);
        changes = planned.changes;
        if (options.planDir)
          return {
            ...timed(stack, started),
            status: changes ? "planned" : "no-changes",
          };
      }
      if (!changes) return { ...timed(stack, started), status: "no-changes" };
      const applied = await apply(stack, planFile, options, env);
      if (!applied.ok) return fail(applied.error!);
      return {
        ...timed(stack, started),
        status: "applied",
        summary: applied.summary,
      };
    };
    const outcomes = await runAfter(
      stacks,
      waitsFor(stacks, options.destroy),
      options.parallel,
      async (stack) => {
        const outcome = await one(stack);
        onOutcome(outcome);
        return outcome;
      },
      (outcome) => outcome.status === "failed",
    );
    return stacks.map((stack, i) => outcomes[i] ?? skipped(stack));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The one-line-per-stack report. */
export function formatOutcomes(
  outcomes: readonly StackOutcome[],
  destroy: boolean,
): string {
  const verb = destroy ? "destroyed" : "applied";
  const lines = outcomes.map((o) => {
    const time = o.status === "skipped" ? "" : ` (${o.seconds.toFixed(1)} s)`;
    switch (o.status) {
      case "applied":
        return `${o.stack}: ${verb}${o.summary ? `: ${o.summary}` : ""}${time}`;
      case "planned":
        return `${o.stack}: plan saved${time}`;
      case "no-changes":
        return `${o.stack}: no changes${time}`;
      case "failed":
        return `${o.stack}: FAILED ${o.error}${time}`;
      default:
        return `${o.stack}: skipped (another stack failed)`;
    }
  });
  return `${lines.join("\n")}\n`;
}

/** The deploy command; Terraform failures are outcomes, bad command lines UsageErrors. */
export async function runDeployCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  onOutcome?: OutcomeListener,
): Promise<DeployCommandOutput> {
  const { common, flags, positional } = parseArgs(
    argv,
    {
      destroy: "boolean",
      "plan-dir": "value",
      "from-plans": "value",
      "ignore-missing-stack-dependencies": "boolean",
      "lock-timeout": "value",
      parallel: "value",
    },
    env,
  );
  if (positional.length === 0)
    throw new UsageError(
      "Name what to deploy: an environment, a stack, a glob, or all.",
    );
  const lockTimeout =
    typeof flags["lock-timeout"] === "string" ? flags["lock-timeout"] : "0s";
  if (!/^\d+(ms|s|m)$/.test(lockTimeout))
    throw new UsageError(
      `--lock-timeout ${lockTimeout}: must be a duration such as 0s, 30s, 5m`,
    );
  const options: DeployOptions = {
    destroy: flags.destroy === true,
    planDir:
      typeof flags["plan-dir"] === "string" ? flags["plan-dir"] : undefined,
    fromPlans:
      typeof flags["from-plans"] === "string" ? flags["from-plans"] : undefined,
    lockTimeout,
    parallel: wholeNumberOption(
      "parallel",
      typeof flags.parallel === "string" ? flags.parallel : undefined,
      DEFAULT_PARALLEL,
    ),
  };
  if (options.planDir && options.fromPlans)
    throw new UsageError("--plan-dir and --from-plans exclude each other");
  if (options.fromPlans && !fs.existsSync(options.fromPlans))
    throw new UsageError(`--from-plans ${options.fromPlans}: no such folder`);
  const ordered = deployOrder(
    selectStacks(readStacks(common.outdir), positional),
    flags["ignore-missing-stack-dependencies"] === true,
  );
  const outcomes = await deployStacks(
    ordered,
    common,
    options,
    terraformEnv(env),
    onOutcome,
  );
  const failed = outcomes.some((o) => o.status === "failed");
  return {
    code: failed ? 1 : 0,
    stdout: formatOutcomes(outcomes, options.destroy),
    stderr: "",
    outcomes,
  };
}

if (require.main === module) void runMain(runDeployCommand, USAGE);
