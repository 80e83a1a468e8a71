/**
 * Once per test run: synthesizes every stack of every environment with the
 * real app command into a fresh folder (PIPELINE_TEST_OUTDIR) that the tests
 * read, and makes a run folder (PIPELINE_TEST_RUN_DIR) for Terraform scratch
 * copies. Terraform itself runs lazily, once per run, in support/plan.ts.
 * TMPDIR and PIPELINE_SCRATCH_DIR (every tool's scratch, tools/scratch.js)
 * point into the run folder too, so that what the tests, the tools they run
 * and cdktf's Testing.app() make goes when the run folder goes, and nothing
 * lands in the project.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export default async function globalSetup(): Promise<void> {
  const runDir = fs.mkdtempSync(
    path.join(os.tmpdir(), "financial-pipeline-test-"),
  );
  const outdir = path.join(runDir, "cdktf.out");
  // Every tool's scratch (tools/scratch.js) in the run folder too: no test,
  // and no tool a test runs, touches the project's .scratch.
  process.env.PIPELINE_SCRATCH_DIR = path.join(runDir, "scratch");
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.PIPELINE_ENVIRONMENT;
  delete env.CDKTF_CONTEXT_JSON;
  execFileSync(
    process.execPath,
    [path.join(__dirname, "..", "..", "tools", "run-app.js")],
    { env, stdio: "inherit" },
  );
  const tmp = path.join(runDir, "tmp");
  fs.mkdirSync(tmp);
  process.env.PIPELINE_TEST_RUN_DIR = runDir;
  process.env.TMPDIR = tmp;
  process.env.PIPELINE_TEST_OUTDIR = outdir;
}
