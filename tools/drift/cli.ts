/**
 * Drift detection, the command line: for a stack, an environment or
 * everything, Terraform plans in the stack's synthesized folder with its own
 * backend (runs.ts) and the report lists drift (changed outside
 * Terraform) and changes (configuration and state disagree), analysed in
 * analysis.ts; report.ts holds the report and its summary.
 *
 *   npm run drift -- [stack | glob | environment | all ...] [options]
 *
 * Options: --no-refresh (compare configuration with the stored state only;
 * needs no AWS read access, reports no drift of real resources), --json (the
 * JSON report on stdout, the summary on stderr), --report <file>,
 * --lock-timeout <duration> (default 0s), --parallel <n> (default 2) and the
 * common --outdir, --backend-config, --reconfigure, --no-init.
 *
 * Exit codes: 0 every stack in sync, 2 drift or changes in at least one
 * stack, 1 an error in at least one stack (an unreachable backend, a held
 * lock, missing credentials) or a bad command line (an unknown option, a
 * missing or bad value): an error is never reported as "no drift".
 */
import * as fs from "fs";
import * as path from "path";
import { wholeNumberOption } from "../command-line";
import { terraformEnv } from "../terraform";
import {
  CommandOutput,
  parseArgs,
  readStacks,
  selectStacks,
  runCommandLine,
  UsageError,
} from "../stack-workdir";
import { buildReport, formatReport, DriftReport } from "./report";
import { driftTarget } from "./emulator-gaps";
import { checkStacks, DriftOptions } from "./runs";

// Other files import these from here.
export {
  analysePlan,
  changedAttributes,
  type OutputFinding,
  type ResourceFinding,
} from "./analysis";
export {
  buildReport,
  EXIT,
  formatReport,
  type DriftReport,
  type StackReport,
} from "./report";
export { checkStacks, type DriftOptions } from "./runs";

const USAGE = `Usage: npm run drift -- [stack | glob | environment | all ...] [options]

Options:
  --no-refresh                    compare configuration with the stored state only (no AWS reads)
  --json                          the JSON report on stdout, the summary on stderr
  --report <file>                 also write the JSON report to <file>
  --lock-timeout <duration>       wait for a held state lock, e.g. 30s, 5m (default 0s)
  --parallel <n>                  stacks planned at once (default 2)
  --outdir <dir>                  synthesized output folder (default $CDKTF_OUTDIR or cdktf.out)
  --backend-config <key=value>    extra backend setting for terraform init (repeatable)
  --reconfigure                   pass -reconfigure to terraform init
  --no-init                       skip terraform init

Environment:
  TF_VAR_image_tag                the image tag the API and jobs stacks are planned with
                                  (default: the tag their environment's API stack runs, from its state)
  AWS_ENDPOINT_URL                set (the sandbox's env file sets it): the run is against the emulator,
                                  and findings a listed emulator gap explains are named and not counted

Exit: 0 in sync, 2 drift, 1 error or bad command line.`;

/** What the command prints and returns. */
export interface DriftCommandOutput extends CommandOutput {
  readonly report?: DriftReport;
}

/** The drift command; never throws for Terraform failures (they are stack errors). */
export async function runDriftCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<DriftCommandOutput> {
  const { common, flags, positional } = parseArgs(
    argv,
    {
      "no-refresh": "boolean",
      json: "boolean",
      report: "value",
      "lock-timeout": "value",
      parallel: "value",
      help: "boolean",
    },
    env,
  );
  if (flags.help) return { code: 0, stdout: "", stderr: `${USAGE}\n` };
  const parallel = wholeNumberOption(
    "parallel",
    typeof flags.parallel === "string" ? flags.parallel : undefined,
    2,
  );
  const lockTimeout =
    typeof flags["lock-timeout"] === "string" ? flags["lock-timeout"] : "0s";
  if (!/^\d+(ms|s|m)$/.test(lockTimeout))
    throw new UsageError(
      `--lock-timeout ${lockTimeout}: must be a duration such as 0s, 30s, 5m`,
    );
  const stacks = selectStacks(readStacks(common.outdir), positional);
  const options: DriftOptions = {
    ...common,
    refresh: !flags["no-refresh"],
    lockTimeout,
  };
  const reports = await checkStacks(
    stacks,
    options,
    terraformEnv(env),
    parallel,
  );
  const report = buildReport(
    options.refresh ? "refresh" : "no-refresh",
    reports,
    driftTarget(env),
  );
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (typeof flags.report === "string") {
    fs.mkdirSync(path.dirname(path.resolve(flags.report)), { recursive: true });
    fs.writeFileSync(flags.report, json);
  }
  const summary = formatReport(report);
  return flags.json
    ? { code: report.exitCode, stdout: json, stderr: summary, report }
    : { code: report.exitCode, stdout: summary, stderr: "", report };
}

if (require.main === module) runCommandLine(runDriftCommand, USAGE);
