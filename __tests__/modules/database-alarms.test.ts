import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseAlarms,
  DatabaseAlarmsProps,
  defaultMaxConnections,
} from "../../modules/database-alarms";
import { listOf, parse } from "../support/synth";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";

function synthAlarms(overrides: Partial<DatabaseAlarmsProps> = {}): string {
  return Testing.synthScope((scope) => {
    new DatabaseAlarms(scope, "alarms", {
      alarmNamePrefix: "test-postgres",
      instanceIdentifier: "test-postgres",
      topicArn: TOPIC,
      allocatedStorageGiB: 20,
      instanceMemoryGiB: 1,
      ...overrides,
    });
  });
}

/** The alarm on one RDS metric. */
function alarmOn(synthesized: string, metricName: string) {
  const alarms = listOf(
    parse(synthesized),
    "aws_cloudwatch_metric_alarm",
  ).filter((a) => a.metric_name === metricName);
  expect(alarms).toHaveLength(1);
  return alarms[0];
}

const condition = (alarm: Record<string, unknown>) => [
  alarm.statistic,
  alarm.comparison_operator,
  alarm.threshold,
];

describe("DatabaseAlarms", () => {
  it("GIVEN the defaults WHEN synthesized THEN CPU above 80 % alarms", () => {
    expect(condition(alarmOn(synthAlarms(), "CPUUtilization"))).toEqual([
      "Average",
      "GreaterThanThreshold",
      80,
    ]);
  });

  it("GIVEN 20 GiB allocated WHEN synthesized THEN free storage below 10 % of it (2 GiB, in bytes) alarms", () => {
    expect(condition(alarmOn(synthAlarms(), "FreeStorageSpace"))).toEqual([
      "Minimum",
      "LessThanThreshold",
      2 * 1024 ** 3,
    ]);
  });

  it("GIVEN 1 GiB of instance memory WHEN synthesized THEN freeable memory below 10 % of it alarms", () => {
    expect(condition(alarmOn(synthAlarms(), "FreeableMemory"))).toEqual([
      "Average",
      "LessThanThreshold",
      Math.floor(1024 ** 3 / 10),
    ]);
  });

  it("GIVEN db.t3.micro's 1 GiB WHEN synthesized THEN more than 80 % of its default max_connections (112) alarms at 89", () => {
    expect(
      condition(
        alarmOn(synthAlarms({ instanceMemoryGiB: 1 }), "DatabaseConnections"),
      ),
    ).toEqual(["Maximum", "GreaterThanThreshold", 89]);
  });

  it("GIVEN db.t3.medium's 4 GiB WHEN synthesized THEN more than 80 % of its default max_connections (450) alarms at 360", () => {
    expect(
      alarmOn(synthAlarms({ instanceMemoryGiB: 4 }), "DatabaseConnections")
        .threshold,
    ).toBe(360);
  });

  it("GIVEN an explicit max_connections WHEN synthesized THEN the connection threshold is 80 % of it", () => {
    expect(
      alarmOn(synthAlarms({ maxConnections: 1000 }), "DatabaseConnections")
        .threshold,
    ).toBe(800);
  });

  it("GIVEN the defaults WHEN synthesized THEN read and write latency above 50 ms alarm", () => {
    const synthesized = synthAlarms();
    expect([
      condition(alarmOn(synthesized, "ReadLatency")),
      condition(alarmOn(synthesized, "WriteLatency")),
    ]).toEqual([
      ["Average", "GreaterThanThreshold", 0.05],
      ["Average", "GreaterThanThreshold", 0.05],
    ]);
  });

  it("GIVEN the alarms WHEN synthesized THEN each watches the instance and notifies the topic when it fires and when it recovers", () => {
    const alarms = listOf(parse(synthAlarms()), "aws_cloudwatch_metric_alarm");
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect({
        namespace: alarm.namespace,
        dimensions: alarm.dimensions,
        alarm_actions: alarm.alarm_actions,
        ok_actions: alarm.ok_actions,
      }).toEqual({
        namespace: "AWS/RDS",
        dimensions: { DBInstanceIdentifier: "test-postgres" },
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      });
    }
  });

  it("GIVEN the alarms WHEN synthesized THEN capacity alarms keep their state across gaps and latency alarms treat a gap as fine", () => {
    const missing = Object.fromEntries(
      listOf(parse(synthAlarms()), "aws_cloudwatch_metric_alarm").map((a) => [
        a.metric_name,
        a.treat_missing_data,
      ]),
    );
    expect(missing).toEqual({
      CPUUtilization: "missing",
      FreeStorageSpace: "missing",
      FreeableMemory: "missing",
      DatabaseConnections: "missing",
      ReadLatency: "notBreaching",
      WriteLatency: "notBreaching",
    });
  });

  it("GIVEN a name prefix WHEN synthesized THEN alarm names start with it", () => {
    expect(synthAlarms()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "test-postgres-cpu-high",
    });
  });

  it("GIVEN class memory WHEN max_connections is derived THEN it follows RDS's LEAST(memory / 9531392, 5000)", () => {
    expect([1, 2, 4, 8, 64].map(defaultMaxConnections)).toEqual([
      112, 225, 450, 901, 5000,
    ]);
  });

  it("GIVEN a percentage of 100 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ cpuThresholdPercent: 100 })).toThrow(
      /cpuThresholdPercent = 100: must be a percentage between 0 and 100/,
    );
  });

  it("GIVEN no instance memory WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ instanceMemoryGiB: 0 })).toThrow(
      /instanceMemoryGiB = 0: must be positive/,
    );
  });
});
