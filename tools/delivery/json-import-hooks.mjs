/**
 * Module hooks for validate-workflows.mjs: @actions/workflow-parser imports
 * its JSON schemas without `with { type: "json" }` (it targets bundlers),
 * which Node refuses; this serves a `.json` module as an ES module instead.
 */
import { readFile } from "fs/promises";
import { URL } from "url";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json")) {
    const text = await readFile(new URL(url), "utf8");
    return {
      format: "module",
      source: `export default ${text};`,
      shortCircuit: true,
    };
  }
  return nextLoad(url, context);
}
