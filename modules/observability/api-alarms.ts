import {
  CloudwatchMetricAlarm,
  CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/** The architecture document's alarm values: the defaults of {@link ApiAlarmThresholds}. */
export const DEFAULT_API_ALARM_THRESHOLDS = {
  cpuPercent: 80,
  memoryPercent: 80,
  error5xxPercent: 5,
  p95LatencySeconds: 0.1,
} as const;

/** Thresholds of {@link ApiAlarms}; each has the architecture document's value as default. */
export interface ApiAlarmThresholds {
  /**
   * Average service CPU, percent ("High CPU/Memory usage (>80%)").
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * Average service memory, percent.
   * @default 80
   */
  readonly memoryPercent?: number;
  /**
   * 5XX responses (load balancer and targets) as a share of requests, including those the load balancer answers itself, percent ("API error rate increase (>5%)").
   * @default 5
   */
  readonly error5xxPercent?: number;
  /**
   * p95 target response time, seconds (the "<100ms" response-time target, measured at p95).
   * @default 0.1
   */
  readonly p95LatencySeconds?: number;
}

/** Properties of {@link ApiAlarms}. */
export interface ApiAlarmsProps {
  /** Prefix of the alarm names, e.g. `financial-pipeline-production-api`. */
  readonly namePrefix: string;
  /** SNS topic notified on alarm and on recovery. */
  readonly topicArn: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** `LoadBalancer` dimension (the ALB's `arn_suffix`). */
  readonly loadBalancerArnSuffix: string;
  /** `TargetGroup` dimension (the target group's `arn_suffix`). */
  readonly targetGroupArnSuffix: string;
  /** Running tasks below this count raise an alarm (auto scaling's minimum). */
  readonly minRunningTasks: number;
  /** @default - see {@link ApiAlarmThresholds} */
  readonly thresholds?: ApiAlarmThresholds;
  /**
   * Length of every alarm's period, seconds.
   * @default 60
   */
  readonly periodSeconds?: number;
}

/**
 * Checks {@link ApiAlarmsProps}: a whole running-task floor, and a period
 * CloudWatch can judge ECS and ALB metrics by (they are per minute).
 */
export function checkApiAlarmsProps(
  report: PropReport,
  props: Partial<ApiAlarmsProps>,
): void {
  const checks = new PropChecks(report);
  checks.wholeNumber("minRunningTasks", props.minRunningTasks, 0);
  checks.check(
    "periodSeconds",
    props.periodSeconds,
    (v) => v >= 60 && v % 60 === 0,
    "must be a multiple of 60 (ECS and ALB metrics are per minute)",
  );
}

/**
 * The API's alarms, each notifying the environment's topic on alarm and on
 * recovery: service CPU and memory, the 5XX share of requests (metric
 * math), p95 latency, unhealthy targets and running tasks below the
 * minimum. CPU and memory wait five minutes so that they fire only when
 * auto scaling has not caught up.
 */
export class ApiAlarms extends Construct {
  public readonly cpuHigh: CloudwatchMetricAlarm;
  public readonly memoryHigh: CloudwatchMetricAlarm;
  public readonly error5xxRate: CloudwatchMetricAlarm;
  public readonly p95Latency: CloudwatchMetricAlarm;
  public readonly unhealthyHosts: CloudwatchMetricAlarm;
  public readonly runningTasksLow: CloudwatchMetricAlarm;
  /** Every alarm above. */
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    checkApiAlarmsProps(throwOnBadProp(`ApiAlarms ${id}`), props);
    const d = DEFAULT_API_ALARM_THRESHOLDS;
    const t = {
      cpuPercent: props.thresholds?.cpuPercent ?? d.cpuPercent,
      memoryPercent: props.thresholds?.memoryPercent ?? d.memoryPercent,
      error5xxPercent: props.thresholds?.error5xxPercent ?? d.error5xxPercent,
      p95LatencySeconds:
        props.thresholds?.p95LatencySeconds ?? d.p95LatencySeconds,
    };
    const period = props.periodSeconds ?? 60;
    const service = {
      ClusterName: props.clusterName,
      ServiceName: props.serviceName,
    };
    const target = {
      LoadBalancer: props.loadBalancerArnSuffix,
      TargetGroup: props.targetGroupArnSuffix,
    };
    const alarm = (
      name: string,
      config: Omit<
        CloudwatchMetricAlarmConfig,
        "alarmName" | "alarmActions" | "okActions"
      >,
    ) =>
      new CloudwatchMetricAlarm(this, name, {
        alarmName: `${props.namePrefix}-${name}`,
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
        ...config,
      });

    this.cpuHigh = alarm("cpu-high", {
      alarmDescription: `Service CPU above ${t.cpuPercent}% for 5 minutes: auto scaling is at its maximum or too slow`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: service,
      statistic: "Average",
      period,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.cpuPercent,
      treatMissingData: "missing",
    });
    this.memoryHigh = alarm("memory-high", {
      alarmDescription: `Service memory above ${t.memoryPercent}% for 5 minutes`,
      namespace: "AWS/ECS",
      metricName: "MemoryUtilization",
      dimensions: service,
      statistic: "Average",
      period,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.memoryPercent,
      treatMissingData: "missing",
    });
    // RequestCount counts only requests routed to a target; the 503s the ALB
    // returns itself when it has no target to route to (no task registered)
    // are in HTTPCode_ELB_5XX_Count only. Dividing by RequestCount alone reads a full outage as 0 %, so the
    // denominator adds the ELB's 5XX. An ELB 5XX after a target was chosen
    // (502, 504) is then counted twice in the denominator: the share reads at
    // worst half the true one, never zero. FILL turns absent counts into 0 (no
    // routed request at all publishes no RequestCount); IF returns 0 when
    // there is no traffic instead of dividing by zero.
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
    const lbMetric = (
      queryId: string,
      metricName: string,
      dimensions: Record<string, string>,
    ) => ({
      id: queryId,
      returnData: false,
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions,
        stat: "Sum",
        period,
      },
    });
    this.error5xxRate = alarm("5xx-rate", {
      alarmDescription: `5XX responses above ${t.error5xxPercent}% of requests in 3 of 5 minutes`,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.error5xxPercent,
      treatMissingData: "notBreaching",
      metricQuery: [
        lbMetric("target5xx", "HTTPCode_Target_5XX_Count", target),
        lbMetric("elb5xx", "HTTPCode_ELB_5XX_Count", {
          LoadBalancer: props.loadBalancerArnSuffix,
        }),
        lbMetric("requests", "RequestCount", {
          LoadBalancer: props.loadBalancerArnSuffix,
        }),
        {
          id: "allRequests",
          label: "Requests routed to a target plus the load balancer's own 5XX",
          expression: "FILL(requests, 0) + FILL(elb5xx, 0)",
          returnData: false,
        },
        {
          id: "errorRate",
          label: "5XX share of requests (%)",
          expression:
            "IF(allRequests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / allRequests, 0)",
          returnData: true,
        },
      ],
    });
    this.p95Latency = alarm("p95-latency", {
      alarmDescription: `p95 target response time above ${t.p95LatencySeconds * 1000} ms in 3 of 5 minutes`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: target,
      extendedStatistic: "p95",
      period,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.p95LatencySeconds,
      treatMissingData: "notBreaching",
      // Percentiles of a handful of requests are noise: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#percentiles-with-low-samples
      evaluateLowSampleCountPercentiles: "ignore",
    });
    this.unhealthyHosts = alarm("unhealthy-hosts", {
      alarmDescription:
        "At least one target failed its health checks for 2 minutes",
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: target,
      statistic: "Maximum",
      period,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
    // Container Insights publishes RunningTaskCount; no data means no task reports at all.
    this.runningTasksLow = alarm("running-tasks-low", {
      alarmDescription: `Fewer than ${props.minRunningTasks} running tasks for 3 minutes`,
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: service,
      statistic: "Minimum",
      period,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: "LessThanThreshold",
      threshold: props.minRunningTasks,
      treatMissingData: "breaching",
    });
    this.alarms = [
      this.cpuHigh,
      this.memoryHigh,
      this.error5xxRate,
      this.p95Latency,
      this.unhealthyHosts,
      this.runningTasksLow,
    ];
  }
}
