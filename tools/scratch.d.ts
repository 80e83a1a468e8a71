/** Types of tools/scratch.js (plain JavaScript: run-app.js uses it without a TypeScript compiler). */

/** The project root (the folder holding cdktf.json). */
export declare const PROJECT_ROOT: string;

/** The project's scratch folder: `<root>/.scratch`. */
export declare const SCRATCH_ROOT: string;

/** Environment variable naming a folder that replaces `<root>/.scratch`. */
export declare const SCRATCH_VARIABLE: "PIPELINE_SCRATCH_DIR";

/**
 * Absolute path of `tool`'s scratch folder, `<root>/.scratch/<tool>` (or
 * `$PIPELINE_SCRATCH_DIR/<tool>`); not created. `tool` is a kebab-case name
 * such as "offline-plan".
 */
export declare function scratchDir(
  tool: string,
  env?: NodeJS.ProcessEnv,
): string;
