/**
 * The benchmark's command line (tools/benchmark.js). Only the failures are
 * run here: they stop before anything is synthesized or timed.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const BENCHMARK = path.resolve(__dirname, "..", "..", "tools", "benchmark.js");

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BENCHMARK, ...args], { encoding: "utf8" });

describe("benchmark command line", () => {
  it("GIVEN an unknown option WHEN run THEN it exits 1 naming the option and prints the usage", () => {
    const result = run("--rnus", "3");
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr: expect.stringMatching(
        /^Unknown option --rnus[^]*Usage: npm run benchmark/,
      ),
    });
  });

  it("GIVEN --runs 0 WHEN run THEN it exits 1 naming the option and value", () => {
    const result = run("--runs", "0");
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 1,
      stderr: expect.stringContaining(
        "--runs 0: must be a whole number of at least 1",
      ),
    });
  });

  it("GIVEN --runs without a value WHEN run THEN it exits 1 saying it needs one", () => {
    const result = run("--runs");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--runs needs a value");
  });
});
