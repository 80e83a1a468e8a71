/**
 * Against the emulator, what a listed moto gap explains is set aside, named
 * by its gap id, and not counted: the same rule the lifecycle's re-plan uses
 * (tools/emulator/gap-match.ts `isAllowed` over tools/emulator/gaps.ts).
 * Against AWS nothing is set aside.
 *
 * The signal is AWS_ENDPOINT_URL: set, Terraform's AWS provider and backend
 * talk to that endpoint instead of AWS, and in this project that is moto
 * (`npm run sandbox` writes it into `.scratch/sandbox/env`, the lifecycle
 * sets it for every run). Unset, the run is against AWS.
 */
import { GAPS, Gap } from "../emulator/gaps";
import { isAllowed } from "../emulator/gap-match";
import { PlanFindings, ResourceFinding } from "./analysis";

/** What a drift run plans against. */
export type DriftTarget =
  | { readonly kind: "aws" }
  | { readonly kind: "emulator"; readonly endpoint: string };

/** The target `env` points Terraform at (see the module comment). */
export function driftTarget(env: NodeJS.ProcessEnv): DriftTarget {
  const endpoint = env.AWS_ENDPOINT_URL?.trim();
  return endpoint ? { kind: "emulator", endpoint } : { kind: "aws" };
}

/** A finding a listed emulator gap explains: not counted. */
export interface GapFinding extends ResourceFinding {
  /** Where the plan listed it. */
  readonly part: "drift" | "changes";
  /** Ids of the gaps (tools/emulator/gaps.ts) that explain it. */
  readonly gaps: readonly string[];
}

/**
 * Ids of the gaps that explain `finding`, by `isAllowed` alone: empty when
 * it does not allow the finding; else the gaps that allow it each on their
 * own, or (several gaps together) each gap that allows one of its attributes.
 */
export function gapsExplaining(
  finding: ResourceFinding,
  gaps: readonly Gap[] = GAPS,
): string[] {
  if (!isAllowed(finding, gaps)) return [];
  const alone = gaps.filter((g) => isAllowed(finding, [g]));
  const explaining =
    alone.length > 0
      ? alone
      : gaps.filter((g) =>
          finding.attributes.some((a) =>
            isAllowed({ ...finding, attributes: [a] }, [g]),
          ),
        );
  return explaining.map((g) => g.id);
}

/**
 * Splits `findings` into what counts and what a listed gap explains; against
 * AWS, everything counts.
 */
export function setAsideGaps(
  findings: PlanFindings,
  target: DriftTarget,
  gaps: readonly Gap[] = GAPS,
): { readonly counted: PlanFindings; readonly explained: GapFinding[] } {
  if (target.kind === "aws") return { counted: findings, explained: [] };
  const explained: GapFinding[] = [];
  const keep = (list: readonly ResourceFinding[], where: GapFinding["part"]) =>
    list.filter((f) => {
      const ids = gapsExplaining(f, gaps);
      if (ids.length > 0) explained.push({ ...f, part: where, gaps: ids });
      return ids.length === 0;
    });
  return {
    counted: {
      drift: keep(findings.drift, "drift"),
      changes: keep(findings.changes, "changes"),
      outputs: findings.outputs,
    },
    explained,
  };
}
