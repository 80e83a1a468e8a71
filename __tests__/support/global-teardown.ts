/** Removes the run folder unless PIPELINE_KEEP_TEST_OUTPUT=1 asks to keep it for a look. */
import * as fs from "fs";

export default async function globalTeardown(): Promise<void> {
  const runDir = process.env.PIPELINE_TEST_RUN_DIR;
  if (!runDir) return;
  if (process.env.PIPELINE_KEEP_TEST_OUTPUT === "1") {
    console.log(`\nTest output kept in ${runDir}`);
    return;
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}
