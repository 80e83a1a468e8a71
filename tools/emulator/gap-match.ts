/**
 * Whether a change in a plan is one the gap list explains (an idempotency
 * entry of its resource type), and nothing beside it. Used on second plans
 * (__tests__/support/replan.ts) and drift reports; imports nothing of the tools that make
 * those, so they can import it.
 */
import { Gap } from "./gap-types";
import { GAPS, idempotencyGapsOf } from "./gaps";

/** A changed resource of a plan (the shape of ResourceFinding, tools/drift/analysis.ts). */
export interface PlannedFinding {
  readonly address: string;
  /** Terraform's actions, e.g. ["update"], ["delete", "create"]. */
  readonly actions: readonly string[];
  /** Changed attribute paths, e.g. ["retention_in_days", "tags.Owner"]. */
  readonly attributes: readonly string[];
  /**
   * Of `attributes`, those the plan leaves to the create: unknown until
   * apply (`after_unknown`) or without a planned value (null). Set from the
   * plan JSON by tools/drift/analysis.ts (`knownAfterApply`, for drift
   * reports and second plans alike); without it, a replacement is judged by
   * its gap's `computedOnReplace`.
   */
  readonly knownAfterApply?: readonly string[];
}

/** Resource type of an address (`aws_x.name`, `aws_x.name[0]`, `module.m.aws_x.name`). */
export function typeOf(address: string): string {
  const parts = address.split(".");
  return parts[parts.length - 2] ?? address;
}

/** Whether `attribute` is one of `listed` or inside one of them. */
const within = (attribute: string, listed: readonly string[]) =>
  listed.some((l) => attribute === l || attribute.startsWith(`${l}.`));

/**
 * Whether the gap list allows `finding`: an update whose changed attributes
 * are all listed for its type; or a replacement that a `replaces` gap of
 * its type forces (its attributes among the changed ones) and that changes
 * nothing else but the type's other listed attributes and what the plan
 * leaves to the create. A real change beside a listed one is not allowed.
 */
export function isAllowed(
  finding: PlannedFinding,
  gaps: readonly Gap[] = GAPS,
): boolean {
  const own = idempotencyGapsOf(typeOf(finding.address), gaps);
  if (own.length === 0 || finding.attributes.length === 0) return false;
  const listed = own.flatMap((g) => g.attributes ?? []);
  if (!finding.actions.includes("delete"))
    // A gap that forces a replacement in a plan shows in a refresh (drift)
    // as an update of the same attributes.
    return finding.attributes.every((a) => within(a, listed));
  return own.some((g) => {
    if (g.replaces !== true) return false;
    const forcing = g.attributes ?? [];
    if (!forcing.every((a) => finding.attributes.includes(a))) return false;
    const leftToCreate = finding.knownAfterApply ?? g.computedOnReplace ?? [];
    return finding.attributes.every(
      (a) => within(a, listed) || leftToCreate.includes(a),
    );
  });
}
