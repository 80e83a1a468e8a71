import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Five-minute periods: a trend, not a spike. */
export const SUSTAINED_PERIOD_SECONDS = 300;
/** Periods in a row above the threshold before the alarm fires (15 minutes). */
export const SUSTAINED_PERIODS = 3;

/** Properties of {@link sustainedAlarm}. */
export interface SustainedAlarmProps {
  readonly alarmName: string;
  /** What it means and what to do, for whoever is paged. */
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Average" | "Maximum" | "Minimum" | "Sum";
  /** The alarm fires above this value. */
  readonly threshold: number;
  /** No data: `missing` keeps the state, `notBreaching` counts it as fine. */
  readonly treatMissingData: "missing" | "notBreaching";
  /** SNS topic (ARN) notified when it fires and when it recovers. */
  readonly topicArn: string;
}

/**
 * One alarm on a metric above a threshold for 15 minutes (three five-minute
 * periods in a row), notifying a topic on alarm and on recovery: the shape
 * of the cache's, the proxy's and the replicas' alarms. Created in `scope`
 * under `id`, so its Terraform address is the caller's own.
 */
export function sustainedAlarm(
  scope: Construct,
  id: string,
  props: SustainedAlarmProps,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: props.description,
    namespace: props.namespace,
    metricName: props.metricName,
    dimensions: props.dimensions,
    statistic: props.statistic,
    period: SUSTAINED_PERIOD_SECONDS,
    evaluationPeriods: SUSTAINED_PERIODS,
    datapointsToAlarm: SUSTAINED_PERIODS,
    comparisonOperator: "GreaterThanThreshold",
    threshold: props.threshold,
    treatMissingData: props.treatMissingData,
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
  });
}
