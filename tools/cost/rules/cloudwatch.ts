/**
 * Amazon CloudWatch: log groups (ingestion and storage), alarms and
 * dashboards.
 */
import type { AssumptionName } from "../assumptions";
import { req, type ResourceConfig, type Rule, type ServiceRules } from "./rule";

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
  if (/^\/ecs\/.*(-job-[a-z0-9-]+|-migration)$/.test(name))
    return "job-log-gib";
  if (name.startsWith("/ecs/")) return "app-log-gib";
  if (/^\/aws\/rds\/.*\/postgresql$/.test(name)) return "db-log-gib";
  return "other-log-gib";
}

const logGroup: Rule = (ctx) => {
  const name = String(ctx.config.name ?? ctx.name);
  const volume = logGroupVolume(name);
  const ingest = req(ctx, volume);
  const retention = ctx.config.retention_in_days as number | undefined;
  return {
    lines: [
      {
        item: `${name}: ingested`,
        // Flow logs are vended logs (their own, tiered rate).
        rate:
          volume === "flow-log-gib"
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

/** Priced and free resource types of this service. */
export const CLOUDWATCH_RULES: ServiceRules = {
  priced: {
    aws_cloudwatch_log_group: logGroup,
    aws_cloudwatch_metric_alarm: metricAlarm,
    aws_cloudwatch_dashboard: dashboard,
  },
  free: {},
};
