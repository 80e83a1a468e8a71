import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseAlarms,
  DatabaseAlarmsProps,
} from "../../../modules/database/database-alarms";
import { listOf, parse } from "../../support/synth";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";

function synthAlarms(overrides: Partial<DatabaseAlarmsProps> = {}): string {
  return Testing.synthScope((scope) => {
    new DatabaseAlarms(scope, "alarms", {
      alarmNamePrefix: "test-postgres",
      instanceIdentifier: "test-postgres",
      topicArn: TOPIC,
      allocatedStorageGiB: 20,
      instanceMemoryGiB: 1,
      maxConnections: 75,
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

  it("GIVEN max_connections 75 WHEN synthesized THEN more than 80 % of it (60) alarms", () => {
    expect(
      condition(
        alarmOn(synthAlarms({ maxConnections: 75 }), "DatabaseConnections"),
      ),
    ).toEqual(["Maximum", "GreaterThanThreshold", 60]);
  });

  it("GIVEN a max_connections whose 80 % is not whole WHEN synthesized THEN the threshold rounds down, to fire early rather than late", () => {
    expect(
      alarmOn(synthAlarms({ maxConnections: 303 }), "DatabaseConnections")
        .threshold,
    ).toBe(242);
  });

  it("GIVEN a connection percentage WHEN synthesized THEN the threshold is that share of max_connections", () => {
    expect(
      alarmOn(
        synthAlarms({ maxConnections: 300, connectionsThresholdPercent: 90 }),
        "DatabaseConnections",
      ).threshold,
    ).toBe(270);
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

  it("GIVEN a percentage of 100 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ cpuThresholdPercent: 100 })).toThrow(
      /cpuThresholdPercent = 100: must be a percentage between 0 and 100/,
    );
  });

  it("GIVEN max_connections 0 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ maxConnections: 0 })).toThrow(
      /maxConnections = 0: must be positive/,
    );
  });

  it("GIVEN no instance memory WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ instanceMemoryGiB: 0 })).toThrow(
      /instanceMemoryGiB = 0: must be positive/,
    );
  });
});
