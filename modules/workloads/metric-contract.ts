/**
 * The metric contract between the pipeline application and this
 * infrastructure (docs/workloads.md "Metric contract"). The application
 * writes CloudWatch embedded metric format (EMF) JSON lines to stdout; the
 * awslogs driver ships them to the task's log group and CloudWatch Logs
 * turns them into metrics: no agent, no `cloudwatch:PutMetricData`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * Every alarm and dashboard widget of the business metrics reads these
 * names; change them here and in the application together.
 */

/** Namespace of the business metrics. */
export const METRIC_NAMESPACE = "FinancialPipeline";

/** The dimension set every business metric carries, in this order. */
export const METRIC_DIMENSIONS = ["Environment", "DataSource"] as const;

/** The metrics, with the unit and statistic the alarms use. */
export const BUSINESS_METRICS = {
  /** Age of the newest record the run has stored, seconds (emit once per run, and per batch in long runs). */
  dataFreshness: {
    name: "DataFreshnessSeconds",
    unit: "Seconds",
    statistic: "Maximum",
  },
  /** Records stored by the run (emit per batch; summed). */
  recordsProcessed: {
    name: "RecordsProcessed",
    unit: "Count",
    statistic: "Sum",
  },
  /** 1 when a run finishes successfully (emit once, at the end). */
  runSucceeded: { name: "RunSucceeded", unit: "Count", statistic: "Sum" },
  /** 1 when a run fails (emit once, before exiting non-zero). */
  runFailed: { name: "RunFailed", unit: "Count", statistic: "Sum" },
} as const;

/**
 * Environment variables every pipeline container gets, so that it knows
 * where its metrics go: `METRICS_NAMESPACE`, `PIPELINE_ENVIRONMENT` and,
 * for a collector, `DATA_SOURCE`.
 */
export function metricEnvironment(
  environment: string,
  dataSource?: string,
): Record<string, string> {
  return {
    METRICS_NAMESPACE: METRIC_NAMESPACE,
    PIPELINE_ENVIRONMENT: environment,
    ...(dataSource !== undefined ? { DATA_SOURCE: dataSource } : {}),
  };
}

/** An example EMF line for one run (docs and tests): what the application prints. */
export function exampleEmfLine(
  environment: string,
  dataSource: string,
  timestampMs: number,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[...METRIC_DIMENSIONS]],
          Metrics: Object.values(BUSINESS_METRICS).map((m) => ({
            Name: m.name,
            Unit: m.unit,
          })),
        },
      ],
    },
    Environment: environment,
    DataSource: dataSource,
    DataFreshnessSeconds: 42,
    RecordsProcessed: 12500,
    RunSucceeded: 1,
    RunFailed: 0,
  });
}
