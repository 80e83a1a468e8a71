import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

const GIB = 1024 ** 3;

/** Properties of {@link DatabaseAlarms}. */
export interface DatabaseAlarmsProps {
  /** Prefix of the alarm names, e.g. the instance identifier as a plain string. */
  readonly alarmNamePrefix: string;
  /** The `DBInstanceIdentifier` dimension of the instance's metrics. */
  readonly instanceIdentifier: string;
  /** SNS topic (ARN) notified when an alarm fires and when it recovers. */
  readonly topicArn: string;
  /** Storage allocated at creation, GiB: the base of the free-storage threshold. */
  readonly allocatedStorageGiB: number;
  /** Memory of the instance class, GiB: the base of the freeable-memory threshold. */
  readonly instanceMemoryGiB: number;
  /**
   * The instance's `max_connections`: the value its parameter group sets.
   * Required, because RDS's default is computed from `DBInstanceClassMemory`,
   * which is below the class's nominal memory and not published.
   */
  readonly maxConnections: number;
  /**
   * CPU utilization above which the CPU alarm fires, percent.
   * @default 80
   */
  readonly cpuThresholdPercent?: number;
  /**
   * Free storage below this share of `allocatedStorageGiB` fires the storage alarm, percent.
   * @default 10
   */
  readonly freeStorageThresholdPercent?: number;
  /**
   * Freeable memory below this share of `instanceMemoryGiB` fires the memory alarm, percent.
   * @default 10
   */
  readonly freeableMemoryThresholdPercent?: number;
  /**
   * Connections above this share of `maxConnections` fire the connection alarm, percent.
   * @default 80
   */
  readonly connectionsThresholdPercent?: number;
  /**
   * Average read or write latency above which the latency alarms fire, seconds.
   * @default 0.05 - the architecture document's 50 ms p95 query target
   */
  readonly latencyThresholdSeconds?: number;
}

/** One alarm's metric, comparison and reason. */
interface AlarmSpec {
  readonly id: string;
  readonly metricName: string;
  readonly statistic: "Average" | "Minimum" | "Maximum";
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: "missing" | "notBreaching";
  readonly description: string;
}

/** The props that are sizes: each must be above 0. */
const POSITIVE_PROPS = [
  "allocatedStorageGiB",
  "instanceMemoryGiB",
  "maxConnections",
  "latencyThresholdSeconds",
] as const;
/** The props that are shares of a size: each must be strictly between 0 and 100. */
const PERCENT_PROPS = [
  "cpuThresholdPercent",
  "freeStorageThresholdPercent",
  "freeableMemoryThresholdPercent",
  "connectionsThresholdPercent",
] as const;

/** Checks {@link DatabaseAlarmsProps}: positive sizes, percentages between 0 and 100. */
export function checkDatabaseAlarmsProps(
  report: PropReport,
  props: Partial<DatabaseAlarmsProps>,
): void {
  const checks = new PropChecks(report);
  for (const prop of POSITIVE_PROPS)
    checks.check(prop, props[prop], (v) => v > 0, "must be positive");
  for (const prop of PERCENT_PROPS) checks.percentage(prop, props[prop]);
}

/** Five-minute periods: RDS publishes every minute, alarms judge a trend, not a spike. */
const PERIOD_SECONDS = 300;

/**
 * CloudWatch alarms of an RDS PostgreSQL instance, each notifying a topic
 * when it fires and when it recovers: CPU, free storage, freeable memory,
 * connections against `max_connections`, read and write latency.
 *
 * Missing data: capacity alarms keep their state across gaps (reboots,
 * failovers, a stopped development instance) instead of paging or clearing;
 * latency alarms treat a gap as fine, because an idle disk reports none.
 */
export class DatabaseAlarms extends Construct {
  /** The alarms, by short name (`cpu-high`, `free-storage-low`, ...). */
  public readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  /** Thresholds in the metrics' units, for documentation and tests. */
  public readonly thresholds: {
    readonly cpuPercent: number;
    readonly freeStorageBytes: number;
    readonly freeableMemoryBytes: number;
    readonly connections: number;
    readonly latencySeconds: number;
  };

  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id);
    checkDatabaseAlarmsProps(throwOnBadProp(`DatabaseAlarms ${id}`), props);
    const maxConnections = props.maxConnections;
    const latencySeconds = props.latencyThresholdSeconds ?? 0.05;
    const cpuPercent = props.cpuThresholdPercent ?? 80;
    const storagePercent = props.freeStorageThresholdPercent ?? 10;
    const memoryPercent = props.freeableMemoryThresholdPercent ?? 10;
    const connectionsPercent = props.connectionsThresholdPercent ?? 80;
    this.thresholds = {
      cpuPercent,
      freeStorageBytes: Math.floor(
        (props.allocatedStorageGiB * GIB * storagePercent) / 100,
      ),
      freeableMemoryBytes: Math.floor(
        (props.instanceMemoryGiB * GIB * memoryPercent) / 100,
      ),
      connections: Math.floor((maxConnections * connectionsPercent) / 100),
      latencySeconds,
    };
    const t = this.thresholds;

    const specs: AlarmSpec[] = [
      {
        id: "cpu-high",
        metricName: "CPUUtilization",
        statistic: "Average",
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.cpuPercent,
        evaluationPeriods: 3,
        treatMissingData: "missing",
        description: `CPU above ${t.cpuPercent} % for 15 minutes: queries queue up; find them in Performance Insights before scaling the class.`,
      },
      {
        // At 10 % free of the allocation RDS storage autoscaling also grows the
        // volume, so this alarm marks a growth; staying in alarm means growth
        // could not help (ceiling reached, or within six hours of the last).
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
        id: "free-storage-low",
        metricName: "FreeStorageSpace",
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: t.freeStorageBytes,
        evaluationPeriods: 1,
        treatMissingData: "missing",
        description: `Free storage below ${t.freeStorageBytes} bytes (${storagePercent} % of the ${props.allocatedStorageGiB} GiB allocated), where storage autoscaling grows the volume. If this alarm does not clear within an hour, autoscaling could not help (ceiling reached, or six hours since the last growth): raise maxAllocatedStorageGiB or remove data before a full disk stops every write.`,
      },
      {
        id: "freeable-memory-low",
        metricName: "FreeableMemory",
        statistic: "Average",
        comparisonOperator: "LessThanThreshold",
        threshold: t.freeableMemoryBytes,
        evaluationPeriods: 3,
        treatMissingData: "missing",
        description: `Freeable memory below ${t.freeableMemoryBytes} bytes (${memoryPercent} % of ${props.instanceMemoryGiB} GiB) for 15 minutes: the instance swaps next.`,
      },
      {
        id: "connections-high",
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.connections,
        evaluationPeriods: 3,
        treatMissingData: "missing",
        description: `More than ${t.connections} connections (${connectionsPercent} % of max_connections ${maxConnections}) for 15 minutes: new connections will soon be refused.`,
      },
      {
        id: "read-latency-high",
        metricName: "ReadLatency",
        statistic: "Average",
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.latencySeconds,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
        description: `Average read latency above ${t.latencySeconds * 1000} ms for 15 minutes: queries miss their 50 ms p95 target.`,
      },
      {
        id: "write-latency-high",
        metricName: "WriteLatency",
        statistic: "Average",
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.latencySeconds,
        evaluationPeriods: 3,
        treatMissingData: "notBreaching",
        description: `Average write latency above ${t.latencySeconds * 1000} ms for 15 minutes: queries miss their 50 ms p95 target.`,
      },
    ];
    for (const spec of specs) {
      this.alarms[spec.id] = new CloudwatchMetricAlarm(this, spec.id, {
        alarmName: `${props.alarmNamePrefix}-${spec.id}`,
        alarmDescription: spec.description,
        namespace: "AWS/RDS",
        metricName: spec.metricName,
        dimensions: { DBInstanceIdentifier: props.instanceIdentifier },
        statistic: spec.statistic,
        period: PERIOD_SECONDS,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.evaluationPeriods,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        treatMissingData: spec.treatMissingData,
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      });
    }
  }
}
