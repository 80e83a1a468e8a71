/**
 * THE list of what moto 5.2.1 cannot do for these stacks: the one place
 * where the emulated lifecycle is allowed to differ from AWS. Every entry
 * names the resource (and attributes), the moto limitation, and how the
 * emulated run works around it; and carries a probe that checks, against
 * plain moto (no shims), that the limitation is still there.
 * `__tests__/tools/emulator/gaps.test.ts` runs every probe in `npm test`:
 * once moto fixes a gap, its probe reports it gone and the test fails, so
 * the entry (and its workaround) is removed and the list only shrinks.
 *
 * Kinds, and what the emulated run does about them:
 *  - `shim`: moto lacks (or mis-answers) a call the provider makes; a few
 *    lines in tools/emulator/moto_server.py fill it in (section named by id).
 *  - `left-out`: moto cannot create the resource at all; the emulated copy
 *    gives it `count = 0` (redirect.ts), so it is proven by plan only.
 *  - `idempotency`: moto does not store or return an attribute as AWS does,
 *    so the second plan shows a change; the re-plan test allows exactly
 *    these (type + attributes) and nothing else.
 *  - `destroy`: moto refuses a delete AWS accepts; the emulated destroy
 *    removes the resource from state first (`terraform state rm`), and the
 *    leftover check through the API still runs.
 *  - `not-enforced`: moto accepts what AWS would refuse; nothing is worked
 *    around, the tests check the result through the API instead.
 *  - `listed-after-delete`: moto still lists a deleted resource where AWS
 *    lists it no more; the leftover check (__tests__/support/leftovers.ts)
 *    reads its status and counts it only while it is not deleted.
 *
 * Each entry's probe is a Python file, tools/emulator/probes/<id>.py, run by
 * tools/emulator/probe_gaps.py in a fresh `mock_aws()`. It imports from
 * probes/_support.py `aws(service, region="af-south-1", **credentials)`, a
 * boto3 client, and `iam_enforced()`, moto's IAM enforcement for a `with`
 * block; it sets `present = True` while the gap is there, exactly as
 * described. A probe that raises is an error, never "still present".
 *
 * The entries live in gaps-shims.ts (kind `shim`) and gaps-resources.ts (the
 * rest); docs/emulator.md's gap table is checked against them.
 */
import { spawn } from "child_process";
import * as path from "path";
import { Gap } from "./gap-types";
import { RESOURCE_GAPS } from "./gaps-resources";
import { SHIM_GAPS } from "./gaps-shims";
import { pythonBinary } from "./moto";

export type { Gap, GapKind } from "./gap-types";

/** Every gap, grouped by kind. */
export const GAPS: readonly Gap[] = [...SHIM_GAPS, ...RESOURCE_GAPS];

/** Resource types the emulated copy leaves out (`count = 0`). */
export function resourcesLeftOut(gaps: readonly Gap[] = GAPS): string[] {
  return gaps.filter((g) => g.kind === "left-out").map((g) => g.resource);
}

/** Resource types the emulated destroy removes from state before destroying. */
export function resourcesForgottenBeforeDestroy(
  gaps: readonly Gap[] = GAPS,
): string[] {
  return gaps.filter((g) => g.kind === "destroy").map((g) => g.resource);
}

/** The idempotency gaps of one resource type. */
export function idempotencyGapsOf(
  type: string,
  gaps: readonly Gap[] = GAPS,
): Gap[] {
  return gaps.filter((g) => g.kind === "idempotency" && g.resource === type);
}

/** A probe's verdict. */
export interface ProbeResult {
  /** True while moto still has the gap; undefined when the probe failed. */
  readonly present?: boolean;
  readonly detail: string;
  readonly error?: string;
}

/** The folder of the gap probes, one `<id>.py` each. */
export const PROBE_DIR = path.join(__dirname, "probes");

/** Options of {@link probeGaps}. */
export interface ProbeOptions {
  /**
   * Load moto_server.py's shims first (a shim's probe must then find its
   * gap closed).
   * @default false (plain moto)
   */
  readonly withShims?: boolean;
  /**
   * The folder the probes are read from (`<id>.py` each; they may import
   * PROBE_DIR's `_support`).
   * @default PROBE_DIR
   */
  readonly probeDir?: string;
}

/** Runs every probe against plain moto (one Python process); id → verdict. */
export function probeGaps(
  gaps: readonly Pick<Gap, "id">[] = GAPS,
  options: ProbeOptions = {},
): Promise<Record<string, ProbeResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      pythonBinary(),
      [
        path.join(__dirname, "probe_gaps.py"),
        ...(options.withShims ? ["--with-shims"] : []),
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`probe_gaps.py exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout));
    });
    child.stdin.end(
      JSON.stringify(
        gaps.map(({ id }) => ({
          id,
          file: path.join(options.probeDir ?? PROBE_DIR, `${id}.py`),
        })),
      ),
    );
  });
}
