/**
 * Which stacks a change affects: those whose synthesized Terraform JSON
 * differs between the base and the head of a pull request (or that are new).
 * Synthesis is deterministic (house style), so an unchanged stack is
 * byte-identical and needs no plan.
 */
import * as fs from "fs";
import * as path from "path";
import { readStacks, SynthesizedStack } from "../stack-workdir";

function stackJson(stack: SynthesizedStack): string | undefined {
  const file = path.join(stack.dir, "cdk.tf.json");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** Stacks of `headOutdir` that are new or differ from `baseOutdir`'s (in the head's order); the base may be absent. */
export function affectedStacks(
  baseOutdir: string | undefined,
  headOutdir: string,
): string[] {
  const head = readStacks(headOutdir);
  const base =
    baseOutdir && fs.existsSync(path.join(baseOutdir, "manifest.json"))
      ? new Map(readStacks(baseOutdir).map((s) => [s.name, stackJson(s)]))
      : new Map<string, string | undefined>();
  return head
    .filter(
      (s) =>
        base.get(s.name) === undefined || base.get(s.name) !== stackJson(s),
    )
    .map((s) => s.name);
}
