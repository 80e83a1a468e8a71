import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  ApiAlarms,
  ApiAlarmsProps,
} from "../../../modules/observability/api-alarms";
import { listOf, parse } from "../../support/synth";

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

interface MetricQuery {
  id: string;
  expression?: string;
  return_data?: boolean;
  metric?: { metric_name: string; stat: string };
}

/**
 * Evaluates an alarm's metric math for one period, in query order. A missing
 * datapoint is `undefined`: FILL replaces it, arithmetic on it has no result
 * (as in CloudWatch); a comparison with it is false here, where CloudWatch
 * has no result: neither breaches. Returns the value of the query with
 * `return_data`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
function evaluateMetricMath(
  queries: MetricQuery[],
  sums: Readonly<Record<string, number>>,
): number | undefined {
  const present = (v: unknown): v is number =>
    typeof v === "number" && !Number.isNaN(v);
  const FILL = (v: number | undefined, fill: number) => (present(v) ? v : fill);
  const IF = (
    condition: number | boolean | undefined,
    then: number,
    otherwise: number,
  ) =>
    present(condition) || typeof condition === "boolean"
      ? condition
        ? then
        : otherwise
      : undefined;
  const values: Record<string, number | undefined> = {};
  for (const q of queries) {
    if (q.metric) {
      values[q.id] = sums[q.id];
    } else {
      const ids = Object.keys(values);
      const result = new Function(
        "IF",
        "FILL",
        ...ids,
        `return ${q.expression};`,
      )(IF, FILL, ...ids.map((id) => values[id]));
      values[q.id] = present(result) ? result : undefined;
    }
  }
  return values[queries.find((q) => q.return_data)!.id];
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
    const queries = alarm!.metric_query as MetricQuery[];
    expect(
      queries
        .filter((q) => q.metric)
        .map((q) => [q.id, q.metric!.metric_name, q.metric!.stat]),
    ).toEqual([
      ["target5xx", "HTTPCode_Target_5XX_Count", "Sum"],
      ["elb5xx", "HTTPCode_ELB_5XX_Count", "Sum"],
      ["requests", "RequestCount", "Sum"],
    ]);
    expect(queries.filter((q) => q.return_data).map((q) => q.id)).toEqual([
      "errorRate",
    ]);
  });

  // One minute's Sum of each metric; undefined: CloudWatch has no datapoint.
  it.each([
    ["normal traffic", 0.2, { requests: 1000, target5xx: 2 }],
    [
      "a full outage: no registered target, so no RequestCount, only the ALB's own 503s",
      100,
      { elb5xx: 120 },
    ],
    [
      "a partial outage: 100 of 1000 requests answered 503 by the ALB",
      10,
      { requests: 900, elb5xx: 100 },
    ],
    ["no traffic at all (the IF guard)", 0, {}],
  ] as const)(
    "GIVEN %s WHEN the 5XX-rate expression is evaluated THEN it reads %s %%",
    (_, percent, minute) => {
      const queries = alarmNamed(synthAlarms(), "5xx-rate")!
        .metric_query as MetricQuery[];
      expect(evaluateMetricMath(queries, minute)).toBeCloseTo(percent, 6);
    },
  );

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
