/**
 * EventBridge Scheduler: invocations of a schedule and the Fargate tasks it
 * starts.
 */
import type { AssumptionName } from "../assumptions";
import { scheduleRuns } from "../schedule-runs";
import { fargateLines, fargateSize, runMinutes, spotShare } from "./fargate";
import {
  CannotPrice,
  type LineDraft,
  referencedName,
  req,
  type ResourceConfig,
  type Rule,
  type ServiceRules,
} from "./rule";

const schedule: Rule = (ctx) => {
  const c = ctx.config;
  if (c.state === "DISABLED")
    return {
      free: "a DISABLED schedule makes no invocations and starts no tasks",
    };
  let runs: number;
  let basis: string;
  try {
    ({ runsPerMonth: runs, basis } = scheduleRuns(
      String(c.schedule_expression),
      c.schedule_expression_timezone,
      req(ctx, "hours-per-month"),
    ));
  } catch (error) {
    if (error instanceof CannotPrice) throw error;
    throw new CannotPrice((error as Error).message);
  }
  const when = `${c.schedule_expression}${c.schedule_expression_timezone ? ` ${c.schedule_expression_timezone}` : ""}: ${basis}`;
  const fromRate = c.schedule_expression.startsWith("rate(");
  const hoursDriver: AssumptionName[] = fromRate ? ["hours-per-month"] : [];
  const lines: LineDraft[] = [
    {
      // Retries of a failed start are invocations too; rare, not counted.
      item: `${runs.toFixed(1)} invocations a month (${when})`,
      rate: "scheduler.million-invocations",
      quantity: runs / 1_000_000,
      assumptions: hoursDriver,
    },
  ];
  const target = c.target ?? {};
  const ecs = target.ecs_parameters;
  const arn = String(target.arn ?? "");
  if (ecs) {
    const taskName = referencedName(
      ecs.task_definition_arn,
      "aws_ecs_task_definition",
    );
    const task = taskName
      ? ctx.stackResources.aws_ecs_task_definition?.[taskName]
      : undefined;
    if (!task) throw new CannotPrice("its task definition is not in the stack");
    if (ecs.launch_type && ecs.launch_type !== "FARGATE")
      throw new CannotPrice(`launch type ${ecs.launch_type} has no rate`);
    const count = Number(ecs.task_count ?? 1);
    const strategy = ecs.capacity_provider_strategy ?? [];
    const share = spotShare(strategy, count);
    const minutes = runMinutes(ctx);
    lines.push(
      ...fargateLines(
        fargateSize(task),
        (runs * count * minutes) / 60,
        share,
        `${runs.toFixed(1)} runs × ${count} task(s) × ${minutes} min${strategy.length ? `, ${strategy.map((s: ResourceConfig) => `${s.capacity_provider} base ${s.base ?? 0} weight ${s.weight ?? 0}`).join(", ")}` : ""}`,
        [...hoursDriver, "job-run-minutes"],
      ),
    );
  } else if (arn.startsWith("arn:aws:scheduler:::aws-sdk:cloudwatch:")) {
    lines.push({
      item: `CloudWatch API call ${arn.split(":").pop()} per invocation`,
      rate: "cloudwatch.1k-api-requests",
      quantity: runs / 1000,
      assumptions: hoursDriver,
    });
  } else {
    throw new CannotPrice(
      `its target ${arn || "(none)"} has no rule (only ECS tasks and CloudWatch API calls are priced)`,
    );
  }
  return { lines };
};

/** Priced and free resource types of this service. */
export const SCHEDULER_RULES: ServiceRules = {
  priced: {
    aws_scheduler_schedule: schedule,
  },
  free: {},
};
