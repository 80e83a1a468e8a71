/**
 * Renders the per-environment settings tables of docs/settings.md from the
 * validated configuration (`loadConfig`), between the two markers of that
 * file, and checks that the checked-in tables are current:
 *
 *   npm run docs:settings               rewrite the tables in docs/settings.md
 *   npm run docs:settings -- --check    exit 1 when they are stale (writes nothing)
 *   ... --file <path>                   another document with the same markers
 *
 * The tables are walked from the configuration values, not listed here: a new
 * or renamed setting shows up without a change to this file. Descriptions are
 * the settings' JSDoc in the configuration types, read with the TypeScript
 * compiler. A bad configuration fails with its ConfigurationError (naming the
 * setting) before anything is written.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ENVIRONMENT_NAMES, loadConfig } from "../../config";
import { replaceGeneratedPart, SETTINGS_DOC, staleLines } from "./document";
import { renderTables, settingsTables } from "./tables";

const ROOT = path.resolve(__dirname, "..", "..");

const USAGE = `Usage: npm run docs:settings -- [--check] [--file <path>]

  (no option)     rewrite the generated tables of ${SETTINGS_DOC}
  --check         exit 1 when the checked-in tables are stale; write nothing
  --file <path>   another document with the same markers`;

async function formatMarkdown(text: string, file: string): Promise<string> {
  // Prettier 3 is ESM inside: load it only here, in the command.
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/** The command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let values: { check?: boolean; file?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        check: { type: "boolean" },
        file: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = path.resolve(values.file ?? path.join(ROOT, SETTINGS_DOC));
  const shown = path.relative(process.cwd(), file) || file;
  try {
    // Every environment, whatever PIPELINE_ENVIRONMENT selects: the document shows them all.
    const tables = renderTables(
      settingsTables(loadConfig(undefined, [...ENVIRONMENT_NAMES])),
    );
    const document = fs.readFileSync(file, "utf8");
    if (values.check) {
      const { expected } = staleLines(document, shown, tables);
      if (expected.length === 0) {
        console.log(`${shown}: settings tables are current`);
        return 0;
      }
      console.error(
        `${shown}: settings tables are stale; run \`npm run docs:settings\` and commit the result`,
      );
      return 1;
    }
    const updated = await formatMarkdown(
      replaceGeneratedPart(document, shown, tables),
      file,
    );
    if (updated === document) {
      console.log(`${shown}: settings tables are current`);
    } else {
      fs.writeFileSync(file, updated);
      console.log(`${shown}: settings tables rewritten`);
    }
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
