/**
 * Deploy order as `cdktf deploy 'financial-pipeline-production-*'` and
 * `cdktf destroy` compute it: cdktf-cli's own stack scheduler
 * (@cdktf/cli-core stack-helpers) run over the synthesized manifest, with
 * stand-in executors that finish at once.
 */
import * as fs from "fs";
import * as path from "path";
import { synthesizedOutdir } from "../support/plan";

// Loading @cdktf/commons runs `terraform version` and a version checkpoint
// call; the scheduler needs neither.
jest.mock("@cdktf/commons/src/terraform", () => ({
  terraformBinaryName: "terraform",
  terraformVersion: Promise.resolve("1.11.4"),
}));
process.env.CHECKPOINT_DISABLE = "1";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helpers = require("@cdktf/cli-core/src/lib/helpers/stack-helpers");

interface ManifestStack {
  readonly name: string;
  readonly dependencies: string[];
}

/** A stand-in for cdktf's stack executor: what the scheduler reads. */
interface Executor {
  stack: ManifestStack;
  currentState: "pending" | "done";
  readonly isPending: boolean;
  currentWorkPromise?: Promise<void>;
}

function manifestStacks(): ManifestStack[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(synthesizedOutdir(), "manifest.json"), "utf8"),
  );
  return Object.values<{ name: string; dependencies?: string[] }>(
    manifest.stacks,
  ).map((s) => ({
    name: s.name,
    dependencies: s.dependencies ?? [],
  }));
}

/** The order in which cdktf would start the stacks matching `pattern`, one at a time. */
async function order(
  verb: "deploy" | "destroy",
  pattern: string,
): Promise<string[]> {
  const all = manifestStacks();
  const chosen: ManifestStack[] = helpers.getMultipleStacks(
    all,
    [pattern],
    verb,
  );
  if (verb === "deploy") helpers.checkIfAllDependenciesAreIncluded(chosen);
  else helpers.checkIfAllDependantsAreIncluded(chosen, all);
  const executors: Executor[] = chosen.map((stack) => ({
    stack,
    currentState: "pending",
    get isPending() {
      return this.currentState === "pending";
    },
  }));
  const next =
    verb === "deploy"
      ? helpers.getStackWithNoUnmetDependencies
      : helpers.getStackWithNoUnmetDependants;
  const started: string[] = [];
  for (
    let executor: Executor | undefined = await next(executors);
    executor;
    executor = await next(executors)
  ) {
    started.push(executor.stack.name);
    executor.currentState = "done";
  }
  return started;
}

describe("deploy order", () => {
  it("GIVEN production WHEN cdktf deploys 'financial-pipeline-production-*' THEN the network comes before the database and the database before the API", async () => {
    const started = await order("deploy", "financial-pipeline-production-*");
    const layers = started.map((name) =>
      name.replace("financial-pipeline-production-", ""),
    );
    const expected = ["vpc", "database", "api"].filter((layer) =>
      layers.includes(layer),
    );
    expect(layers.filter((layer) => expected.includes(layer))).toEqual(
      expected,
    );
  });

  // Not simply the deploy order reversed: a stack without dependencies or
  // dependants (-ci) may come anywhere. What matters is that no stack is
  // destroyed before a stack that reads its outputs.
  it("GIVEN production WHEN cdktf destroys 'financial-pipeline-production-*' THEN every stack goes after the stacks that depend on it", async () => {
    const all = manifestStacks().filter((s) =>
      s.name.startsWith("financial-pipeline-production-"),
    );
    const destroy = await order("destroy", "financial-pipeline-production-*");
    expect([...destroy].sort()).toEqual(all.map((s) => s.name).sort());
    const late = all.flatMap((stack) =>
      stack.dependencies
        .filter((d) => destroy.indexOf(d) < destroy.indexOf(stack.name))
        .map((d) => `${d} before its dependant ${stack.name}`),
    );
    expect(late).toEqual([]);
  });

  it("GIVEN production WHEN cdktf destroys it THEN jobs goes before api, api before database, database before vpc", async () => {
    const layers = (
      await order("destroy", "financial-pipeline-production-*")
    ).map((name) => name.replace("financial-pipeline-production-", ""));
    expect(
      layers.filter((l) => ["jobs", "api", "database", "vpc"].includes(l)),
    ).toEqual(["jobs", "api", "database", "vpc"]);
  });

  it("GIVEN every environment stack WHEN its dependencies are read THEN each layer depends on the layer below only", () => {
    const below: Record<string, string[]> = {
      vpc: [],
      database: ["vpc"],
      api: ["vpc", "database"],
      jobs: ["vpc", "database", "api"],
      ci: [],
    };
    for (const stack of manifestStacks().filter(
      (s) => s.name !== "financial-pipeline-bootstrap",
    )) {
      const [, environment, layer] =
        /^financial-pipeline-([a-z]+)-([a-z]+)$/.exec(stack.name) ?? [];
      const allowed = (below[layer] ?? []).map(
        (l) => `financial-pipeline-${environment}-${l}`,
      );
      expect({
        stack: stack.name,
        extra: stack.dependencies.filter((d) => !allowed.includes(d)),
      }).toEqual({ stack: stack.name, extra: [] });
    }
  });

  it("GIVEN the database stack WHEN deployed alone THEN cdktf refuses without its network stack", () => {
    const all = manifestStacks();
    const chosen = helpers.getMultipleStacks(
      all,
      ["financial-pipeline-production-database"],
      "deploy",
    );
    expect(() => helpers.checkIfAllDependenciesAreIncluded(chosen)).toThrow(
      /financial-pipeline-production-vpc/,
    );
  });

  it("GIVEN the bootstrap stack WHEN the manifest is read THEN no environment stack depends on it (it is deployed once, by hand)", () => {
    expect(
      manifestStacks().filter((s) =>
        s.dependencies.includes("financial-pipeline-bootstrap"),
      ),
    ).toEqual([]);
  });
});
