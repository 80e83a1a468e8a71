/**
 * The one reader of a synthesized output folder's `manifest.json` (what
 * `cdktf synth` and the app command write beside `stacks/`): which stacks
 * there are, where each one's folder and Terraform JSON are, and what each
 * depends on. Every tool that needs the synthesized stacks reads them here.
 */
import * as fs from "fs";
import * as path from "path";
import { InputError, readJsonInput, UsageError } from "./command-line";

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

/** How a file is named in a message: relative to the working folder when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}

const EXPECTED = "a cdktf manifest (run `npm run synth` again)";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The stacks `outdir/manifest.json` lists, sorted by name. Throws a
 * UsageError when nothing was synthesized there, and an InputError naming
 * the file and the field when it is not JSON or not a cdktf manifest (a
 * stack without `workingDirectory` or `synthesizedStackPath`).
 */
export function readManifest(outdir: string): ManifestStack[] {
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `No synthesized stacks in ${outdir} (no manifest.json): run \`npm run synth\` first.`,
    );
  }
  const label = shown(file);
  const manifest = readJsonInput(file, label, EXPECTED);
  if (!isObject(manifest) || !isObject(manifest.stacks))
    throw new InputError(`${label}: no "stacks" object; expected ${EXPECTED}`);
  return Object.entries(manifest.stacks)
    .map(([name, entry]) => {
      const field = (key: string): string => {
        const value = isObject(entry) ? entry[key] : undefined;
        if (typeof value !== "string" || value === "")
          throw new InputError(
            `${label}: stacks.${name}.${key} is missing; expected ${EXPECTED}`,
          );
        return value;
      };
      const dependencies = isObject(entry) ? entry.dependencies : undefined;
      return {
        name,
        dir: path.resolve(outdir, field("workingDirectory")),
        jsonPath: path.resolve(outdir, field("synthesizedStackPath")),
        dependencies: Array.isArray(dependencies)
          ? dependencies.map(String)
          : [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A synthesized stack's Terraform JSON; an InputError naming the file when it is missing or not JSON. */
export function readStackJson(stack: ManifestStack): StackJson {
  const json = readJsonInput(
    stack.jsonPath,
    shown(stack.jsonPath),
    `the Terraform JSON of ${stack.name} (run \`npm run synth\` again)`,
  );
  if (!isObject(json))
    throw new InputError(
      `${shown(stack.jsonPath)}: not a JSON object; expected the Terraform JSON of ${stack.name} (run \`npm run synth\` again)`,
    );
  return json;
}

/** Every stack of `outdir` with its Terraform JSON: stack name → JSON, sorted by name. */
export function readStackJsons(outdir: string): Record<string, StackJson> {
  const stacks: Record<string, StackJson> = {};
  for (const stack of readManifest(outdir))
    stacks[stack.name] = readStackJson(stack);
  return stacks;
}
