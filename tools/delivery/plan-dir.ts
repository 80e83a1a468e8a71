/**
 * The plan summaries of a folder of saved plans: `<stack>.json` plan JSON as
 * it is, `<stack>.tfplan` binary plans through `terraform show -json` in the
 * stack's synthesized folder.
 */
import * as fs from "fs";
import * as path from "path";
import { readStacks, UsageError } from "../stack-workdir";
import { runTerraform, terraformEnv } from "../terraform";
import { StackPlanSummary, summarizePlan } from "./plan-summary";

/** The summary of each saved plan in `planDir`, by file name order. */
export async function planSummary(
  planDir: string,
  outdir: string,
): Promise<StackPlanSummary[]> {
  if (!fs.existsSync(planDir))
    throw new UsageError(`--plan-dir ${planDir}: no such folder`);
  const files = fs
    .readdirSync(planDir)
    .filter((f) => f.endsWith(".tfplan") || f.endsWith(".json"))
    .sort();
  const stacks = files.some((f) => f.endsWith(".tfplan"))
    ? readStacks(outdir)
    : [];
  const summaries: StackPlanSummary[] = [];
  for (const file of files) {
    const stack = file.replace(/\.(tfplan|json)$/, "");
    const full = path.resolve(planDir, file);
    if (file.endsWith(".json")) {
      try {
        summaries.push(
          summarizePlan(stack, JSON.parse(fs.readFileSync(full, "utf8"))),
        );
      } catch (error) {
        summaries.push({
          stack,
          add: 0,
          change: 0,
          destroy: 0,
          destroyed: [],
          error: `unreadable: ${error}`,
        });
      }
      continue;
    }
    const dir = stacks.find((s) => s.name === stack)?.dir;
    if (!dir)
      throw new UsageError(
        `${file}: no synthesized stack ${stack} in ${outdir}`,
      );
    const show = await runTerraform(["show", "-json", "-no-color", full], {
      cwd: dir,
      env: terraformEnv(process.env),
    });
    summaries.push(
      show.code === 0
        ? summarizePlan(stack, JSON.parse(show.stdout))
        : {
            stack,
            add: 0,
            change: 0,
            destroy: 0,
            destroyed: [],
            error: `terraform show failed: ${show.stderr.trim().split("\n")[0]}`,
          },
    );
  }
  return summaries;
}
