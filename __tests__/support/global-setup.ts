/**
 * Once per test run: synthesizes every stack of every environment with the
 * real app command into a fresh folder (PIPELINE_TEST_OUTDIR) that the tests
 * read, and makes a run folder (PIPELINE_TEST_RUN_DIR) for Terraform scratch
 * copies. Terraform itself runs lazily, once per run, in support/plan.ts.
 * TMPDIR points into the run folder too, so that what the tests and cdktf's
 * Testing.app() make with os.tmpdir() goes when the run folder goes.
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
