/**
 * `npm run deploy` (tools/deploy.ts) handles independent stacks side by
 * side: with the real terraform binary on output-only stacks with local
 * state, a chain (`t-first` ← `t-second`) and a stack on its own
 * (`t-alone`, as an environment's `-ci` stack beside vpc → database → ...).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDeployCommand, StackOutcome } from "../../tools/deploy";
import { terraformAvailable } from "../../tools/terraform";

const describeWithTerraform = terraformAvailable() ? describe : describe.skip;

describeWithTerraform("the deploy command, stacks side by side", () => {
  let outdir: string;

  /** Output-only stacks with local state; `broken` fails its plan. */
  function writeStacks(
    stacks: readonly (readonly [string, readonly string[], "broken"?])[],
  ): void {
    const manifest = {
      version: "0.21.0",
      stacks: {} as Record<string, object>,
    };
    for (const [name, dependencies, broken] of stacks) {
      const dir = path.join(outdir, "stacks", name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify({
          terraform: { backend: { local: { path: "terraform.tfstate" } } },
          output: {
            marker: { value: broken ? "${var.undeclared}" : name },
          },
        }),
      );
      manifest.stacks[name] = {
        name,
        workingDirectory: `stacks/${name}`,
        synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
        dependencies,
      };
    }
    fs.writeFileSync(
      path.join(outdir, "manifest.json"),
      JSON.stringify(manifest),
    );
  }
  const CHAIN_AND_ALONE = [
    ["t-first", []],
    ["t-second", ["t-first"]],
    ["t-alone", []],
  ] as const;
  const byName = (outcomes: readonly StackOutcome[]) =>
    Object.fromEntries(outcomes.map((o) => [o.stack, o]));
  /** Whether the two stacks' runs overlapped in time. */
  const overlapped = (a: StackOutcome, b: StackOutcome) =>
    a.startedAt! < b.endedAt! && b.startedAt! < a.endedAt!;

  beforeEach(() => {
    outdir = fs.mkdtempSync(
      path.join(process.env.PIPELINE_TEST_RUN_DIR ?? os.tmpdir(), "deploy-"),
    );
  });

  it("GIVEN a chain and a stack on its own WHEN deployed THEN the lone stack runs beside the chain, the dependant only after its dependency", async () => {
    writeStacks(CHAIN_AND_ALONE);
    const result = await runDeployCommand(["all", "--outdir", outdir]);
    const o = byName(result.outcomes);
    expect({
      outcomes: result.outcomes.map((x) => `${x.stack} ${x.status}`),
      aloneBesideFirst: overlapped(o["t-alone"], o["t-first"]),
      secondAfterFirst: o["t-second"].startedAt! >= o["t-first"].endedAt!,
    }).toEqual({
      // Reported in deploy order, whatever finished first.
      outcomes: ["t-alone applied", "t-first applied", "t-second applied"],
      aloneBesideFirst: true,
      secondAfterFirst: true,
    });
  }, 180_000);

  it("GIVEN --parallel 1 WHEN deployed THEN one stack after another", async () => {
    writeStacks(CHAIN_AND_ALONE);
    const result = await runDeployCommand([
      "all",
      "--outdir",
      outdir,
      "--parallel",
      "1",
    ]);
    const [a, b, c] = result.outcomes;
    expect({
      code: result.code,
      overlaps: [overlapped(a, b), overlapped(b, c), overlapped(a, c)],
    }).toEqual({ code: 0, overlaps: [false, false, false] });
  }, 180_000);

  it("GIVEN deployed stacks WHEN destroyed THEN the lone stack goes beside the dependant, the dependency only after its dependant", async () => {
    writeStacks(CHAIN_AND_ALONE);
    await runDeployCommand(["all", "--outdir", outdir]);
    const result = await runDeployCommand([
      "all",
      "--outdir",
      outdir,
      "--destroy",
    ]);
    const o = byName(result.outcomes);
    expect({
      code: result.code,
      outcomes: result.outcomes.map((x) => x.stack),
      firstAfterSecond: o["t-first"].startedAt! >= o["t-second"].endedAt!,
    }).toEqual({
      code: 0,
      outcomes: ["t-second", "t-first", "t-alone"],
      firstAfterSecond: true,
    });
  }, 180_000);

  it("GIVEN a stack whose plan fails WHEN deployed THEN its dependant is skipped and the stack beside it still finishes", async () => {
    writeStacks([
      ["t-first", [], "broken"],
      ["t-second", ["t-first"]],
      ["t-alone", []],
    ]);
    const result = await runDeployCommand(["all", "--outdir", outdir]);
    expect({
      code: result.code,
      outcomes: result.outcomes.map((x) => `${x.stack} ${x.status}`),
      line: result.stdout.split("\n")[2],
    }).toEqual({
      code: 1,
      outcomes: ["t-alone applied", "t-first failed", "t-second skipped"],
      line: "t-second: skipped (another stack failed)",
    });
  }, 180_000);

  it("GIVEN a listener WHEN deployed THEN it hears of each stack as soon as it is done, the dependency before its dependant", async () => {
    writeStacks(CHAIN_AND_ALONE);
    const heard: string[] = [];
    let heardBeforeTheEnd = 0;
    const deploying = runDeployCommand(
      ["all", "--outdir", outdir],
      process.env,
      (o) => heard.push(`${o.stack} ${o.status}`),
    );
    // t-first is heard of while t-second still runs.
    const poll = setInterval(() => (heardBeforeTheEnd = heard.length), 50);
    await deploying.finally(() => clearInterval(poll));
    expect({
      heard: [...heard].sort(),
      firstBeforeSecond:
        heard.indexOf("t-first applied") < heard.indexOf("t-second applied"),
      heardWhileRunning: heardBeforeTheEnd > 0,
    }).toEqual({
      heard: ["t-alone applied", "t-first applied", "t-second applied"],
      firstBeforeSecond: true,
      heardWhileRunning: true,
    });
  }, 180_000);
});
