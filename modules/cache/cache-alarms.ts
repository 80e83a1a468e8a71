import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { sustainedAlarm } from "../observability/sustained-alarm";

/** Properties of {@link CacheAlarms}. */
export interface CacheAlarmsProps {
  /** The nodes' ids (`Cache.nodeIds`): each gets its own alarms, named `<node id>-<alarm>`. */
  readonly nodeIds: readonly string[];
  /** SNS topic (ARN) notified when an alarm fires and when it recovers. */
  readonly topicArn: string;
  /**
   * Engine (Valkey's main thread) CPU above which the CPU alarm fires, percent.
   * @default 80
   */
  readonly engineCpuPercent?: number;
  /**
   * Memory used, as a share of `maxmemory`, above which the memory alarm fires, percent.
   * @default 80 - evictions start at 100
   */
  readonly memoryPercent?: number;
  /**
   * Keys evicted per five minutes above which the evictions alarm fires.
   * @default 100
   */
  readonly evictionsPerPeriod?: number;
}

/**
 * CloudWatch alarms of each node of a cache, each notifying a topic when it
 * fires and when it recovers: engine CPU (Valkey runs commands on one
 * thread, so the host's CPU hides its saturation), memory used against
 * `maxmemory`, and evictions (the cache is too small for its working set).
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.WhichShouldIMonitor.html
 */
export class CacheAlarms extends Construct {
  /** The alarms, by `<node id>-<short name>`. */
  public readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(scope: Construct, id: string, props: CacheAlarmsProps) {
    super(scope, id);
    const cpu = props.engineCpuPercent ?? 80;
    const memory = props.memoryPercent ?? 80;
    const evictions = props.evictionsPerPeriod ?? 100;
    const checks = new PropChecks(throwOnBadProp(`CacheAlarms ${id}`));
    checks.percentage("engineCpuPercent", cpu);
    checks.percentage("memoryPercent", memory);
    checks.wholeNumber("evictionsPerPeriod", evictions, 0);
    checks.check(
      "nodeIds",
      props.nodeIds,
      (ids) => ids.length > 0,
      "must name at least one node",
    );
    const specs = [
      {
        id: "engine-cpu-high",
        metricName: "EngineCPUUtilization",
        statistic: "Average" as const,
        threshold: cpu,
        description: `Valkey's engine thread above ${cpu} % CPU for 15 minutes: commands queue; look for slow commands before a larger node type.`,
      },
      {
        id: "memory-high",
        metricName: "DatabaseMemoryUsagePercentage",
        statistic: "Maximum" as const,
        threshold: memory,
        description: `Memory above ${memory} % of maxmemory for 15 minutes: evictions start at 100 %; shorten TTLs or choose a larger node type.`,
      },
      {
        id: "evictions-high",
        metricName: "Evictions",
        statistic: "Sum" as const,
        threshold: evictions,
        description: `More than ${evictions} keys evicted per 5 minutes for 15 minutes: the working set does not fit, the hit rate falls and the database takes the load.`,
      },
    ];
    for (const node of props.nodeIds) {
      for (const spec of specs) {
        const key = `${node}-${spec.id}`;
        this.alarms[key] = sustainedAlarm(this, key, {
          alarmName: key,
          description: spec.description,
          namespace: "AWS/ElastiCache",
          metricName: spec.metricName,
          dimensions: { CacheClusterId: node },
          statistic: spec.statistic,
          threshold: spec.threshold,
          // A node that publishes nothing is being replaced or is gone.
          treatMissingData: "missing",
          topicArn: props.topicArn,
        });
      }
    }
  }
}
