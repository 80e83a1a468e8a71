/**
 * The one reader of a synthesized output folder's `manifest.json` (what
 * `cdktf synth` and the app command write beside `stacks/`): which stacks
 * there are, where each one's folder and Terraform JSON are, and what each
 * depends on. Every tool that needs the synthesized stacks reads them here.
 */
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./command-line";

/** A synthesized stack's Terraform JSON. */
export type StackJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One stack of a synthesized output folder. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute path of the folder holding its cdk.tf.json. */
  readonly dir: string;
  /** Stacks it depends on (deploy order). */
  readonly dependencies: readonly string[];
}

/** A manifest entry: the stack and the absolute path of its Terraform JSON. */
export interface ManifestStack extends SynthesizedStack {
  readonly jsonPath: string;
}

interface ManifestFile {
  readonly stacks: Record<
    string,
    {
      readonly workingDirectory: string;
      readonly synthesizedStackPath: string;
      readonly dependencies?: string[];
    }
  >;
}

/**
 * The stacks `outdir/manifest.json` lists, sorted by name. Throws a
 * UsageError when nothing was synthesized there, and an error naming the
 * file when it is not a cdktf manifest.
 */
export function readManifest(outdir: string): ManifestStack[] {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `No synthesized stacks in ${outdir} (no manifest.json): run \`npm run synth\` first.`,
    );
  }
  let manifest: ManifestFile;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8")) as ManifestFile;
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  if (
    manifest === null ||
    typeof manifest.stacks !== "object" ||
    manifest.stacks === null
  )
    throw new Error(`${file}: no "stacks" object, not a cdktf manifest`);
  return Object.entries(manifest.stacks)
    .map(([name, entry]) => ({
      name,
      dir: path.resolve(outdir, entry.workingDirectory),
      jsonPath: path.resolve(outdir, entry.synthesizedStackPath),
      dependencies: entry.dependencies ?? [],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every stack of `outdir` with its Terraform JSON: stack name → JSON, sorted by name. */
export function readStackJsons(outdir: string): Record<string, StackJson> {
  const stacks: Record<string, StackJson> = {};
  for (const stack of readManifest(outdir))
    stacks[stack.name] = JSON.parse(fs.readFileSync(stack.jsonPath, "utf8"));
  return stacks;
}
