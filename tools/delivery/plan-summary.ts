/**
 * The pull-request (and promotion) plan summary: resources to add, change
 * and destroy per stack, from `terraform show -json` of each saved plan,
 * as Markdown for the job summary. Destroys are listed by address.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type PlanJson = any;

/** What one stack's plan would do. */
export interface StackPlanSummary {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Addresses that would be destroyed; `(replaced)` when created again. */
  readonly destroyed: readonly string[];
  /** The plan could not be read or made. */
  readonly error?: string;
}

/**
 * Counts a plan's managed resource changes the way Terraform's "Plan: x to
 * add, y to change, z to destroy" line does: a replacement is one add and
 * one destroy.
 */
export function summarizePlan(stack: string, plan: PlanJson): StackPlanSummary {
  if (
    plan === null ||
    typeof plan !== "object" ||
    !("format_version" in plan)
  ) {
    return {
      stack,
      add: 0,
      change: 0,
      destroy: 0,
      destroyed: [],
      error: "not a terraform show -json plan",
    };
  }
  let add = 0;
  let change = 0;
  let destroy = 0;
  const destroyed: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const actions: string[] = rc.change?.actions ?? [];
    const creates = actions.includes("create");
    const deletes = actions.includes("delete");
    if (creates) add++;
    if (actions.includes("update")) change++;
    if (deletes) {
      destroy++;
      destroyed.push(creates ? `${rc.address} (replaced)` : rc.address);
    }
  }
  return { stack, add, change, destroy, destroyed };
}

/** The Markdown summary of the stacks' plans. */
export function formatSummary(
  title: string,
  summaries: readonly StackPlanSummary[],
): string {
  const lines = [`## ${title}`, ""];
  if (summaries.length === 0) {
    lines.push("No stack is affected by this change.", "");
    return lines.join("\n");
  }
  lines.push("| Stack | Add | Change | Destroy |", "|---|---:|---:|---:|");
  for (const s of summaries) {
    lines.push(
      s.error
        ? `| ${s.stack} | - | - | - (**plan failed**: ${s.error.replace(/\|/g, "\\|")}) |`
        : `| ${s.stack} | ${s.add} | ${s.change} | ${s.destroy > 0 ? `**${s.destroy}**` : "0"} |`,
    );
  }
  const destroys = summaries.filter((s) => s.destroy > 0);
  if (destroys.length > 0) {
    const total = destroys.reduce((n, s) => n + s.destroy, 0);
    lines.push(
      "",
      `> [!WARNING]`,
      `> **${total} resource(s) would be destroyed:**`,
    );
    for (const s of destroys)
      for (const address of s.destroyed)
        lines.push(`> - \`${s.stack}\`: \`${address}\``);
  }
  const failed = summaries.filter((s) => s.error);
  if (failed.length > 0)
    lines.push(
      "",
      `> [!CAUTION]`,
      `> ${failed.length} plan(s) failed: the summary is incomplete.`,
    );
  lines.push("");
  return lines.join("\n");
}
