/**
 * The alarms of one data source (BusinessAlarms creates them in its own
 * scope, so the Terraform addresses are BusinessAlarms'): data older than
 * its threshold, a success rate below its floor and, where configured,
 * throughput below its floor.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { MarketWindow } from "./market-hours";
import { BUSINESS_METRICS, METRIC_NAMESPACE } from "./metric-contract";

/** Period of the freshness alarm's datapoints, seconds. */
export const FRESHNESS_PERIOD_SECONDS = 300;
/** Window of the success rate, seconds. */
export const SUCCESS_RATE_PERIOD_SECONDS = 3600;
const DEFAULT_THROUGHPUT_PERIOD_SECONDS = 900;

/** What is watched for one data source. */
export interface DataSourceAlarmSettings {
  /** Alarm when no record younger than this arrived for this long, seconds (a multiple of 300 is exact). */
  readonly freshnessThresholdSeconds: number;
  /** Alarm when fewer runs than this succeed in an hour, percent. */
  readonly minSuccessRatePercent: number;
  /**
   * Alarm when fewer records per minute than this are processed.
   * @default - no throughput alarm
   */
  readonly minRecordsPerMinute?: number;
  /**
   * Period the throughput is averaged over, seconds.
   * @default 900
   */
  readonly throughputPeriodSeconds?: number;
  /**
   * When the freshness and throughput alarms may notify.
   * @default - always
   */
  readonly marketHours?: MarketWindow;
}

/** Where one data source's alarms go and what they watch. */
export interface DataSourceAlarmsProps {
  /** Prefix of the alarm names, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  /** `Environment` dimension of the metrics. */
  readonly environment: string;
  /** Topic every alarm notifies. */
  readonly topicArn: string;
  /** The data source's name: `DataSource` dimension, part of ids and names. */
  readonly source: string;
  readonly settings: DataSourceAlarmSettings;
}

/** The alarms {@link dataSourceAlarms} creates. */
export interface DataSourceAlarmSet {
  readonly freshness: CloudwatchMetricAlarm;
  readonly successRate: CloudwatchMetricAlarm;
  readonly throughput?: CloudwatchMetricAlarm;
  /** Names of the alarms that notify only in market hours (when it has them). */
  readonly marketHoursAlarmNames: string[];
}

/** Creates one data source's alarms in `scope`. */
export function dataSourceAlarms(
  scope: Construct,
  {
    namePrefix,
    environment,
    topicArn,
    source,
    settings,
  }: DataSourceAlarmsProps,
): DataSourceAlarmSet {
  const threshold = settings.freshnessThresholdSeconds;
  const dimensions = { Environment: environment, DataSource: source };
  const name = (what: string) => `${namePrefix}-${source}-${what}`;
  const switchable = settings.marketHours !== undefined;
  const common = {
    alarmActions: [topicArn],
    okActions: [topicArn],
  };
  const marketHoursOnly = switchable
    ? {
        // Off until the next open; the schedules own the switch. No OK
        // action: the reset to OK at each open would notify every morning.
        okActions: [],
        actionsEnabled: false,
        lifecycle: { ignoreChanges: ["actions_enabled"] },
      }
    : {};

  // ---------------------------------------------------------- freshness
  // Breaching when every 5-minute period of the threshold's length had
  // either no datapoint or one above the threshold: nothing fresh arrived.
  const periods = Math.ceil(threshold / FRESHNESS_PERIOD_SECONDS);
  const freshness = new CloudwatchMetricAlarm(scope, `${source}-freshness`, {
    alarmName: name("data-freshness"),
    alarmDescription: `${source}: no data younger than ${threshold} s${switchable ? " during market hours" : ""} (no data at all counts: the collector may be dead)`,
    namespace: METRIC_NAMESPACE,
    metricName: BUSINESS_METRICS.dataFreshness.name,
    dimensions,
    statistic: BUSINESS_METRICS.dataFreshness.statistic,
    period: FRESHNESS_PERIOD_SECONDS,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    threshold,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "breaching",
    ...common,
    ...marketHoursOnly,
  });

  // ------------------------------------------------------- success rate
  const rate = settings.minSuccessRatePercent;
  const runMetric = (
    idPart: string,
    metric: { name: string; statistic: string },
  ) => ({
    id: idPart,
    returnData: false,
    metric: {
      namespace: METRIC_NAMESPACE,
      metricName: metric.name,
      dimensions,
      stat: metric.statistic,
      period: SUCCESS_RATE_PERIOD_SECONDS,
    },
  });
  const successRate = new CloudwatchMetricAlarm(
    scope,
    `${source}-success-rate`,
    {
      alarmName: name("success-rate"),
      alarmDescription: `${source}: fewer than ${rate} % of the runs of the last hour succeeded`,
      evaluationPeriods: 1,
      threshold: rate,
      comparisonOperator: "LessThanThreshold",
      // No run in the hour: nothing to rate (the freshness alarm covers a dead pipeline).
      treatMissingData: "notBreaching",
      metricQuery: [
        runMetric("succeeded", BUSINESS_METRICS.runSucceeded),
        runMetric("failed", BUSINESS_METRICS.runFailed),
        {
          id: "rate",
          label: "Success rate (%)",
          returnData: true,
          expression:
            "100 * FILL(succeeded, 0) / (FILL(succeeded, 0) + FILL(failed, 0))",
        },
      ],
      ...common,
    },
  );

  // --------------------------------------------------------- throughput
  let throughput: CloudwatchMetricAlarm | undefined;
  if (settings.minRecordsPerMinute !== undefined) {
    const period =
      settings.throughputPeriodSeconds ?? DEFAULT_THROUGHPUT_PERIOD_SECONDS;
    throughput = new CloudwatchMetricAlarm(scope, `${source}-throughput`, {
      alarmName: name("throughput"),
      alarmDescription: `${source}: fewer than ${settings.minRecordsPerMinute} records per minute over ${period / 60} min${switchable ? " during market hours" : ""}`,
      evaluationPeriods: 1,
      threshold: settings.minRecordsPerMinute,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      metricQuery: [
        {
          id: "records",
          returnData: false,
          metric: {
            namespace: METRIC_NAMESPACE,
            metricName: BUSINESS_METRICS.recordsProcessed.name,
            dimensions,
            stat: BUSINESS_METRICS.recordsProcessed.statistic,
            period,
          },
        },
        {
          id: "perMinute",
          label: "Records per minute",
          returnData: true,
          expression: `records / ${period / 60}`,
        },
      ],
      ...common,
      ...marketHoursOnly,
    });
  }

  const marketHoursAlarmNames = settings.marketHours
    ? [name("data-freshness"), ...(throughput ? [name("throughput")] : [])]
    : [];
  return { freshness, successRate, throughput, marketHoursAlarmNames };
}
