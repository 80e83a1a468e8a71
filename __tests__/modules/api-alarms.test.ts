import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { ApiAlarms, ApiAlarmsProps } from "../../modules/api-alarms";
import { listOf, parse } from "../support/synth";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";
const LB = "app/team/0123456789abcdef";
const TG = "targetgroup/team/fedcba9876543210";

function synthAlarms(overrides: Partial<ApiAlarmsProps> = {}): string {
  return Testing.synthScope((scope) => {
    new ApiAlarms(scope, "alarms", {
      namePrefix: "team-api",
      topicArn: TOPIC,
      clusterName: "team",
      serviceName: "team-api",
      loadBalancerArnSuffix: LB,
      targetGroupArnSuffix: TG,
      minRunningTasks: 1,
      ...overrides,
    });
  });
}

function alarmNamed(synthesized: string, suffix: string) {
  return listOf(parse(synthesized), "aws_cloudwatch_metric_alarm").find(
    (a) => a.alarm_name === `team-api-${suffix}`,
  );
}

describe("ApiAlarms", () => {
  it("GIVEN a topic WHEN synthesized THEN all six alarms notify it on alarm and on recovery", () => {
    const alarms = listOf(parse(synthAlarms()), "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect([alarm.alarm_actions, alarm.ok_actions]).toEqual([
        [TOPIC],
        [TOPIC],
      ]);
    }
  });

  it("GIVEN the defaults WHEN synthesized THEN service CPU above 80 % raises an alarm", () => {
    expect(synthAlarms()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "team-api-cpu-high",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "team", ServiceName: "team-api" },
      comparison_operator: "GreaterThanThreshold",
      threshold: 80,
    });
  });

  it("GIVEN the defaults WHEN synthesized THEN service memory above 80 % raises an alarm", () => {
    expect(synthAlarms()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "team-api-memory-high",
      metric_name: "MemoryUtilization",
      threshold: 80,
    });
  });

  it("GIVEN the defaults WHEN synthesized THEN 5XX responses above 5 % of requests raise an alarm through metric math", () => {
    const alarm = alarmNamed(synthAlarms(), "5xx-rate");
    expect(alarm).toMatchObject({
      comparison_operator: "GreaterThanThreshold",
      threshold: 5,
    });
    const queries = alarm!.metric_query as {
      id: string;
      expression?: string;
      return_data?: boolean;
      metric?: { metric_name: string };
    }[];
    expect(
      queries.filter((q) => q.metric).map((q) => q.metric!.metric_name),
    ).toEqual([
      "HTTPCode_Target_5XX_Count",
      "HTTPCode_ELB_5XX_Count",
      "RequestCount",
    ]);
    expect(queries.find((q) => q.return_data)?.expression).toBe(
      "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
    );
  });

  it("GIVEN the defaults WHEN synthesized THEN a p95 target response time above 0.1 s raises an alarm", () => {
    expect(alarmNamed(synthAlarms(), "p95-latency")).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "TargetResponseTime",
      extended_statistic: "p95",
      threshold: 0.1,
      dimensions: { LoadBalancer: LB, TargetGroup: TG },
    });
  });

  it("GIVEN the target group WHEN synthesized THEN any unhealthy host raises an alarm", () => {
    expect(alarmNamed(synthAlarms(), "unhealthy-hosts")).toMatchObject({
      metric_name: "UnHealthyHostCount",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      dimensions: { LoadBalancer: LB, TargetGroup: TG },
    });
  });

  it("GIVEN a minimum of 2 tasks WHEN synthesized THEN fewer than 2 running tasks (Container Insights) raise an alarm", () => {
    expect(
      alarmNamed(synthAlarms({ minRunningTasks: 2 }), "running-tasks-low"),
    ).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      comparison_operator: "LessThanThreshold",
      threshold: 2,
      treat_missing_data: "breaching",
    });
  });

  it("GIVEN other thresholds WHEN synthesized THEN the alarms use them", () => {
    const synthesized = synthAlarms({
      thresholds: { cpuPercent: 90, p95LatencySeconds: 0.25 },
    });
    expect([
      alarmNamed(synthesized, "cpu-high")?.threshold,
      alarmNamed(synthesized, "p95-latency")?.threshold,
    ]).toEqual([90, 0.25]);
  });

  it("GIVEN a 30 s period WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ periodSeconds: 30 })).toThrow(
      /periodSeconds = 30/,
    );
  });
});
