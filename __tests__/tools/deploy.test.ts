/**
 * `npm run deploy` (tools/deploy.ts): the order, the refusals, and — with
 * the real terraform binary on output-only stacks with local state —
 * apply, saved plans, stale plans and destroy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployOrder, runDeployCommand } from "../../tools/deploy";
import { SynthesizedStack, UsageError } from "../../tools/stack-workdir";
import { terraformAvailable } from "../../tools/terraform";

const stack = (
  name: string,
  dependencies: string[] = [],
): SynthesizedStack => ({
  name,
  dir: `/x/${name}`,
  dependencies,
});

describe("deployOrder", () => {
  it("GIVEN stacks listed out of order WHEN ordered THEN each comes after its dependencies", () => {
    const order = deployOrder(
      [
        stack("p-dev-api", ["p-dev-database"]),
        stack("p-dev-vpc"),
        stack("p-dev-database", ["p-dev-vpc"]),
      ],
      false,
    );
    expect(order.map((s) => s.name)).toEqual([
      "p-dev-vpc",
      "p-dev-database",
      "p-dev-api",
    ]);
  });

  it("GIVEN a dependency that is not selected WHEN ordered THEN it is refused, naming it", () => {
    expect(() =>
      deployOrder([stack("p-dev-api", ["p-dev-database"])], false),
    ).toThrow(/p-dev-api depends on p-dev-database, which is not selected/);
  });

  it("GIVEN --ignore-missing-stack-dependencies WHEN ordered THEN the stack is kept alone", () => {
    expect(
      deployOrder([stack("p-dev-api", ["p-dev-database"])], true).map(
        (s) => s.name,
      ),
    ).toEqual(["p-dev-api"]);
  });
});

describe("the deploy command's options", () => {
  it("GIVEN no target WHEN run THEN it says what to name", async () => {
    await expect(runDeployCommand([])).rejects.toThrow(UsageError);
  });

  it("GIVEN --plan-dir and --from-plans WHEN run THEN it refuses both", async () => {
    await expect(
      runDeployCommand(["all", "--plan-dir", "a", "--from-plans", "b"]),
    ).rejects.toThrow(/exclude each other/);
  });

  it("GIVEN a bad --lock-timeout WHEN run THEN it names it", async () => {
    await expect(
      runDeployCommand(["all", "--lock-timeout", "soon"]),
    ).rejects.toThrow(/--lock-timeout soon/);
  });

  it("GIVEN --parallel 0 WHEN run THEN it names it and what is expected", async () => {
    await expect(runDeployCommand(["all", "--parallel", "0"])).rejects.toThrow(
      /^--parallel 0: must be a whole number of at least 1$/,
    );
  });
});

const describeWithTerraform = terraformAvailable() ? describe : describe.skip;

describeWithTerraform("the deploy command with terraform", () => {
  let outdir: string;

  /** Two output-only stacks with local state: `second` depends on `first`. */
  function writeStacks(marker: string): void {
    const manifest = {
      version: "0.21.0",
      stacks: {} as Record<string, object>,
    };
    for (const [name, dependencies] of [
      ["t-first", []],
      ["t-second", ["t-first"]],
    ] as const) {
      const dir = path.join(outdir, "stacks", name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify({
          terraform: { backend: { local: { path: "terraform.tfstate" } } },
          output: { marker: { value: `${name} ${marker}` } },
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
  const marker = (name: string) =>
    JSON.parse(
      fs.readFileSync(
        path.join(outdir, "stacks", name, "terraform.tfstate"),
        "utf8",
      ),
    ).outputs?.marker?.value;

  beforeEach(() => {
    outdir = fs.mkdtempSync(
      path.join(process.env.PIPELINE_TEST_RUN_DIR ?? os.tmpdir(), "deploy-"),
    );
  });

  it("GIVEN two stacks WHEN deployed THEN both apply, dependency first", async () => {
    writeStacks("v1");
    const result = await runDeployCommand(["all", "--outdir", outdir]);
    expect(result.outcomes.map((o) => `${o.stack} ${o.status}`)).toEqual([
      "t-first applied",
      "t-second applied",
    ]);
    expect([marker("t-first"), marker("t-second")]).toEqual([
      "t-first v1",
      "t-second v1",
    ]);
  }, 120_000);

  it("GIVEN --plan-dir WHEN run THEN a plan per stack is saved and nothing applied; --from-plans applies them", async () => {
    writeStacks("v1");
    const plans = path.join(outdir, "plans");
    const planned = await runDeployCommand([
      "all",
      "--outdir",
      outdir,
      "--plan-dir",
      plans,
    ]);
    expect(planned.outcomes.map((o) => o.status)).toEqual([
      "planned",
      "planned",
    ]);
    expect(fs.readdirSync(plans).sort()).toEqual([
      "t-first.tfplan",
      "t-second.tfplan",
    ]);
    expect(
      fs.existsSync(
        path.join(outdir, "stacks", "t-first", "terraform.tfstate"),
      ),
    ).toBe(false);
    const applied = await runDeployCommand([
      "all",
      "--outdir",
      outdir,
      "--from-plans",
      plans,
    ]);
    expect({ code: applied.code, first: marker("t-first") }).toEqual({
      code: 0,
      first: "t-first v1",
    });
  }, 120_000);

  it("GIVEN a saved plan whose state changed since WHEN applied from plans THEN Terraform refuses it", async () => {
    writeStacks("v1");
    const plans = path.join(outdir, "plans");
    await runDeployCommand(["all", "--outdir", outdir, "--plan-dir", plans]);
    writeStacks("v2");
    await runDeployCommand(["t-first", "--outdir", outdir]);
    const stale = await runDeployCommand([
      "t-first",
      "--outdir",
      outdir,
      "--from-plans",
      plans,
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(
      /t-first: FAILED terraform apply failed: .*[Ss]aved plan is stale/,
    );
    expect(marker("t-first")).toBe("t-first v2");
  }, 120_000);

  it("GIVEN deployed stacks WHEN destroyed THEN the dependant goes first", async () => {
    writeStacks("v1");
    await runDeployCommand(["all", "--outdir", outdir]);
    const destroyed = await runDeployCommand([
      "all",
      "--outdir",
      outdir,
      "--destroy",
    ]);
    expect(destroyed.outcomes.map((o) => o.stack)).toEqual([
      "t-second",
      "t-first",
    ]);
    expect(destroyed.code).toBe(0);
  }, 120_000);
});
