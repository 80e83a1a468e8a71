/**
 * Validates the workflows (.github/workflows/*.yml) and local actions
 * (.github/actions/<name>/action.yml) with @actions/workflow-parser, the
 * parser GitHub's own Actions language service uses: schema, expressions,
 * `needs`, matrix and reusable-workflow inputs, all offline. An ES module
 * (the package is ESM only), so the Jest tests run it as a child process.
 *
 *   node tools/delivery/validate-workflows.mjs [repository root]
 *
 * Prints {"<file>": ["error", ...]} and exits 1 if any file has an error.
 */
import * as fs from "fs";
import { register } from "module";
import * as path from "path";

register("./json-import-hooks.mjs", import.meta.url);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } =
  await import("@actions/workflow-parser");
const { parseAction } = await import(
  "@actions/workflow-parser/actions/action-parser"
);
const { ErrorPolicy } = await import("@actions/workflow-parser/model/convert");

const root = path.resolve(process.argv[2] ?? ".");
const trace = new NoOperationTraceWriter();
const relative = (file) => path.relative(root, file);
/** Local reusable workflows (`uses: ./.github/workflows/x.yml`) are read from disk. */
const fileProvider = {
  getFileContent: async (ref) => {
    const file = path.join(root, ref.path ?? "");
    return { name: ref.path, content: fs.readFileSync(file, "utf8") };
  },
};

const results = {};
const workflowDir = path.join(root, ".github", "workflows");
for (const name of fs.existsSync(workflowDir)
  ? fs.readdirSync(workflowDir).sort()
  : []) {
  if (!/\.ya?ml$/.test(name)) continue;
  const file = path.join(workflowDir, name);
  const parsed = parseWorkflow(
    { name: relative(file), content: fs.readFileSync(file, "utf8") },
    trace,
  );
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value && errors.length === 0) {
    const template = await convertWorkflowTemplate(
      parsed.context,
      parsed.value,
      fileProvider,
      {
        errorPolicy: ErrorPolicy.TryConversion,
        fetchReusableWorkflowDepth: 1,
      },
    );
    errors.push(
      ...(template.errors ?? []).map(
        (e) => e.Message ?? e.message ?? String(e),
      ),
    );
  }
  results[relative(file)] = errors;
}
const actionDir = path.join(root, ".github", "actions");
for (const name of fs.existsSync(actionDir)
  ? fs.readdirSync(actionDir).sort()
  : []) {
  const file = path.join(actionDir, name, "action.yml");
  if (!fs.existsSync(file)) continue;
  const parsed = parseAction(
    { name: relative(file), content: fs.readFileSync(file, "utf8") },
    trace,
  );
  results[relative(file)] = parsed.context.errors
    .getErrors()
    .map((e) => e.message);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exitCode = Object.values(results).some((errors) => errors.length > 0)
  ? 1
  : 0;
