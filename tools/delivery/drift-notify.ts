/**
 * Turns a `npm run drift` run (its exit code and JSON report) into the
 * job's verdict and, unless in sync, an issue body. An error is never "no
 * drift": a missing or unreadable report, an unknown exit code or a report
 * that disagrees with the exit code are all errors.
 */
import * as fs from "fs";
import type { DriftReport } from "../drift/report";

/** The verdict of one environment's drift check. */
export interface DriftVerdict {
  readonly status: "in-sync" | "drift" | "error";
  /** 0 in sync, 2 drift, 1 error: the job's exit code. */
  readonly exitCode: 0 | 1 | 2;
  readonly title: string;
  /** Markdown for the issue (empty when in sync). */
  readonly body: string;
}

function readReport(file: string): DriftReport | string {
  if (!fs.existsSync(file))
    return `no report at ${file}: the drift check stopped before writing it`;
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as DriftReport;
    if (!Array.isArray(report.stacks) || typeof report.exitCode !== "number")
      return `${file} is not a drift report`;
    return report;
  } catch {
    return `${file} is not JSON`;
  }
}

/** The verdict for `environment` from the drift command's exit code and report file. */
export function driftVerdict(
  environment: string,
  exitCode: number,
  reportFile: string,
  runUrl = "",
): DriftVerdict {
  const report = readReport(reportFile);
  const link = runUrl ? `\n\nRun: ${runUrl}` : "";
  const error = (why: string): DriftVerdict => ({
    status: "error",
    exitCode: 1,
    title: `Drift check of ${environment} failed`,
    body: `The drift check of **${environment}** could not tell whether the stacks are in sync: ${why}.${link}`,
  });
  if (typeof report === "string") return error(report);
  if (![0, 1, 2].includes(exitCode))
    return error(`npm run drift exited with ${exitCode}`);
  if (report.exitCode !== exitCode)
    return error(
      `the report says exit ${report.exitCode}, the command exited with ${exitCode}`,
    );
  if (report.stacks.length === 0) return error("no stack was checked");
  const rows = report.stacks.map((s) => {
    const what =
      s.status === "error"
        ? `ERROR: ${s.error}`
        : s.status === "drift"
          ? [
              ...s.drift.map((f) => `drifted ${f.address}`),
              ...s.changes.map((f) => `${f.actions.join("/")} ${f.address}`),
            ].join("; ")
          : "in sync";
    return `| ${s.stack} | ${s.status} | ${what.replace(/\|/g, "\\|")} |`;
  });
  const table = [
    "| Stack | Status | Findings |",
    "|---|---|---|",
    ...rows,
  ].join("\n");
  if (exitCode === 1)
    return {
      ...error(`${report.summary.errors} stack(s) could not be checked`),
      body: `${error(`${report.summary.errors} stack(s) could not be checked`).body}\n\n${table}`,
    };
  if (exitCode === 2)
    return {
      status: "drift",
      exitCode: 2,
      title: `Drift in ${environment}`,
      body: `**${report.summary.drifted}** stack(s) of **${environment}** differ from their configuration (mode: ${report.mode}).\n\n${table}${link}`,
    };
  return {
    status: "in-sync",
    exitCode: 0,
    title: `${environment} in sync`,
    body: "",
  };
}
