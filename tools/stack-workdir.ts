/**
 * Shared by the state and drift CLIs: finding a synthesized stack's folder
 * (`cdktf.out/stacks/<stack>`, where `cdktf deploy` runs Terraform too),
 * choosing stacks by name, glob or environment, parsing the common options
 * and running `terraform init` there with the stack's own backend.
 */
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../config/types";
import {
  CommandOutput,
  OptionSpecs,
  parseCommandLine,
  runCommandLine,
  UsageError,
} from "./command-line";
import { SynthesizedStack } from "./manifest";
import { runTerraform, TerraformResult } from "./terraform";

// Re-exported: the state, drift and deploy CLIs import them from here.
export { runCommandLine, UsageError };
/** The stacks of an output folder, sorted by name (tools/manifest.ts, the one manifest reader). */
export { readManifest as readStacks } from "./manifest";
export type { CommandOutput, SynthesizedStack };

/** Options every state / drift command takes. */
export interface CommonOptions {
  /** Synthesized output folder. */
  readonly outdir: string;
  /** `-backend-config` values for `terraform init` (`key=value` or a file). */
  readonly backendConfig: readonly string[];
  /** Pass `-reconfigure` to init (backend settings changed since the last init). */
  readonly reconfigure: boolean;
  /** Skip `terraform init` (the folder is initialized already). */
  readonly skipInit: boolean;
}

/** The output folder: `--outdir`, else CDKTF_OUTDIR, else `cdktf.out`. */
export function defaultOutdir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CDKTF_OUTDIR ?? "cdktf.out");
}

/** Glob with `*` only, as in `cdktf deploy 'financial-pipeline-production-*'`. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/**
 * The stacks `targets` name: a stack name, a glob, an environment name
 * (every stack `<project>-<environment>-*`) or `all`; no target means all.
 * Throws a UsageError for a target that matches nothing.
 */
export function selectStacks(
  stacks: readonly SynthesizedStack[],
  targets: readonly string[],
): SynthesizedStack[] {
  if (targets.length === 0 || targets.includes("all")) return [...stacks];
  const chosen = new Set<string>();
  for (const target of targets) {
    const exact = stacks.filter((s) => s.name === target);
    const byGlob = target.includes("*")
      ? stacks.filter((s) => globPattern(target).test(s.name))
      : [];
    const byEnvironment = (ENVIRONMENT_NAMES as readonly string[]).includes(
      target,
    )
      ? stacks.filter((s) => s.name.includes(`-${target}-`))
      : [];
    const matched =
      exact.length > 0 ? exact : byGlob.length > 0 ? byGlob : byEnvironment;
    if (matched.length === 0) {
      throw new UsageError(
        `No synthesized stack matches "${target}". Stacks: ${stacks.map((s) => s.name).join(", ")}`,
      );
    }
    matched.forEach((s) => chosen.add(s.name));
  }
  return stacks.filter((s) => chosen.has(s.name));
}

/** One stack by exact name. */
export function findStack(
  stacks: readonly SynthesizedStack[],
  name: string | undefined,
): SynthesizedStack {
  if (!name) throw new UsageError("Name a stack.");
  const stack = stacks.find((s) => s.name === name);
  if (!stack) {
    throw new UsageError(
      `No synthesized stack named "${name}". Stacks: ${stacks.map((s) => s.name).join(", ")}`,
    );
  }
  return stack;
}

/** The options every state / drift command takes, for `util.parseArgs`. */
const COMMON_OPTIONS = {
  outdir: { type: "string" },
  "backend-config": { type: "string", multiple: true },
  reconfigure: { type: "boolean" },
  "no-init": { type: "boolean" },
} as const satisfies OptionSpecs;

/**
 * Splits `argv` into the common options, the command's own flags (listed in
 * `flags`, with or without a value) and the positional arguments, with
 * Node's `util.parseArgs` (strict: an unknown option, a missing value or a
 * value given to a flag is a UsageError naming the option).
 */
export function parseArgs(
  argv: readonly string[],
  flags: Readonly<Record<string, "boolean" | "value">> = {},
  env: NodeJS.ProcessEnv = process.env,
): {
  common: CommonOptions;
  flags: Record<string, string | boolean>;
  positional: string[];
} {
  const own: OptionSpecs = {};
  for (const [name, kind] of Object.entries(flags))
    own[name] = { type: kind === "value" ? "string" : "boolean" };
  const { values, positionals } = parseCommandLine(argv, {
    ...own,
    ...COMMON_OPTIONS,
  });
  const ownValues: Record<string, string | boolean> = {};
  for (const name of Object.keys(flags)) {
    const value = (values as Record<string, unknown>)[name];
    if (typeof value === "string" || typeof value === "boolean")
      ownValues[name] = value;
  }
  return {
    common: {
      outdir: values.outdir ? path.resolve(values.outdir) : defaultOutdir(env),
      backendConfig: values["backend-config"] ?? [],
      reconfigure: values.reconfigure ?? false,
      skipInit: values["no-init"] ?? false,
    },
    flags: ownValues,
    positional: positionals,
  };
}

/** `terraform init` in the stack's folder with its own backend (plus `-backend-config` values). */
export async function initStack(
  stack: SynthesizedStack,
  options: CommonOptions,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  if (options.skipInit) return { code: 0, stdout: "", stderr: "" };
  const args = [
    "init",
    "-input=false",
    "-no-color",
    ...options.backendConfig.map((c) => `-backend-config=${c}`),
  ];
  if (options.reconfigure) args.push("-reconfigure");
  return runTerraform(args, { cwd: stack.dir, env, timeoutMs: 300_000 });
}

/**
 * Terraform's first error block on one line (`Error: ... detail`), for the
 * one-line reports; the last lines of output when there is none.
 */
export function errorSummary(result: TerraformResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split("\n")
    .map((line) => line.replace(/^[│╷╵]\s?/, "").trim())
    .filter((line) => line.length > 0);
  const first = lines.findIndex((line) => line.startsWith("Error:"));
  const picked = first >= 0 ? lines.slice(first, first + 6) : lines.slice(-3);
  return picked.join(" ") || `terraform exited with ${result.code}`;
}
