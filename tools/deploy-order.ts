/**
 * The order of `npm run deploy` (tools/deploy.ts): which stack comes after
 * which, from the manifest's dependencies, as cdktf's own scheduler has it
 * (docs/state-and-drift.md): a stack is deployed after its dependencies and
 * destroyed after the stacks that depend on it.
 */
import { SynthesizedStack } from "./manifest";
import { UsageError } from "./command-line";

/**
 * `stacks` sorted so that every stack comes after its dependencies (ties by
 * name). Throws a UsageError when a dependency is not selected, unless
 * `ignoreMissing`.
 */
export function deployOrder(
  stacks: readonly SynthesizedStack[],
  ignoreMissing: boolean,
): SynthesizedStack[] {
  const selected = new Map(stacks.map((s) => [s.name, s]));
  if (!ignoreMissing) {
    for (const stack of stacks) {
      const missing = stack.dependencies.filter((d) => !selected.has(d));
      if (missing.length > 0)
        throw new UsageError(
          `${stack.name} depends on ${missing.join(", ")}, which is not selected: ` +
            `select it too, or pass --ignore-missing-stack-dependencies when it is deployed already`,
        );
    }
  }
  const ordered: SynthesizedStack[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (stack: SynthesizedStack) => {
    if (done.has(stack.name)) return;
    if (visiting.has(stack.name))
      throw new UsageError(`dependency cycle through ${stack.name}`);
    visiting.add(stack.name);
    for (const dependency of [...stack.dependencies].sort()) {
      const next = selected.get(dependency);
      if (next) visit(next);
    }
    visiting.delete(stack.name);
    done.add(stack.name);
    ordered.push(stack);
  };
  [...stacks].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return ordered;
}

/**
 * What `stack` waits for: its dependencies when deploying; when destroying,
 * the stacks that depend on it (of those selected).
 */
export function waitsFor(
  stacks: readonly SynthesizedStack[],
  destroy: boolean,
): (stack: SynthesizedStack) => SynthesizedStack[] {
  return (stack) =>
    stacks.filter((other) =>
      destroy
        ? other.dependencies.includes(stack.name)
        : stack.dependencies.includes(other.name),
    );
}
