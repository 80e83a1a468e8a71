import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  ServiceAutoscaling,
  ServiceAutoscalingProps,
} from "../../../modules/container/service-autoscaling";
import { listOf, parse } from "../../support/synth";

function synthScaling(
  overrides: Partial<ServiceAutoscalingProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new ServiceAutoscaling(scope, "scaling", {
      namePrefix: "team-api",
      clusterName: "team",
      serviceName: "team-api",
      minCapacity: 1,
      maxCapacity: 10,
      ...overrides,
    });
  });
}

function policies(synthesized: string) {
  return listOf(parse(synthesized), "aws_appautoscaling_policy");
}

describe("ServiceAutoscaling", () => {
  it("GIVEN min 1 and max 10 WHEN synthesized THEN the service's desired count scales between them", () => {
    expect(synthScaling()).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: "service/team/team-api",
      min_capacity: 1,
      max_capacity: 10,
    });
  });

  it("GIVEN the defaults WHEN synthesized THEN target tracking holds CPU at 70 % and memory at 80 % with 60 s out / 300 s in cooldowns", () => {
    const tracking = policies(synthScaling())
      .filter((p) => p.policy_type === "TargetTrackingScaling")
      .map((p) => p.target_tracking_scaling_policy_configuration);
    expect(tracking).toEqual([
      expect.objectContaining({
        target_value: 70,
        predefined_metric_specification: {
          predefined_metric_type: "ECSServiceAverageCPUUtilization",
        },
        scale_out_cooldown: 60,
        scale_in_cooldown: 300,
        disable_scale_in: false,
      }),
      expect.objectContaining({
        target_value: 80,
        predefined_metric_specification: {
          predefined_metric_type: "ECSServiceAverageMemoryUtilization",
        },
        scale_out_cooldown: 60,
        scale_in_cooldown: 300,
      }),
    ]);
  });

  it("GIVEN the defaults WHEN synthesized THEN a step policy adds one task up to 10 points above the alarm and two beyond", () => {
    const [step] = policies(synthScaling()).filter(
      (p) => p.policy_type === "StepScaling",
    );
    expect(step.step_scaling_policy_configuration).toEqual({
      adjustment_type: "ChangeInCapacity",
      metric_aggregation_type: "Average",
      cooldown: 60,
      step_adjustment: [
        {
          metric_interval_lower_bound: "0",
          metric_interval_upper_bound: "10",
          scaling_adjustment: 1,
        },
        { metric_interval_lower_bound: "10", scaling_adjustment: 2 },
      ],
    });
  });

  it("GIVEN CPU target 70 WHEN synthesized THEN the step policy's alarm fires after one minute above 80 %", () => {
    expect(synthScaling()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "team", ServiceName: "team-api" },
      statistic: "Average",
      period: 60,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
    });
  });

  it("GIVEN the step alarm WHEN synthesized THEN its only action is the step policy", () => {
    const json = parse(synthScaling());
    const [alarm] = listOf(json, "aws_cloudwatch_metric_alarm");
    const step = Object.entries(
      json.resource.aws_appautoscaling_policy as Record<
        string,
        { policy_type: string }
      >,
    ).find(([, p]) => p.policy_type === "StepScaling")![0];
    expect(alarm.alarm_actions).toEqual([
      `\${aws_appautoscaling_policy.${step}.arn}`,
    ]);
  });

  it("GIVEN every policy WHEN synthesized THEN it names the scalable target's attributes so the target is created first", () => {
    const json = parse(synthScaling());
    const [target] = Object.keys(json.resource.aws_appautoscaling_target);
    for (const policy of policies(synthScaling())) {
      expect(policy.resource_id).toBe(
        `\${aws_appautoscaling_target.${target}.resource_id}`,
      );
    }
  });

  it("GIVEN a CPU target of 90 WHEN synthesized THEN the step threshold stops at 95 %", () => {
    expect(synthScaling({ cpuTargetPercent: 90 })).toHaveResourceWithProperties(
      CloudwatchMetricAlarm,
      { threshold: 95 },
    );
  });

  it("GIVEN min above max WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthScaling({ minCapacity: 4, maxCapacity: 3 })).toThrow(
      /minCapacity = 4: must not exceed maxCapacity \(3\)/,
    );
  });

  it("GIVEN a step threshold below the CPU target WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthScaling({ stepScaleOutCpuPercent: 60 })).toThrow(
      /stepScaleOutCpuPercent = 60/,
    );
  });
});
