/** When the estimate synthesizes first: staleness of an output folder against a scratch project. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { staleReason } from "../../../tools/cost/synthesized";

/** A scratch project: main.ts, one config file, and an output folder with a manifest of `stacks`. */
function project(stacks: string[]): { root: string; outdir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cost-stale-"));
  fs.writeFileSync(path.join(root, "main.ts"), "");
  fs.mkdirSync(path.join(root, "config"));
  fs.writeFileSync(path.join(root, "config", "environments.ts"), "");
  const outdir = path.join(root, "cdktf.out");
  fs.mkdirSync(outdir);
  fs.writeFileSync(
    path.join(outdir, "manifest.json"),
    JSON.stringify({
      stacks: Object.fromEntries(
        stacks.map((s) => [
          s,
          {
            workingDirectory: `stacks/${s}`,
            synthesizedStackPath: `stacks/${s}/cdk.tf.json`,
          },
        ]),
      ),
    }),
  );
  const past = new Date(Date.now() - 3_600_000);
  for (const file of ["main.ts", "config/environments.ts"])
    fs.utimesSync(path.join(root, file), past, past);
  return { root, outdir };
}

const ALL = ["development", "staging", "production"].map((e) => `p-${e}-vpc`);

describe("staleReason", () => {
  it("GIVEN a manifest newer than every source WHEN checked THEN it is up to date", () => {
    const { root, outdir } = project(ALL);
    expect(staleReason(outdir, root)).toBeUndefined();
  });

  it("GIVEN no manifest WHEN checked THEN stale, saying so", () => {
    const { root } = project(ALL);
    expect(staleReason(path.join(root, "elsewhere"), root)).toMatch(
      /has no manifest\.json$/,
    );
  });

  it("GIVEN a configuration file changed after the synthesis WHEN checked THEN stale, naming the file", () => {
    const { root, outdir } = project(ALL);
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "config", "environments.ts"), future, future);
    expect(staleReason(outdir, root)).toBe(
      `config/environments.ts changed after cdktf.out/manifest.json was written`,
    );
  });

  it("GIVEN a synthesis of production only WHEN checked THEN stale: the other environments are missing", () => {
    const { root, outdir } = project(["p-production-vpc"]);
    expect(staleReason(outdir, root)).toMatch(
      /has no stacks of development, staging/,
    );
  });
});
