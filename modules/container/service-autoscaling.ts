import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/**
 * Period of the one-minute high-CPU alarm behind the step policy, seconds.
 * ECS publishes service CPU once a minute; a shorter period has no data.
 */
export const STEP_ALARM_PERIOD_SECONDS = 60;
/** Breaching periods before the step policy's alarm fires. */
export const STEP_ALARM_EVALUATION_PERIODS = 1;
// Why a step policy at all: the alarms AWS creates for target tracking wait
// for three one-minute datapoints before scaling out (up to 240 s), more than
// the document's "<2 minutes":
// https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html

/** Properties of {@link ServiceAutoscaling}. */
export interface ServiceAutoscalingProps {
  /** Prefix of policy and alarm names, e.g. `financial-pipeline-production-api`. */
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /**
   * Average service CPU that target tracking holds, percent.
   * @default 70
   */
  readonly cpuTargetPercent?: number;
  /**
   * Average service memory that target tracking holds, percent.
   * @default 80
   */
  readonly memoryTargetPercent?: number;
  /**
   * Seconds after a scale-out before the same policy scales out again.
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
  /**
   * Seconds after a scaling activity before target tracking scales in.
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Average CPU above which the step policy adds tasks after one minute, percent.
   * @default - the CPU target + 10, at most 95
   */
  readonly stepScaleOutCpuPercent?: number;
}

/**
 * Checks {@link ServiceAutoscalingProps} as Application Auto Scaling would.
 * Props left undefined (their default applies) are skipped.
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html
 */
export function checkServiceAutoscalingProps(
  report: PropReport,
  props: Partial<ServiceAutoscalingProps>,
): void {
  const checks = new PropChecks(report);
  const { minCapacity, cpuTargetPercent } = props;
  checks.wholeNumber("minCapacity", minCapacity, 0);
  checks.wholeNumber("maxCapacity", props.maxCapacity, 1);
  checks.check(
    "minCapacity",
    props.maxCapacity === undefined ? undefined : minCapacity,
    (min) => min <= props.maxCapacity!,
    `must not exceed maxCapacity (${props.maxCapacity})`,
  );
  for (const key of ["cpuTargetPercent", "memoryTargetPercent"] as const) {
    checks.check(
      key,
      props[key],
      (percent) => percent > 0 && percent <= 100,
      "must be a percentage above 0, at most 100",
    );
  }
  for (const key of [
    "scaleOutCooldownSeconds",
    "scaleInCooldownSeconds",
  ] as const) {
    checks.wholeNumber(key, props[key], 0, 3600);
  }
  checks.check(
    "stepScaleOutCpuPercent",
    props.stepScaleOutCpuPercent,
    (percent) =>
      percent <= 100 &&
      (cpuTargetPercent === undefined || percent > cpuTargetPercent),
    `must lie above cpuTargetPercent (${cpuTargetPercent}) and at most 100`,
  );
}

/**
 * Auto scaling of an ECS service's task count between min and max: target
 * tracking on average CPU and memory (scales out and in), plus a step policy
 * on a one-minute high-CPU alarm that scales out as soon as one minute of
 * high CPU has been seen, instead of the three that target tracking waits
 * for. Application Auto Scaling runs whichever policy asks for the most tasks.
 */
export class ServiceAutoscaling extends Construct {
  public readonly target: AppautoscalingTarget;
  public readonly cpuPolicy: AppautoscalingPolicy;
  public readonly memoryPolicy: AppautoscalingPolicy;
  public readonly stepScaleOutPolicy: AppautoscalingPolicy;
  public readonly stepScaleOutAlarm: CloudwatchMetricAlarm;
  /** Threshold of the step policy's alarm, percent CPU. */
  public readonly stepScaleOutCpuPercent: number;

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    const cpuTargetPercent = props.cpuTargetPercent ?? 70;
    const memoryTargetPercent = props.memoryTargetPercent ?? 80;
    const scaleOutCooldownSeconds = props.scaleOutCooldownSeconds ?? 60;
    const scaleInCooldownSeconds = props.scaleInCooldownSeconds ?? 300;
    this.stepScaleOutCpuPercent =
      props.stepScaleOutCpuPercent ?? Math.min(cpuTargetPercent + 10, 95);
    checkServiceAutoscalingProps(throwOnBadProp(`ServiceAutoscaling ${id}`), {
      ...props,
      cpuTargetPercent,
      memoryTargetPercent,
      scaleOutCooldownSeconds,
      scaleInCooldownSeconds,
      stepScaleOutCpuPercent: this.stepScaleOutCpuPercent,
    });

    const scalable = {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
    };
    this.target = new AppautoscalingTarget(this, "target", {
      ...scalable,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    // Policies must name the target's own attributes so Terraform creates the target first.
    const onTarget = {
      serviceNamespace: this.target.serviceNamespace,
      scalableDimension: this.target.scalableDimension,
      resourceId: this.target.resourceId,
    };

    // ------------------------------------------------------ target tracking
    const tracking = (metric: string, targetValue: number) => ({
      targetValue,
      predefinedMetricSpecification: { predefinedMetricType: metric },
      scaleOutCooldown: scaleOutCooldownSeconds,
      scaleInCooldown: scaleInCooldownSeconds,
      disableScaleIn: false,
    });
    this.cpuPolicy = new AppautoscalingPolicy(this, "cpu-target-tracking", {
      name: `${props.namePrefix}-cpu-target-tracking`,
      policyType: "TargetTrackingScaling",
      ...onTarget,
      targetTrackingScalingPolicyConfiguration: tracking(
        "ECSServiceAverageCPUUtilization",
        cpuTargetPercent,
      ),
    });
    this.memoryPolicy = new AppautoscalingPolicy(
      this,
      "memory-target-tracking",
      {
        name: `${props.namePrefix}-memory-target-tracking`,
        policyType: "TargetTrackingScaling",
        ...onTarget,
        targetTrackingScalingPolicyConfiguration: tracking(
          "ECSServiceAverageMemoryUtilization",
          memoryTargetPercent,
        ),
      },
    );

    // ------------------------------------------------- fast step scale-out
    // Intervals are relative to the alarm threshold: up to 10 points above
    // it adds one task, further above adds two. Scale-in stays with target
    // tracking and its 300 s cooldown, which prevents thrashing.
    this.stepScaleOutPolicy = new AppautoscalingPolicy(
      this,
      "cpu-step-scale-out",
      {
        name: `${props.namePrefix}-cpu-step-scale-out`,
        policyType: "StepScaling",
        ...onTarget,
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          metricAggregationType: "Average",
          cooldown: scaleOutCooldownSeconds,
          stepAdjustment: [
            {
              metricIntervalLowerBound: "0",
              metricIntervalUpperBound: "10",
              scalingAdjustment: 1,
            },
            { metricIntervalLowerBound: "10", scalingAdjustment: 2 },
          ],
        },
      },
    );
    this.stepScaleOutAlarm = new CloudwatchMetricAlarm(this, "cpu-step-alarm", {
      alarmName: `${props.namePrefix}-cpu-scale-out`,
      alarmDescription: `Scale out: service CPU above ${this.stepScaleOutCpuPercent}% for one minute`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: {
        ClusterName: props.clusterName,
        ServiceName: props.serviceName,
      },
      statistic: "Average",
      period: STEP_ALARM_PERIOD_SECONDS,
      evaluationPeriods: STEP_ALARM_EVALUATION_PERIODS,
      datapointsToAlarm: STEP_ALARM_EVALUATION_PERIODS,
      comparisonOperator: "GreaterThanThreshold",
      threshold: this.stepScaleOutCpuPercent,
      treatMissingData: "notBreaching",
      alarmActions: [this.stepScaleOutPolicy.arn],
    });
  }
}
