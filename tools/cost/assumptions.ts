/**
 * Usage assumptions of the estimate: everything a price depends on that the
 * synthesized stacks do not say (traffic, log volume, requests, data size).
 * Each one is a named number with a default per environment, overridable on
 * the command line as `--<name> <value>` (for every selected environment).
 * Task counts and the Spot share are read from the synthesized stacks unless
 * overridden (`--tasks`, `--spot-share`).
 */
import { numberOption } from "../command-line";

/** The groups an estimate has: the three environments and the shared state account (bootstrap). */
export const ESTIMATE_GROUPS = [
  "development",
  "staging",
  "production",
  "shared",
] as const;
export type EstimateGroup = (typeof ESTIMATE_GROUPS)[number];

/** One assumption: its meaning, unit and default per group. */
export interface AssumptionSpec {
  readonly description: string;
  readonly unit: string;
  /** Default per group; `null`: derived from the synthesized stack unless given. */
  readonly defaults: Readonly<Record<EstimateGroup, number | null>>;
  /** Highest value accepted (e.g. 1 for a share). */
  readonly max?: number;
}

const every = (value: number): Record<EstimateGroup, number> => ({
  development: value,
  staging: value,
  production: value,
  shared: value,
});
const perEnvironment = (
  development: number,
  staging: number,
  production: number,
  shared = 0,
): Record<EstimateGroup, number> => ({
  development,
  staging,
  production,
  shared,
});

/** Every assumption by its command-line name. */
export const ASSUMPTIONS = {
  "hours-per-month": {
    description: "Hours in a month for hourly rates",
    unit: "hours",
    defaults: every(730),
  },
  tasks: {
    description:
      "Average running API tasks (auto scaling); derived: the service's desired count, at least auto scaling's minimum",
    unit: "tasks",
    defaults: {
      ...every(0),
      development: null,
      staging: null,
      production: null,
    },
  },
  "spot-share": {
    description:
      "Share of task hours on Fargate Spot; derived: the service's capacity provider strategy at the task count",
    unit: "fraction 0–1",
    defaults: {
      ...every(0),
      development: null,
      staging: null,
      production: null,
    },
    max: 1,
  },
  "job-run-minutes": {
    description:
      "Billed minutes of one run of a scheduled job's task (image pull and start included; Fargate bills per second, at least one minute)",
    unit: "minutes/run",
    defaults: every(3),
  },
  "manual-task-runs": {
    description:
      "Runs of a task definition that no service or schedule starts (the migration task: one per deploy), each job-run-minutes long",
    unit: "runs/month",
    defaults: perEnvironment(20, 10, 5),
  },
  "sqs-requests": {
    description:
      "Requests to each SQS queue (the dead-letter queue: a failed start now and then, someone reading it)",
    unit: "requests/month",
    defaults: every(1_000),
  },
  "internet-data-gib": {
    description:
      "Data between the tasks and the internet (market data sources) through NAT, per month",
    unit: "GiB/month",
    defaults: perEnvironment(5, 10, 40),
  },
  "aws-service-data-gib": {
    description:
      "Data between the tasks and ECR, CloudWatch Logs and Secrets Manager: through the interface endpoints when the VPC has them, else through NAT",
    unit: "GiB/month",
    defaults: perEnvironment(5, 10, 20),
  },
  "internet-egress-gib": {
    description:
      "API responses to clients on the internet (Power BI) through the load balancer",
    unit: "GiB/month",
    defaults: perEnvironment(1, 2, 20),
  },
  "waf-requests": {
    description:
      "Requests the web ACL inspects (every request to the load balancer)",
    unit: "requests/month",
    defaults: perEnvironment(200_000, 1_000_000, 10_000_000),
  },
  "waf-log-gib": {
    description:
      "WAF logs of the web ACL (about 1 KB per inspected request, authorization redacted)",
    unit: "GiB/month",
    defaults: perEnvironment(0.2, 1, 10),
  },
  "cdn-requests": {
    description:
      "HTTPS requests CloudFront answers, only where the CDN is on (edge.cdn)",
    unit: "requests/month",
    defaults: perEnvironment(200_000, 1_000_000, 10_000_000),
  },
  "cdn-data-out-gib": {
    description:
      "Data CloudFront sends to viewers, only where the CDN is on (its origin fetches from the load balancer and the bucket are free)",
    unit: "GiB/month",
    defaults: perEnvironment(1, 2, 20),
  },
  "dns-queries-per-record": {
    description:
      "Standard (non-alias) DNS queries per record, e.g. ACM's validation CNAME",
    unit: "queries/month",
    defaults: every(10_000),
  },
  "alb-lcu": {
    description: "Average load balancer capacity units in use",
    unit: "LCU",
    defaults: perEnvironment(0.1, 0.2, 1),
  },
  "app-log-gib": {
    description: "API container logs ingested",
    unit: "GiB/month",
    defaults: perEnvironment(1, 2, 5),
  },
  "job-log-gib": {
    description:
      "Logs of each scheduled job and of the migration task (/ecs/<prefix>-job-<name>, /ecs/<prefix>-migration)",
    unit: "GiB/month per group",
    defaults: every(0.1),
  },
  "db-log-gib": {
    description: "PostgreSQL logs exported to CloudWatch Logs",
    unit: "GiB/month",
    defaults: perEnvironment(0.5, 1, 2),
  },
  "flow-log-gib": {
    description: "VPC flow log records ingested",
    unit: "GiB/month",
    defaults: perEnvironment(2, 4, 10),
  },
  "other-log-gib": {
    description: "Any other log group (e.g. the RDS upgrade log)",
    unit: "GiB/month per group",
    defaults: every(0.05),
  },
  "enhanced-monitoring-kib": {
    description:
      "Size of one RDS Enhanced Monitoring sample (RDSOSMetrics log event)",
    unit: "KiB/sample",
    defaults: every(8),
  },
  "db-data-gib": {
    description: "Data in the database",
    unit: "GiB",
    defaults: perEnvironment(2, 5, 10),
  },
  "db-daily-change-percent": {
    description:
      "Share of the data changed a day (size of each incremental backup)",
    unit: "% a day",
    defaults: every(5),
    max: 100,
  },
  "kms-requests-per-key": {
    description: "KMS API requests per customer managed key",
    unit: "requests/month",
    defaults: perEnvironment(10_000, 20_000, 50_000, 2_000),
  },
  "secret-api-calls": {
    description: "Secrets Manager API calls per secret",
    unit: "calls/month",
    defaults: every(5_000),
  },
  "container-insights-metrics": {
    description:
      "Container Insights metrics of a cluster with one service (billed as custom metrics)",
    unit: "metrics",
    defaults: every(20),
  },
  "container-insights-gib": {
    description: "Container Insights performance log events ingested",
    unit: "GiB/month per cluster",
    defaults: every(0.5),
  },
  "config-items": {
    description:
      "AWS Config configuration items recorded (ENIs of new tasks, every change)",
    unit: "items/month",
    defaults: perEnvironment(200, 300, 600),
  },
  "config-evaluations-per-rule": {
    description: "Evaluations of each AWS Config rule",
    unit: "evaluations/month",
    defaults: every(100),
  },
  "cloudtrail-paid-events": {
    description:
      "Management events billed because another trail (e.g. an Organization trail) already records the first copy",
    unit: "events/month",
    defaults: every(0),
  },
  "access-log-gib": {
    description: "ALB access logs kept in their bucket",
    unit: "GiB stored",
    defaults: perEnvironment(0.5, 1, 5),
  },
  "audit-log-gib": {
    description: "CloudTrail and AWS Config files kept in the audit bucket",
    unit: "GiB stored",
    defaults: perEnvironment(0.5, 1, 3),
  },
  "other-bucket-gib": {
    description: "Any other bucket (e.g. the state bucket)",
    unit: "GiB stored",
    defaults: every(0.1),
  },
  "bucket-puts": {
    description:
      "PUT/LIST requests per bucket (log delivery writes every few minutes)",
    unit: "requests/month",
    defaults: perEnvironment(20_000, 20_000, 30_000, 2_000),
  },
  "dynamodb-requests": {
    description: "Reads and writes (each) of an on-demand table (state locks)",
    unit: "requests/month",
    defaults: every(5_000),
  },
  "dynamodb-gib": {
    description: "Data in an on-demand table",
    unit: "GiB",
    defaults: every(0.001),
  },
  "ecr-image-gib": {
    description:
      "Unique layer data per image kept in a repository (base layers are shared)",
    unit: "GiB/image",
    defaults: every(0.1),
  },
} as const satisfies Record<string, AssumptionSpec>;

export type AssumptionName = keyof typeof ASSUMPTIONS;
export const ASSUMPTION_NAMES = Object.keys(ASSUMPTIONS) as AssumptionName[];

/** An assumption's value for one group and where it came from. */
export interface AssumptionValue {
  readonly value: number | null;
  readonly from: "default" | "command line";
}

/** The assumptions of one group; `null` values are derived from the stacks. */
export type Assumptions = Readonly<Record<AssumptionName, AssumptionValue>>;

/** Parses `--<name> <value>` overrides; a UsageError names a bad value. */
export function parseOverrides(
  raw: Readonly<Record<string, string | undefined>>,
): Partial<Record<AssumptionName, number>> {
  const out: Partial<Record<AssumptionName, number>> = {};
  for (const name of ASSUMPTION_NAMES) {
    const text = raw[name];
    if (text === undefined) continue;
    const spec: AssumptionSpec = ASSUMPTIONS[name];
    out[name] = numberOption(name, text, { max: spec.max, unit: spec.unit });
  }
  return out;
}

/** The assumptions of `group`: defaults, replaced by the overrides given. */
export function assumptionsFor(
  group: EstimateGroup,
  overrides: Partial<Record<AssumptionName, number>> = {},
): Assumptions {
  const out = {} as Record<AssumptionName, AssumptionValue>;
  for (const name of ASSUMPTION_NAMES) {
    const given = overrides[name];
    const spec: AssumptionSpec = ASSUMPTIONS[name];
    out[name] =
      given === undefined
        ? { value: spec.defaults[group], from: "default" }
        : { value: given, from: "command line" };
  }
  return out;
}
