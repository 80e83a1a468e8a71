/**
 * The drift report: per stack, its status and findings; for the run, the
 * summary and the exit code (0 in sync, 2 drift, 1 error); and the human
 * summary of it.
 */
import { OutputFinding, PlanFindings, ResourceFinding } from "./analysis";

/** Exit codes of the drift command. */
export const EXIT = { inSync: 0, error: 1, drift: 2 } as const;

/** Result for one stack. */
export interface StackReport extends PlanFindings {
  readonly stack: string;
  readonly status: "in-sync" | "drift" | "error";
  /** Changed outside Terraform (refresh mode only). */
  readonly drift: readonly ResourceFinding[];
  /** Configuration and state disagree. */
  readonly changes: readonly ResourceFinding[];
  readonly outputs: readonly OutputFinding[];
  /** Why the stack could not be checked. */
  readonly error?: string;
}

/** The machine-readable report. */
export interface DriftReport {
  readonly mode: "refresh" | "no-refresh";
  readonly stacks: readonly StackReport[];
  readonly summary: {
    readonly stacks: number;
    readonly inSync: number;
    readonly drifted: number;
    readonly errors: number;
  };
  readonly exitCode: number;
}

/** The report of `reports`, with the exit code: 1 if any error, else 2 if any drift, else 0. */
export function buildReport(
  mode: DriftReport["mode"],
  reports: readonly StackReport[],
): DriftReport {
  const count = (status: StackReport["status"]) =>
    reports.filter((r) => r.status === status).length;
  const summary = {
    stacks: reports.length,
    inSync: count("in-sync"),
    drifted: count("drift"),
    errors: count("error"),
  };
  const exitCode =
    summary.errors > 0
      ? EXIT.error
      : summary.drifted > 0
        ? EXIT.drift
        : EXIT.inSync;
  return { mode, stacks: reports, summary, exitCode };
}

const SYMBOL: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  "delete,create": "-/+",
  "create,delete": "+/-",
};

/** The human summary of a report. */
export function formatReport(report: DriftReport): string {
  const lines: string[] = [];
  const item = (f: ResourceFinding) => {
    const symbol = SYMBOL[f.actions.join(",")] ?? f.actions.join(",");
    return `    ${symbol} ${f.address}${f.attributes.length > 0 ? `: ${f.attributes.join(", ")}` : ` (${f.actions.join(", ")})`}`;
  };
  for (const r of report.stacks) {
    if (r.status === "error") {
      lines.push(`${r.stack}: ERROR ${r.error}`);
      continue;
    }
    lines.push(`${r.stack}: ${r.status === "in-sync" ? "in sync" : "DRIFT"}`);
    if (r.drift.length > 0)
      lines.push("  changed outside Terraform:", ...r.drift.map(item));
    if (r.changes.length > 0)
      lines.push("  configuration and state disagree:", ...r.changes.map(item));
    if (r.outputs.length > 0)
      lines.push(
        "  outputs:",
        ...r.outputs.map(
          (o) =>
            `    ${SYMBOL[o.actions.join(",")] ?? "~"} ${o.name} (${o.actions.join(", ")})`,
        ),
      );
  }
  const s = report.summary;
  const mode =
    report.mode === "refresh"
      ? "refreshed from AWS"
      : "no refresh: configuration against stored state only";
  lines.push(
    `${s.stacks} stack(s), ${mode}: ${s.inSync} in sync, ${s.drifted} drifted, ${s.errors} error(s) -> exit ${report.exitCode}`,
  );
  return `${lines.join("\n")}\n`;
}
