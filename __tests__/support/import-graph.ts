/**
 * The project's import graph, read with the TypeScript compiler's own
 * pre-processor (`ts.preProcessFile`: every `import`, `import type`,
 * `export ... from`, `import()` and `require()`), and the rules the layout
 * keeps: tools → stacks → config → modules, nothing imports from
 * `__tests__`, no `tools/` module used only by tests, no cycles. The boundary test runs it on the tree and on small
 * fixture trees.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** Source file extensions the graph reads. */
const SOURCE_EXTENSIONS = [".ts", ".js", ".mjs"];
/** Folders never read: dependencies, generated output, scratch. */
const IGNORED_FOLDERS = new Set([
  "node_modules",
  ".git",
  ".gen",
  ".scratch",
  "cdktf.out",
  "coverage",
]);
/** How a relative specifier may name a file, in the order Node and TypeScript try them. */
const RESOLUTION_SUFFIXES = [
  "",
  ".ts",
  ".js",
  ".mjs",
  ".json",
  "/index.ts",
  "/index.js",
];

/** File → the project files it imports; paths relative to the root, `/`-separated. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every source file under `root` (ignored folders skipped), relative, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (
        SOURCE_EXTENSIONS.some((e) => entry.name.endsWith(e)) &&
        !entry.name.endsWith(".d.ts")
      ) {
        found.push(path.relative(root, path.join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return found.map((f) => f.split(path.sep).join("/")).sort();
}

/** The project file a relative `specifier` of `from` names, or undefined (a package, or missing). */
function resolve(
  root: string,
  from: string,
  specifier: string,
): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.join(root, path.dirname(from), specifier);
  for (const suffix of RESOLUTION_SUFFIXES) {
    const candidate = base + suffix;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile())
      return path.relative(root, candidate).split(path.sep).join("/");
  }
  return undefined;
}

/** The import graph of every source file under `root`. */
export function importGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const info = ts.preProcessFile(text, true, true);
    const targets = info.importedFiles
      .map((ref) => resolve(root, file, ref.fileName))
      .filter((t): t is string => t !== undefined && t !== file);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/** The top-level unit of a file: its first folder, or `main` for a file at the root. */
function unit(file: string): string {
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : "main";
}

/** Units each unit must not import from: dependencies point tools → stacks → config → modules. */
export const FORBIDDEN_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  modules: ["config", "stacks", "tools", "main", "__tests__"],
  config: ["stacks", "tools", "main", "__tests__"],
  stacks: ["tools", "main", "__tests__"],
  tools: ["__tests__"],
  main: ["tools", "__tests__"],
};

/** Each import that crosses a boundary the wrong way, as `from imports to (rule)`. */
export function boundaryViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    const forbidden = FORBIDDEN_IMPORTS[unit(file)] ?? [];
    for (const target of targets) {
      if (forbidden.includes(unit(target)))
        violations.push(
          `${file} imports ${target} (${unit(file)}/ may import nothing from ${forbidden.join(", ")})`,
        );
    }
  }
  return violations;
}

/** The `tools/` files package.json's scripts run (`node ... tools/x.ts`). */
export function scriptEntries(root: string): string[] {
  const scripts: Record<string, string> =
    JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
      .scripts ?? {};
  return Object.values(scripts)
    .flatMap((command) => command.match(/\btools\/[\w./-]+/g) ?? [])
    .sort();
}

/**
 * Each `tools/` file imported by tests and by no other file, unless a script
 * runs it: such a file is a test fixture living in the product, and belongs
 * in `__tests__/support/`.
 */
export function testOnlyTools(
  graph: ImportGraph,
  entries: readonly string[],
): string[] {
  const importers = new Map<string, string[]>();
  for (const [file, targets] of graph)
    for (const target of targets)
      importers.set(target, [...(importers.get(target) ?? []), file]);
  return [...importers]
    .filter(
      ([file, users]) =>
        unit(file) === "tools" &&
        !entries.includes(file) &&
        users.every((user) => unit(user) === "__tests__"),
    )
    .map(([file, users]) => `${file} is imported only by ${users.join(", ")}`)
    .sort();
}

/**
 * Each import cycle, one per strongly connected component of the graph
 * (Tarjan): the shortest path that closes it from the component's first file
 * in sort order (`a.ts → b.ts → a.ts`), followed by the component's other
 * files when it has more.
 */
export function importCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort())
    if (!index.has(file)) visit(file);
  return components
    .map((component) => {
      const loop = cyclePath(graph, new Set(component), component[0]);
      const others = component.filter((f) => !loop.split(" → ").includes(f));
      return others.length === 0
        ? loop
        : `${loop} (same cycle: ${others.join(", ")})`;
    })
    .sort();
}

/** The shortest path from `start` back to itself inside `members`, joined with arrows. */
function cyclePath(
  graph: ImportGraph,
  members: ReadonlySet<string>,
  start: string,
): string {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const loop = [start];
        for (let at = file; at !== start; at = previous.get(at)!)
          loop.splice(1, 0, at);
        return [...loop, start].join(" → ");
      }
      if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return [...members].join(" → ");
}
