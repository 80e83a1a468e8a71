/**
 * The drift report: per stack, its status and findings; for the run, the
 * summary and the exit code (0 in sync, 2 drift, 1 error); and the human
 * summary of it.
 */
import { ImageTagSource } from "../deployed-image";
import { PlanFindings, ResourceFinding } from "./analysis";
import { DriftTarget, GapFinding } from "./emulator-gaps";

/** The image tag a stack that takes `image_tag` was planned with. */
export interface ImageTag {
  readonly tag: string;
  /** TF_VAR_image_tag, its environment's API stack's state, or the configuration (never deployed). */
  readonly source: ImageTagSource;
}

/** Exit codes of the drift command. */
export const EXIT = { inSync: 0, error: 1, drift: 2 } as const;

/** Result for one stack. */
export interface StackReport extends PlanFindings {
  readonly stack: string;
  readonly status: "in-sync" | "drift" | "error";
  /** The image tag it was planned with (stacks that take `image_tag`). */
  readonly imageTag?: ImageTag;
  /** Against the emulator: findings a listed gap explains, not counted (absent against AWS). */
  readonly emulatorGaps?: readonly GapFinding[];
  /** Why the stack could not be checked. */
  readonly error?: string;
}

/** The machine-readable report. */
export interface DriftReport {
  readonly mode: "refresh" | "no-refresh";
  /** AWS, or the emulator at AWS_ENDPOINT_URL (emulator-gaps.ts). */
  readonly target: DriftTarget;
  readonly stacks: readonly StackReport[];
  readonly summary: {
    readonly stacks: number;
    readonly inSync: number;
    readonly drifted: number;
    readonly errors: number;
    /** Findings set aside as explained by listed emulator gaps. */
    readonly emulatorGaps: number;
  };
  readonly exitCode: number;
}

/** The report of `reports`, with the exit code: 1 if any error, else 2 if any drift, else 0. */
export function buildReport(
  mode: DriftReport["mode"],
  reports: readonly StackReport[],
  target: DriftTarget = { kind: "aws" },
): DriftReport {
  const count = (status: StackReport["status"]) =>
    reports.filter((r) => r.status === status).length;
  const summary = {
    stacks: reports.length,
    inSync: count("in-sync"),
    drifted: count("drift"),
    errors: count("error"),
    emulatorGaps: reports.reduce(
      (n, r) => n + (r.emulatorGaps?.length ?? 0),
      0,
    ),
  };
  const exitCode =
    summary.errors > 0
      ? EXIT.error
      : summary.drifted > 0
        ? EXIT.drift
        : EXIT.inSync;
  return { mode, target, stacks: reports, summary, exitCode };
}

const SYMBOL: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  "delete,create": "-/+",
  "create,delete": "+/-",
};

const TAG_SOURCE: Record<ImageTag["source"], string> = {
  TF_VAR_image_tag: "TF_VAR_image_tag",
  state: "the API stack's state",
  configuration: "the configuration: never deployed",
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
    const tag = r.imageTag
      ? ` (image_tag ${r.imageTag.tag} from ${TAG_SOURCE[r.imageTag.source]})`
      : "";
    lines.push(
      `${r.stack}: ${r.status === "in-sync" ? "in sync" : "DRIFT"}${tag}`,
    );
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
    if ((r.emulatorGaps ?? []).length > 0)
      lines.push(
        "  explained by listed emulator gaps (not counted):",
        ...(r.emulatorGaps ?? []).map(
          (g) => `${item(g)} [${g.gaps.join(", ")}]`,
        ),
      );
  }
  const s = report.summary;
  const target =
    report.target.kind === "emulator"
      ? `the emulator at ${report.target.endpoint}`
      : "AWS";
  const mode =
    report.mode === "refresh"
      ? `refreshed from ${target}`
      : "no refresh: configuration against stored state only";
  const gaps =
    report.target.kind === "emulator"
      ? `, ${s.emulatorGaps} finding(s) explained by listed emulator gaps (not counted)`
      : "";
  lines.push(
    `${s.stacks} stack(s), ${mode}: ${s.inSync} in sync, ${s.drifted} drifted, ${s.errors} error(s)${gaps} -> exit ${report.exitCode}`,
  );
  return `${lines.join("\n")}\n`;
}
