/**
 * The one place the tools put scratch output: `.scratch/<tool>/` at the
 * project root (git-ignored). Not `.gen/`, which cdktf keeps for generated
 * provider bindings. PIPELINE_SCRATCH_DIR moves all of it elsewhere: the test
 * suite points it into its run folder, so that no test touches the project's
 * `.scratch/` (a user's `npm run …` beside `npm test` keeps its own). Plain
 * JavaScript so that tools/run-app.js, which starts without a TypeScript
 * compiler, uses it too (types: scratch.d.ts).
 */
"use strict";
const path = require("path");

/** The project root (the folder holding cdktf.json). */
const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The project's scratch folder: `<root>/.scratch`. */
const SCRATCH_ROOT = path.join(PROJECT_ROOT, ".scratch");

/** Environment variable naming a folder that replaces `<root>/.scratch`. */
const SCRATCH_VARIABLE = "PIPELINE_SCRATCH_DIR";

/**
 * Absolute path of `tool`'s scratch folder, `<root>/.scratch/<tool>` (or
 * `$PIPELINE_SCRATCH_DIR/<tool>`); not created. `tool` is a kebab-case name
 * such as "offline-plan".
 */
function scratchDir(tool, env = process.env) {
  if (typeof tool !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(tool))
    throw new Error(
      `scratchDir: tool = ${JSON.stringify(tool)}: must be a kebab-case name such as "offline-plan"`,
    );
  const chosen = env[SCRATCH_VARIABLE];
  return path.join(chosen ? path.resolve(chosen) : SCRATCH_ROOT, tool);
}

module.exports = { PROJECT_ROOT, SCRATCH_ROOT, SCRATCH_VARIABLE, scratchDir };
