/** Types of tools/scratch.js (plain JavaScript: run-app.js uses it without a TypeScript compiler). */

/** The project root (the folder holding cdktf.json). */
export declare const PROJECT_ROOT: string;

/** The scratch folder of all tools: `<root>/.scratch`. */
export declare const SCRATCH_ROOT: string;

/**
 * Absolute path of `tool`'s scratch folder, `<root>/.scratch/<tool>`; not
 * created. `tool` is a kebab-case name such as "offline-plan".
 */
export declare function scratchDir(tool: string, root?: string): string;
