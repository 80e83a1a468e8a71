/**
 * npm run access -- <environment> [--json] [--write-docs] [--outdir DIR]
 *
 * Prints who can do what in an environment: every role its synthesized
 * stacks (and the bootstrap's state roles) define, who may assume it, its
 * boundary, and its allowed and denied statements (docs/access.md).
 * Synthesizes into the output folder first when it is missing or stale.
 */
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT_NAMES } from "../../config/types";
import {
  CommandOutput,
  parseCommandLine,
  runCommandLine,
  UsageError,
} from "../command-line";
import { ensureSynthesized, ROOT } from "../cost/synthesized";
import { readAccessModel } from "./model";
import { accessDoc, accessReport, renderReport } from "./report";

const USAGE = `usage: npm run access -- <environment> [--json] [--write-docs] [--outdir DIR]
  environment   ${ENVIRONMENT_NAMES.join(", ")}
  --json        the report as JSON
  --write-docs  rewrite the report in docs/access.md (production's is checked in)
  --outdir      synthesized stacks (default: CDKTF_OUTDIR or cdktf.out)`;

/** The command: the report of one environment. */
export async function accessCommand(
  argv: readonly string[],
): Promise<CommandOutput> {
  const { values, positionals } = parseCommandLine(argv, {
    json: { type: "boolean" },
    "write-docs": { type: "boolean" },
    outdir: { type: "string" },
  });
  const environment = positionals[0];
  if (
    positionals.length !== 1 ||
    !ENVIRONMENT_NAMES.includes(environment as never)
  ) {
    throw new UsageError(
      `environment "${positionals.join(" ")}": must be one of ${ENVIRONMENT_NAMES.join(", ")}`,
    );
  }
  const outdir = path.resolve(
    values.outdir ?? process.env.CDKTF_OUTDIR ?? path.join(ROOT, "cdktf.out"),
  );
  ensureSynthesized(outdir, "default");
  const report = accessReport(readAccessModel(outdir, environment));
  if (values["write-docs"]) {
    const file = path.join(ROOT, "docs", "access.md");
    fs.writeFileSync(
      file,
      accessDoc(
        fs.readFileSync(file, "utf8"),
        file,
        renderReport(environment, report),
      ),
    );
    return {
      code: 0,
      stdout: "docs/access.md: report rewritten\n",
      stderr: "",
    };
  }
  return {
    code: 0,
    stdout: values.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${renderReport(environment, report)}\n`,
    stderr: "",
  };
}

if (require.main === module) runCommandLine(accessCommand, USAGE);
