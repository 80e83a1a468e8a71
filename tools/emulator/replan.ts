/**
 * The second plan after an apply, checked against the gap list: every
 * change must be an idempotency gap (resource type and changed attributes
 * listed in gaps.ts); anything else is a real non-idempotency.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analysePlan, ResourceFinding } from "../drift/analysis";
import { runTerraform } from "../terraform";
import { GAPS, Gap, idempotencyGapsOf } from "./gaps";

/** The result of one re-plan. */
export interface Replan {
  readonly stack: string;
  /** `plan -detailed-exitcode`: 0 empty, 2 changes, 1 error. */
  readonly code: number;
  /** Changes the gap list allows. */
  readonly allowed: readonly ResourceFinding[];
  /** Changes it does not: must be empty. */
  readonly unexpected: readonly ResourceFinding[];
  readonly error?: string;
  readonly seconds: number;
}

/** Resource type of an address (`aws_x.name`, `aws_x.name[0]`, `module.m.aws_x.name`). */
export function typeOf(address: string): string {
  const parts = address.split(".");
  return parts[parts.length - 2] ?? address;
}

/**
 * Whether the gap list allows `finding` in a second plan: an update whose
 * changed attributes are all listed for its type, or a replacement that a
 * `replaces` gap of its type forces (its attributes among the changed ones).
 */
export function isAllowed(
  finding: ResourceFinding,
  gaps: readonly Gap[] = GAPS,
): boolean {
  const own = idempotencyGapsOf(typeOf(finding.address), gaps);
  if (own.length === 0 || finding.attributes.length === 0) return false;
  const replacement = finding.actions.includes("delete");
  if (replacement)
    return own.some(
      (g) =>
        g.replaces === true &&
        (g.attributes ?? []).every((a) => finding.attributes.includes(a)),
    );
  // A gap that forces a replacement in a plan shows in a refresh (drift) as
  // an update of the same attributes.
  const listed = own.flatMap((g) => g.attributes ?? []);
  return finding.attributes.every((a) =>
    listed.some((allowed) => a === allowed || a.startsWith(`${allowed}.`)),
  );
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
    const { changes, outputs } = analysePlan(JSON.parse(show.stdout));
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
