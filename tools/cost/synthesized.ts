/**
 * The synthesized stacks the estimate reads: an output folder's manifest and
 * stack JSON, synthesized first (with tools/run-app.js, the project's app
 * command) when the folder is missing or stale.
 *
 * Stale means: no manifest.json; a manifest older than any source file the
 * app is built from (main.ts, package-lock.json, every .ts below config/,
 * modules/, stacks/), compared by modification time as make
 * does; or a manifest without the stacks of every environment (synthesized
 * with PIPELINE_ENVIRONMENT narrowed).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../../config/types";
import { PROFILE_VARIABLE } from "../../config/profiles";
import { readStackJson } from "../manifest";
import { readStacks } from "../stack-workdir";
import { StackInput } from "./estimate";

/** The project root (where main.ts is). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** Folders whose .ts files the app is built from. */
const SOURCE_DIRS = ["config", "modules", "stacks"];

/** Every file the synthesized output depends on. */
export function sourceFiles(root: string = ROOT): string[] {
  const files = ["main.ts", "package-lock.json"]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) {
    const full = path.join(root, dir);
    if (fs.existsSync(full)) walk(full);
  }
  return files;
}

/** Why `outdir` must be synthesized again, or undefined when it is up to date. */
export function staleReason(
  outdir: string,
  root: string = ROOT,
): string | undefined {
  const manifest = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifest)) return `${outdir} has no manifest.json`;
  const builtAt = fs.statSync(manifest).mtimeMs;
  const newer = sourceFiles(root).find((f) => fs.statSync(f).mtimeMs > builtAt);
  if (newer)
    return `${path.relative(root, newer)} changed after ${path.relative(root, manifest) || manifest} was written`;
  const names = readStacks(outdir).map((s) => s.name);
  const missing = ENVIRONMENT_NAMES.filter(
    (env) => !names.some((n) => n.includes(`-${env}-`)),
  );
  if (missing.length > 0)
    return `${outdir} has no stacks of ${missing.join(", ")} (synthesized with PIPELINE_ENVIRONMENT set?)`;
  return undefined;
}

/** Runs the app command into `outdir` with `profile`, every environment selected. */
export function synthesize(
  outdir: string,
  profile: string,
  root: string = ROOT,
): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    [PROFILE_VARIABLE]: profile,
  };
  delete env.PIPELINE_ENVIRONMENT;
  delete env.CDKTF_CONTEXT_JSON;
  // The app creates its staging folder beside outdir, but not outdir's parents.
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const result = spawnSync(
    process.execPath,
    [path.join(root, "tools", "run-app.js")],
    { cwd: root, env, encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(
      `Synthesis of profile ${profile} into ${outdir} failed:\n${result.stderr || result.stdout}`,
    );
  }
}

/** Synthesizes `outdir` when stale; returns the reason it did, or undefined. */
export function ensureSynthesized(
  outdir: string,
  profile: string,
  root: string = ROOT,
): string | undefined {
  const reason = staleReason(outdir, root);
  if (reason !== undefined) synthesize(outdir, profile, root);
  return reason;
}

/** Every stack of `outdir` with its Terraform JSON. */
export function readSynthesized(outdir: string): StackInput[] {
  return readStacks(outdir).map((stack) => ({
    name: stack.name,
    json: readStackJson(stack),
  }));
}
