/**
 * The second plan after an apply, checked against the gap list: every
 * change must be an idempotency gap (resource type and changed attributes
 * listed in gaps.ts, a replacement only with what the plan leaves to the
 * create, gap-match.ts); anything else is a real non-idempotency.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analysePlan } from "../../tools/drift/analysis";
import { runTerraform } from "../../tools/terraform";
import { isAllowed, PlannedFinding } from "../../tools/emulator/gap-match";

/** The result of one re-plan. */
export interface Replan {
  readonly stack: string;
  /** `plan -detailed-exitcode`: 0 empty, 2 changes, 1 error. */
  readonly code: number;
  /** Changes the gap list allows. */
  readonly allowed: readonly PlannedFinding[];
  /** Changes it does not: must be empty. */
  readonly unexpected: readonly PlannedFinding[];
  readonly error?: string;
  readonly seconds: number;
}

export { isAllowed, typeOf } from "../../tools/emulator/gap-match";
export type { PlannedFinding } from "../../tools/emulator/gap-match";

/**
 * The changes of a plan JSON, each replacement with the attributes the plan
 * leaves to the create (what a replacement's gap may bring along, nothing
 * more): tools/drift/analysis.ts's findings.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plannedChanges(plan: any): PlannedFinding[] {
  return [...analysePlan(plan).changes];
}

/** Plans `dir` again (refreshing) and sorts its changes into allowed and unexpected. */
export async function replan(
  stack: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<Replan> {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "replan-"));
  const planFile = path.join(scratch, "plan");
  try {
    const plan = await runTerraform(
      [
        "plan",
        "-input=false",
        "-no-color",
        "-detailed-exitcode",
        "-lock=false",
        `-out=${planFile}`,
      ],
      { cwd: dir, env, timeoutMs: 15 * 60_000 },
    );
    const seconds = () => (Date.now() - started) / 1000;
    if (plan.code === 1)
      return {
        stack,
        code: 1,
        allowed: [],
        unexpected: [],
        error: plan.stderr,
        seconds: seconds(),
      };
    const show = await runTerraform(["show", "-json", "-no-color", planFile], {
      cwd: dir,
      env,
    });
    const json = JSON.parse(show.stdout);
    const changes = plannedChanges(json);
    const { outputs } = analysePlan(json);
    const unexpected = [
      ...changes.filter((c) => !isAllowed(c)),
      ...outputs.map((o) => ({
        address: `output.${o.name}`,
        actions: o.actions,
        attributes: [],
      })),
    ];
    return {
      stack,
      code: plan.code,
      allowed: changes.filter((c) => isAllowed(c)),
      unexpected,
      seconds: seconds(),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
