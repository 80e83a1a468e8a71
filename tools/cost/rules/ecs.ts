/**
 * Amazon ECS on Fargate: services, clusters and task definitions run by hand
 * or by a schedule.
 */
import { fargateLines, fargateSize, runMinutes, spotShare } from "./fargate";
import {
  CannotPrice,
  referencedName,
  req,
  type ResourceConfig,
  type Rule,
  type ServiceRules,
} from "./rule";

const taskDefinition: Rule = (ctx) => {
  const ref = new RegExp(`\\$\\{aws_ecs_task_definition\\.${ctx.name}[.}]`);
  const runBy = (type: string, field: (c: ResourceConfig) => unknown) =>
    Object.values(ctx.stackResources[type] ?? {}).some((c) =>
      ref.test(String(field(c) ?? "")),
    );
  if (runBy("aws_ecs_service", (c) => c.task_definition))
    return {
      free: "no charge of its own (its tasks are priced on aws_ecs_service)",
    };
  if (
    runBy(
      "aws_scheduler_schedule",
      (c) => c.target?.ecs_parameters?.task_definition_arn,
    )
  )
    return {
      free: "no charge of its own (its runs are priced on aws_scheduler_schedule)",
    };
  // Run by hand (npm run migrate): on demand, as RunTask's default launch type.
  const runs = req(ctx, "manual-task-runs");
  const minutes = runMinutes(ctx);
  return {
    lines: fargateLines(
      fargateSize(ctx.config),
      (runs * minutes) / 60,
      0,
      `${runs} run(s) by hand × ${minutes} min`,
      ["manual-task-runs", "job-run-minutes"],
    ),
  };
};

const ecsService: Rule = (ctx) => {
  const c = ctx.config;
  const hours = req(ctx, "hours-per-month");
  if (c.launch_type && c.launch_type !== "FARGATE")
    throw new CannotPrice(`launch type ${c.launch_type} has no rate`);
  const taskName = referencedName(c.task_definition, "aws_ecs_task_definition");
  const task = taskName
    ? ctx.stackResources.aws_ecs_task_definition?.[taskName]
    : undefined;
  if (!task) throw new CannotPrice("its task definition is not in the stack");
  const size = fargateSize(task);

  // Tasks: the desired count, at least auto scaling's minimum (what runs when idle).
  const target = Object.values(
    ctx.stackResources.aws_appautoscaling_target ?? {},
  ).find((t) => referencedName(t.resource_id, "aws_ecs_service") === ctx.name);
  let tasks = ctx.assume("tasks");
  if (tasks === null) {
    const desired = Number(c.desired_count ?? 0);
    const min = target ? Number(target.min_capacity) : 0;
    tasks = Math.max(desired, min);
    ctx.derive({
      name: "tasks",
      value: tasks,
      from: `aws_ecs_service.${ctx.name}: desired_count ${desired}${target ? `, auto scaling min ${min} max ${target.max_capacity}` : ""}`,
    });
  }
  let share = ctx.assume("spot-share");
  if (share === null) {
    const strategy = c.capacity_provider_strategy ?? [];
    share = spotShare(strategy, tasks);
    ctx.derive({
      name: "spot-share",
      value: share,
      from: `aws_ecs_service.${ctx.name}: capacity_provider_strategy ${strategy
        .map(
          (s: ResourceConfig) =>
            `${s.capacity_provider} base ${s.base ?? 0} weight ${s.weight ?? 0}`,
        )
        .join(", ")} at ${tasks} task(s)`,
    });
  }
  return {
    lines: fargateLines(
      size,
      tasks * hours,
      share,
      `${tasks} task(s), ${(tasks * share).toFixed(2)} on Spot`,
      ["hours-per-month", "tasks", "spot-share"],
    ),
  };
};

const ecsCluster: Rule = (ctx) => {
  const settings: ResourceConfig[] = ctx.config.setting ?? [];
  const insights = settings.find((s) => s.name === "containerInsights")?.value;
  if (insights === undefined || insights === "disabled")
    return { free: "ECS clusters have no charge (Container Insights off)" };
  if (insights !== "enabled")
    throw new CannotPrice(`Container Insights "${insights}" has no rate`);
  return {
    lines: [
      {
        item: "Container Insights metrics (custom metrics)",
        rate: "cloudwatch.custom-metric-month",
        quantity: req(ctx, "container-insights-metrics"),
        assumptions: ["container-insights-metrics"],
      },
      {
        item: "Container Insights performance log events ingested",
        rate: "logs.ingest-gb",
        quantity: req(ctx, "container-insights-gib"),
        assumptions: ["container-insights-gib"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const ECS_RULES: ServiceRules = {
  priced: {
    aws_ecs_service: ecsService,
    aws_ecs_cluster: ecsCluster,
    aws_ecs_task_definition: taskDefinition,
  },
  free: {
    aws_ecs_cluster_capacity_providers: "no charge",
  },
};
