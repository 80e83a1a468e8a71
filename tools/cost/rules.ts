/**
 * How each Terraform resource type is priced: which rates of the price file
 * apply and in what quantity, from the resource's synthesized configuration
 * and the usage assumptions. A type with no rule and not on the free list is
 * reported as unpriced (never as zero); a rule that needs a rate the region's
 * table lacks makes that resource unpriced too.
 */
import { AssumptionName } from "./assumptions";
import { ROUTE53_FREE_TYPES, ROUTE53_RULES } from "./rules/route53";
import { WAF_FREE_TYPES, WAF_RULES } from "./rules/waf";
import { scheduleRuns } from "./schedule-runs";

/** Synthesized Terraform JSON (resource configuration) of one resource. */
export type ResourceConfig = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One priced quantity of a resource, in the unit of its rate. */
export interface LineDraft {
  /** What is billed, e.g. "instance hours (db.t3.micro, Single-AZ)". */
  readonly item: string;
  /** Key of the rate in the region's table, e.g. `nat.hour`. */
  readonly rate: string;
  /** Quantity in the rate's unit (hours, GB-months, 10,000 requests...). */
  readonly quantity: number;
  /** Region whose rate applies; default: the resource's provider region. */
  readonly region?: string;
  /** Assumptions the quantity depends on. */
  readonly assumptions: readonly AssumptionName[];
}

/** A value read from the synthesized stacks instead of an assumption (`tasks`, `spot-share`). */
export interface Derivation {
  readonly name: AssumptionName;
  readonly value: number;
  readonly from: string;
}

/** What a rule gets: the resource, its stack, its region and the assumptions. */
export interface RuleContext {
  readonly name: string;
  readonly config: ResourceConfig;
  /** Every resource of the same stack: type → name → configuration. */
  readonly stackResources: Readonly<
    Record<string, Readonly<Record<string, ResourceConfig>>>
  >;
  /** Region of the resource's provider (after `--region`). */
  readonly region: string;
  /** Region of the stack's default provider (after `--region`). */
  readonly stackRegion: string;
  /** Region of a provider reference such as `aws.dr`. */
  readonly providerRegion: (provider: string | undefined) => string;
  /** An assumption's value; derived ones (`tasks`, `spot-share`) are null unless given. */
  readonly assume: (name: AssumptionName) => number | null;
  /** Records a value read from the stack in place of an assumption. */
  readonly derive: (derivation: Derivation) => void;
  /** Facts about the whole environment. */
  readonly environment: EnvironmentFacts;
}

/** Counts over every stack of the environment, for usage that is split between resources. */
export interface EnvironmentFacts {
  readonly natGateways: number;
  readonly interfaceEndpoints: number;
}

/** A rule's answer: lines, or that this resource has no charge (and why). */
export type RuleResult =
  | { readonly lines: readonly LineDraft[] }
  | { readonly free: string };

/** Thrown by a rule for a configuration it cannot price (the resource becomes unpriced). */
export class CannotPrice extends Error {}

export type Rule = (ctx: RuleContext) => RuleResult;
/** Pricing rules by resource type. */
export type Rules = Readonly<Record<string, Rule>>;
/** Resource types without a charge, and why. */
export type FreeTypes = Readonly<Record<string, string>>;

const GIB_PER_KIB = 1 / (1024 * 1024);

/** The logical name an interpolation like `${aws_x.name.attr}` points at. */
export function referencedName(
  expression: unknown,
  type: string,
): string | undefined {
  if (typeof expression !== "string") return undefined;
  return new RegExp(`\\$\\{${type}\\.([^.}]+)[.}]`).exec(expression)?.[1];
}

function req(ctx: RuleContext, name: AssumptionName): number {
  const value = ctx.assume(name);
  if (value === null) throw new CannotPrice(`assumption ${name} has no value`);
  return value;
}

/**
 * Spot share of `tasks` tasks under an ECS capacity provider strategy: the
 * provider with a base gets its base first, the rest is split by weight.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
 */
export function spotShare(
  strategy: readonly {
    capacity_provider: string;
    base?: number;
    weight?: number;
  }[],
  tasks: number,
): number {
  if (tasks <= 0 || strategy.length === 0) return 0;
  let remaining = tasks;
  let spot = 0;
  for (const entry of strategy) {
    const placed = Math.min(entry.base ?? 0, remaining);
    remaining -= placed;
    if (entry.capacity_provider === "FARGATE_SPOT") spot += placed;
  }
  const totalWeight = strategy.reduce((sum, e) => sum + (e.weight ?? 0), 0);
  if (remaining > 0 && totalWeight > 0) {
    const spotWeight = strategy
      .filter((e) => e.capacity_provider === "FARGATE_SPOT")
      .reduce((sum, e) => sum + (e.weight ?? 0), 0);
    spot += (remaining * spotWeight) / totalWeight;
  }
  return spot / tasks;
}

/** Steady-state stored GiB of a log group that ingests `ingest` GiB a month. */
export function storedLogGiB(
  ingestGiBPerMonth: number,
  retentionDays: number | undefined,
): number {
  // Never-expiring groups: a year of logs, the horizon of this estimate.
  const days = retentionDays && retentionDays > 0 ? retentionDays : 365;
  return (ingestGiBPerMonth * days) / 30;
}

/** Which assumption sizes a log group, from its name. */
export function logGroupVolume(name: string): AssumptionName {
  if (/flow-logs?$/.test(name)) return "flow-log-gib";
  if (name.startsWith("aws-waf-logs-")) return "waf-log-gib";
  if (/^\/ecs\/.*(-job-[a-z0-9-]+|-migration)$/.test(name))
    return "job-log-gib";
  if (name.startsWith("/ecs/")) return "app-log-gib";
  if (/^\/aws\/rds\/.*\/postgresql$/.test(name)) return "db-log-gib";
  return "other-log-gib";
}

/** Which assumption sizes a bucket, from its name. */
export function bucketVolume(name: string): AssumptionName {
  if (/-alb-logs-/.test(name)) return "access-log-gib";
  if (/-audit-/.test(name)) return "audit-log-gib";
  return "other-bucket-gib";
}

// ------------------------------------------------------------------ RDS
const dbInstance: Rule = (ctx) => {
  const c = ctx.config;
  const hours = req(ctx, "hours-per-month");
  const az = c.multi_az ? "multi-az" : "single-az";
  const azLabel = c.multi_az ? "Multi-AZ" : "Single-AZ";
  const storageType = c.storage_type ?? "gp2";
  const allocated = Number(c.allocated_storage ?? 0);
  const retention = Number(c.backup_retention_period ?? 0);
  const data = req(ctx, "db-data-gib");
  const change = req(ctx, "db-daily-change-percent") / 100;
  if (
    c.performance_insights_enabled &&
    c.performance_insights_retention_period > 7
  )
    throw new CannotPrice(
      `Performance Insights retention ${c.performance_insights_retention_period} days (beyond the free 7) has no rate`,
    );
  const lines: LineDraft[] = [
    {
      item: `instance hours (${c.instance_class}, ${azLabel})`,
      rate: `rds.instance.${c.instance_class}.${az}`,
      quantity: hours,
      assumptions: ["hours-per-month"],
    },
    {
      item: `${storageType} storage, ${allocated} GiB allocated (${azLabel})`,
      rate: `rds.storage.${storageType}.${az}`,
      quantity: allocated,
      assumptions: [],
    },
  ];
  if (retention > 0) {
    // A full copy, then one increment per day of the window; 100 % of the
    // allocated storage is free. https://aws.amazon.com/rds/faqs/ (backup storage)
    const backup = data * (1 + change * retention);
    lines.push({
      item: `backup storage beyond the free ${allocated} GiB (${backup.toFixed(1)} GiB for ${retention} days)`,
      rate: "rds.backup-storage",
      quantity: Math.max(0, backup - allocated),
      assumptions: ["db-data-gib", "db-daily-change-percent"],
    });
  }
  const interval = Number(c.monitoring_interval ?? 0);
  if (interval > 0) {
    const gib =
      ((hours * 3600) / interval) *
      req(ctx, "enhanced-monitoring-kib") *
      GIB_PER_KIB;
    lines.push(
      {
        item: `Enhanced Monitoring every ${interval} s (RDSOSMetrics logs ingested)`,
        rate: "logs.ingest-gb",
        quantity: gib,
        assumptions: ["hours-per-month", "enhanced-monitoring-kib"],
      },
      {
        item: "Enhanced Monitoring logs stored (RDSOSMetrics keeps 30 days)",
        rate: "logs.storage-gb-month",
        quantity: storedLogGiB(gib, 30),
        assumptions: ["hours-per-month", "enhanced-monitoring-kib"],
      },
    );
  }
  if (c.manage_master_user_password) {
    lines.push(
      {
        item: "Secrets Manager secret (RDS-managed master password)",
        rate: "secretsmanager.secret-month",
        quantity: 1,
        assumptions: [],
      },
      {
        item: "Secrets Manager API calls on the master secret",
        rate: "secretsmanager.10k-api-calls",
        quantity: req(ctx, "secret-api-calls") / 10_000,
        assumptions: ["secret-api-calls"],
      },
    );
  }
  return { lines };
};

const backupReplication: Rule = (ctx) => {
  const c = ctx.config;
  const retention = Number(c.retention_period ?? 7);
  const data = req(ctx, "db-data-gib");
  const change = req(ctx, "db-daily-change-percent") / 100;
  const source = referencedName(c.source_db_instance_arn, "aws_db_instance");
  const sourceConfig = source
    ? ctx.stackResources.aws_db_instance?.[source]
    : undefined;
  const sourceRegion = sourceConfig
    ? ctx.providerRegion(sourceConfig.provider)
    : ctx.stackRegion;
  return {
    lines: [
      {
        item: `replicated backups in ${ctx.region} (${retention} days, no free allowance)`,
        rate: "rds.backup-storage",
        quantity: data * (1 + change * retention),
        region: ctx.region,
        assumptions: ["db-data-gib", "db-daily-change-percent"],
      },
      {
        // The first full copy is a one-off; this is the steady daily change.
        item: `daily changes copied ${sourceRegion} → ${ctx.region}`,
        rate: "transfer.inter-region-gb",
        quantity: data * change * 30,
        region: sourceRegion,
        assumptions: ["db-data-gib", "db-daily-change-percent"],
      },
    ],
  };
};

// ------------------------------------------------------------ ECS, ECR
/** vCPU and GB of a Linux/x86 Fargate task definition; CannotPrice for other platforms. */
function fargateSize(task: ResourceConfig): { vcpu: number; gb: number } {
  const arch = task.runtime_platform?.cpu_architecture ?? "X86_64";
  const os = task.runtime_platform?.operating_system_family ?? "LINUX";
  if (arch !== "X86_64" || os !== "LINUX")
    throw new CannotPrice(`Fargate ${os}/${arch} has no rate`);
  return { vcpu: Number(task.cpu) / 1024, gb: Number(task.memory) / 1024 };
}

/** Fargate lines for `taskHours` hours of a task of `size`, `share` of them on Spot. */
function fargateLines(
  size: { vcpu: number; gb: number },
  taskHours: number,
  share: number,
  label: string,
  assumptions: readonly AssumptionName[],
): LineDraft[] {
  const lines: LineDraft[] = [];
  const onDemand = taskHours * (1 - share);
  const spot = taskHours * share;
  const what = `${size.vcpu} vCPU, ${size.gb} GB`;
  if (onDemand > 0 || spot === 0)
    lines.push(
      {
        item: `Fargate on-demand vCPU (${what}; ${label})`,
        rate: "fargate.vcpu-hour",
        quantity: onDemand * size.vcpu,
        assumptions,
      },
      {
        item: "Fargate on-demand memory",
        rate: "fargate.gb-hour",
        quantity: onDemand * size.gb,
        assumptions,
      },
    );
  if (spot > 0)
    lines.push(
      {
        item: `Fargate Spot vCPU (${what}; ${label})`,
        rate: "fargate-spot.vcpu-hour",
        quantity: spot * size.vcpu,
        assumptions,
      },
      {
        item: "Fargate Spot memory",
        rate: "fargate-spot.gb-hour",
        quantity: spot * size.gb,
        assumptions,
      },
    );
  return lines;
}

/** Billed minutes of one run: Fargate bills per second with a one-minute minimum. */
function runMinutes(ctx: RuleContext): number {
  return Math.max(1, req(ctx, "job-run-minutes"));
}

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

const sqsQueue: Rule = (ctx) => {
  if (ctx.config.fifo_queue)
    throw new CannotPrice("FIFO queues have no rate in the price file");
  return {
    lines: [
      {
        item: "standard queue requests",
        rate: "sqs.million-requests",
        quantity: req(ctx, "sqs-requests") / 1_000_000,
        assumptions: ["sqs-requests"],
      },
    ],
  };
};

const eventRule: Rule = (ctx) => {
  const c = ctx.config;
  if (c.schedule_expression)
    return {
      free: "scheduled EventBridge rules have no charge",
    };
  const bus = c.event_bus_name ?? "default";
  let sources: unknown[] = [];
  try {
    sources = [JSON.parse(String(c.event_pattern)).source ?? []].flat();
  } catch {
    throw new CannotPrice("its event pattern does not parse");
  }
  if (
    bus === "default" &&
    sources.length > 0 &&
    sources.every((s) => typeof s === "string" && s.startsWith("aws."))
  )
    return {
      free: `matches AWS service events (${sources.join(", ")}) on the default bus: free, and a rule has no charge of its own`,
    };
  throw new CannotPrice(
    "matches custom events: their publishing is billed per million, which has no rate here",
  );
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

const ecrRepository: Rule = (ctx) => {
  const policy = Object.values(
    ctx.stackResources.aws_ecr_lifecycle_policy ?? {},
  ).find(
    (p) => referencedName(p.repository, "aws_ecr_repository") === ctx.name,
  );
  let keep: number | undefined;
  if (policy) {
    const rules: ResourceConfig[] = JSON.parse(policy.policy).rules ?? [];
    const counts = rules
      .map((r) => r.selection)
      .filter((s) => s?.countType === "imageCountMoreThan")
      .map((s) => Number(s.countNumber));
    if (counts.length > 0) keep = Math.max(...counts);
  }
  if (keep === undefined)
    throw new CannotPrice("no lifecycle policy bounds its images");
  return {
    lines: [
      {
        item: `image storage (${keep} images kept by its lifecycle policy)`,
        rate: "ecr.storage-gb-month",
        quantity: keep * req(ctx, "ecr-image-gib"),
        assumptions: ["ecr-image-gib"],
      },
    ],
  };
};

// ---------------------------------------------------------- networking
const natGateway: Rule = (ctx) => {
  const hours = req(ctx, "hours-per-month");
  // Without interface endpoints, the tasks reach ECR, Logs and Secrets Manager through NAT.
  const viaNat =
    req(ctx, "internet-data-gib") +
    (ctx.environment.interfaceEndpoints > 0
      ? 0
      : req(ctx, "aws-service-data-gib"));
  const share = 1 / Math.max(1, ctx.environment.natGateways);
  return {
    lines: [
      {
        item: "NAT gateway hours",
        rate: "nat.hour",
        quantity: hours,
        assumptions: ["hours-per-month"],
      },
      {
        item: `data processed (${share === 1 ? "all" : `1/${ctx.environment.natGateways}`} of the environment's NAT traffic${ctx.environment.interfaceEndpoints > 0 ? "" : ", AWS service traffic included: no interface endpoints"})`,
        rate: "nat.gb",
        quantity: viaNat * share,
        assumptions:
          ctx.environment.interfaceEndpoints > 0
            ? ["internet-data-gib"]
            : ["internet-data-gib", "aws-service-data-gib"],
      },
    ],
  };
};

const elasticIp: Rule = (ctx) => ({
  lines: [
    {
      item: "public IPv4 address",
      rate: "ipv4.hour",
      quantity: req(ctx, "hours-per-month"),
      assumptions: ["hours-per-month"],
    },
  ],
});

const loadBalancer: Rule = (ctx) => {
  const c = ctx.config;
  const type = c.load_balancer_type ?? "application";
  if (type !== "application")
    throw new CannotPrice(`load balancer type ${type} has no rate`);
  const hours = req(ctx, "hours-per-month");
  const lines: LineDraft[] = [
    {
      item: "ALB hours",
      rate: "alb.hour",
      quantity: hours,
      assumptions: ["hours-per-month"],
    },
    {
      item: `LCU hours (${req(ctx, "alb-lcu")} LCU on average)`,
      rate: "alb.lcu-hour",
      quantity: req(ctx, "alb-lcu") * hours,
      assumptions: ["alb-lcu", "hours-per-month"],
    },
  ];
  if (!c.internal) {
    const nodes = (c.subnets ?? []).length || 2;
    lines.push({
      item: "data out to the internet (API responses)",
      rate: "transfer.internet-out-gb",
      quantity: req(ctx, "internet-egress-gib"),
      assumptions: ["internet-egress-gib"],
    });
    lines.push({
      item: `public IPv4 addresses (one per AZ node: ${nodes})`,
      rate: "ipv4.hour",
      quantity: nodes * hours,
      assumptions: ["hours-per-month"],
    });
  }
  return { lines };
};

const vpcEndpoint: Rule = (ctx) => {
  const c = ctx.config;
  const type = c.vpc_endpoint_type ?? "Gateway";
  if (type === "Gateway")
    return { free: "gateway endpoints (S3, DynamoDB) have no charge" };
  if (type !== "Interface")
    throw new CannotPrice(`endpoint type ${type} has no rate`);
  const azs = (c.subnet_ids ?? []).length;
  const hours = req(ctx, "hours-per-month");
  return {
    lines: [
      {
        item: `interface endpoint ${String(c.service_name).split(".").slice(3).join(".")} in ${azs} AZ(s)`,
        rate: "endpoint.interface.az-hour",
        quantity: azs * hours,
        assumptions: ["hours-per-month"],
      },
      {
        item: `data processed (1/${ctx.environment.interfaceEndpoints} of the AWS service traffic)`,
        rate: "endpoint.interface.gb",
        quantity:
          req(ctx, "aws-service-data-gib") /
          Math.max(1, ctx.environment.interfaceEndpoints),
        assumptions: ["aws-service-data-gib"],
      },
    ],
  };
};

// ------------------------------------------------------- KMS, secrets
const kmsKey: Rule = (ctx) => ({
  lines: [
    {
      item: "customer managed key",
      rate: "kms.key-month",
      quantity: 1,
      assumptions: [],
    },
    {
      item: "requests",
      rate: "kms.10k-requests",
      quantity: req(ctx, "kms-requests-per-key") / 10_000,
      assumptions: ["kms-requests-per-key"],
    },
  ],
});

const secret: Rule = (ctx) => ({
  lines: [
    {
      item: "secret",
      rate: "secretsmanager.secret-month",
      quantity: 1,
      assumptions: [],
    },
    {
      item: "API calls",
      rate: "secretsmanager.10k-api-calls",
      quantity: req(ctx, "secret-api-calls") / 10_000,
      assumptions: ["secret-api-calls"],
    },
  ],
});

// ---------------------------------------------------------- CloudWatch
const logGroup: Rule = (ctx) => {
  const name = String(ctx.config.name ?? ctx.name);
  const volume = logGroupVolume(name);
  const ingest = req(ctx, volume);
  const retention = ctx.config.retention_in_days as number | undefined;
  return {
    lines: [
      {
        item: `${name}: ingested`,
        // Flow logs and WAF logs are vended logs (their own, tiered rate).
        rate:
          volume === "flow-log-gib" || volume === "waf-log-gib"
            ? "logs.vended-ingest-gb"
            : "logs.ingest-gb",
        quantity: ingest,
        assumptions: [volume],
      },
      {
        item: `stored (${retention ? `${retention} days` : "never expires: one year counted"}, uncompressed upper bound)`,
        rate: "logs.storage-gb-month",
        quantity: storedLogGiB(ingest, retention),
        assumptions: [volume],
      },
    ],
  };
};

const metricAlarm: Rule = (ctx) => {
  const c = ctx.config;
  const queries: ResourceConfig[] = c.metric_query ?? [];
  const metrics = queries.length > 0 ? queries.filter((q) => q.metric) : [c];
  const periods = metrics.map((m) => Number((m.metric ?? m).period ?? 60));
  const highRes = periods.some((p) => p < 60);
  return {
    lines: [
      {
        item: `alarm on ${metrics.length} metric(s)${highRes ? " (high resolution)" : ""}`,
        rate: highRes
          ? "cloudwatch.alarm-high-res-metric-month"
          : "cloudwatch.alarm-metric-month",
        quantity: metrics.length,
        assumptions: [],
      },
    ],
  };
};

const scalingPolicy: Rule = (ctx) => {
  if (ctx.config.policy_type !== "TargetTrackingScaling")
    return {
      free: "step scaling policies have no charge (their alarm is its own resource)",
    };
  // Target tracking creates and bills two alarms of its own (scale out, scale in).
  // https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
  return {
    lines: [
      {
        item: "the two alarms target tracking creates",
        rate: "cloudwatch.alarm-metric-month",
        quantity: 2,
        assumptions: [],
      },
    ],
  };
};

const dashboard: Rule = () => ({
  lines: [
    {
      item: "dashboard",
      rate: "cloudwatch.dashboard-month",
      quantity: 1,
      assumptions: [],
    },
  ],
});

// ------------------------------------------------ CloudTrail and Config
const cloudTrail: Rule = (ctx) => {
  const c = ctx.config;
  const dataEvents = (c.event_selector ?? []).some(
    (s: ResourceConfig) => (s.data_resource ?? []).length > 0,
  );
  if (dataEvents || (c.advanced_event_selector ?? []).length > 0)
    throw new CannotPrice("data events have no rate in the price file");
  if ((c.insight_selector ?? []).length > 0)
    throw new CannotPrice("CloudTrail Insights has no rate in the price file");
  return {
    lines: [
      {
        item: "management events beyond the free first copy (its files are priced on the audit bucket)",
        rate: "cloudtrail.100k-paid-events",
        quantity: req(ctx, "cloudtrail-paid-events") / 100_000,
        assumptions: ["cloudtrail-paid-events"],
      },
    ],
  };
};

const configRecorder: Rule = (ctx) => ({
  lines: [
    {
      item: "configuration items recorded",
      rate: "config.item",
      quantity: req(ctx, "config-items"),
      assumptions: ["config-items"],
    },
  ],
});

const configRule: Rule = (ctx) => ({
  lines: [
    {
      item: `evaluations of ${ctx.config.source?.source_identifier ?? ctx.name}`,
      rate: "config.rule-evaluation",
      quantity: req(ctx, "config-evaluations-per-rule"),
      assumptions: ["config-evaluations-per-rule"],
    },
  ],
});

// -------------------------------------------------------- S3, DynamoDB
const bucket: Rule = (ctx) => {
  const name = String(ctx.config.bucket ?? ctx.name);
  const volume = bucketVolume(name);
  return {
    lines: [
      {
        item: `${name}: S3 Standard storage`,
        rate: "s3.standard-gb-month",
        quantity: req(ctx, volume),
        assumptions: [volume],
      },
      {
        item: "PUT/LIST requests",
        rate: "s3.1k-put",
        quantity: req(ctx, "bucket-puts") / 1000,
        assumptions: ["bucket-puts"],
      },
    ],
  };
};

const dynamodbTable: Rule = (ctx) => {
  const mode = ctx.config.billing_mode ?? "PROVISIONED";
  if (mode !== "PAY_PER_REQUEST")
    throw new CannotPrice(`billing mode ${mode} has no rate`);
  const requests = req(ctx, "dynamodb-requests") / 1_000_000;
  return {
    lines: [
      {
        item: "on-demand writes",
        rate: "dynamodb.million-wru",
        quantity: requests,
        assumptions: ["dynamodb-requests"],
      },
      {
        item: "on-demand reads",
        rate: "dynamodb.million-rru",
        quantity: requests,
        assumptions: ["dynamodb-requests"],
      },
      {
        item: "table storage",
        rate: "dynamodb.storage-gb-month",
        quantity: req(ctx, "dynamodb-gib"),
        assumptions: ["dynamodb-gib"],
      },
    ],
  };
};

/** The pricing rule of each priced resource type. */
export const RULES: Readonly<Record<string, Rule>> = {
  aws_db_instance: dbInstance,
  aws_db_instance_automated_backups_replication: backupReplication,
  aws_ecs_service: ecsService,
  aws_ecs_cluster: ecsCluster,
  aws_ecs_task_definition: taskDefinition,
  aws_scheduler_schedule: schedule,
  aws_sqs_queue: sqsQueue,
  aws_cloudwatch_event_rule: eventRule,
  aws_ecr_repository: ecrRepository,
  aws_nat_gateway: natGateway,
  aws_eip: elasticIp,
  aws_lb: loadBalancer,
  aws_vpc_endpoint: vpcEndpoint,
  aws_kms_key: kmsKey,
  aws_secretsmanager_secret: secret,
  aws_cloudwatch_log_group: logGroup,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_appautoscaling_policy: scalingPolicy,
  aws_cloudwatch_dashboard: dashboard,
  aws_cloudtrail: cloudTrail,
  aws_config_configuration_recorder: configRecorder,
  aws_config_config_rule: configRule,
  aws_s3_bucket: bucket,
  aws_dynamodb_table: dynamodbTable,
  ...WAF_RULES,
  ...ROUTE53_RULES,
};

const NETWORK = "no charge (VPC networking construct)";
const IAM = "IAM has no charge";
const BUCKET_SETTING =
  "bucket setting: no charge (storage and requests are priced on aws_s3_bucket)";

/** Resource types that cost nothing by themselves, and why. */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_vpc: NETWORK,
  aws_subnet: NETWORK,
  aws_route_table: NETWORK,
  aws_route: NETWORK,
  aws_route_table_association: NETWORK,
  aws_default_route_table: NETWORK,
  aws_default_security_group: NETWORK,
  aws_default_network_acl: NETWORK,
  aws_network_acl: NETWORK,
  aws_internet_gateway: NETWORK,
  aws_vpc_endpoint_route_table_association: NETWORK,
  aws_security_group: NETWORK,
  aws_security_group_rule: NETWORK,
  aws_vpc_security_group_ingress_rule: NETWORK,
  aws_vpc_security_group_egress_rule: NETWORK,
  aws_iam_role: IAM,
  aws_iam_role_policy: IAM,
  aws_iam_role_policy_attachment: IAM,
  aws_iam_policy: IAM,
  aws_iam_openid_connect_provider: IAM,
  aws_kms_alias: "KMS aliases have no charge",
  aws_sns_topic:
    "SNS topics have no charge; alarm e-mails stay within the 1,000 free e-mail notifications a month",
  aws_sns_topic_policy: "no charge",
  aws_sns_topic_subscription: "no charge (deliveries: see aws_sns_topic)",
  aws_s3_bucket_policy: BUCKET_SETTING,
  aws_s3_bucket_versioning: BUCKET_SETTING,
  aws_s3_bucket_public_access_block: BUCKET_SETTING,
  aws_s3_bucket_ownership_controls: BUCKET_SETTING,
  aws_s3_bucket_server_side_encryption_configuration: BUCKET_SETTING,
  aws_s3_bucket_lifecycle_configuration: BUCKET_SETTING,
  aws_s3_bucket_logging: BUCKET_SETTING,
  aws_db_subnet_group: "no charge",
  aws_db_parameter_group: "no charge",
  aws_ecs_cluster_capacity_providers: "no charge",
  aws_cloudwatch_event_target:
    "no charge of its own (what it delivers to is priced there; SNS e-mails: see aws_sns_topic)",
  aws_sqs_queue_policy: "no charge",
  aws_lb_listener: "no charge of its own (priced on aws_lb)",
  aws_lb_listener_rule: "no charge of its own (priced on aws_lb)",
  aws_lb_target_group: "no charge of its own (priced on aws_lb)",
  aws_appautoscaling_target: "no charge",
  aws_ecr_lifecycle_policy: "no charge",
  aws_flow_log:
    "no charge of its own (its records are priced on its log group)",
  aws_config_configuration_recorder_status: "no charge",
  aws_config_delivery_channel:
    "no charge (delivers into the audit bucket, priced there)",
  aws_secretsmanager_secret_rotation:
    "RDS-managed rotation runs no Lambda: no charge (the secret is priced on aws_db_instance)",
  aws_secretsmanager_secret_version: "no charge (priced on the secret)",
  ...WAF_FREE_TYPES,
  ...ROUTE53_FREE_TYPES,
};
