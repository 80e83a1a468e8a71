/**
 * The one place the tools put scratch output: `.scratch/<tool>/` at the
 * project root (git-ignored). Not `.gen/`, which cdktf keeps for generated
 * provider bindings. Plain JavaScript so that tools/run-app.js, which starts
 * without a TypeScript compiler, uses it too (types: scratch.d.ts).
 */
"use strict";
const path = require("path");

/** The project root (the folder holding cdktf.json). */
const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The scratch folder of all tools: `<root>/.scratch`. */
const SCRATCH_ROOT = path.join(PROJECT_ROOT, ".scratch");

/**
 * Absolute path of `tool`'s scratch folder, `<root>/.scratch/<tool>`; not
 * created. `tool` is a kebab-case name such as "offline-plan".
 */
function scratchDir(tool, root = PROJECT_ROOT) {
  if (typeof tool !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(tool))
    throw new Error(
      `scratchDir: tool = ${JSON.stringify(tool)}: must be a kebab-case name such as "offline-plan"`,
    );
  return path.join(root, ".scratch", tool);
}

module.exports = { PROJECT_ROOT, SCRATCH_ROOT, scratchDir };
