import { Testing } from "cdktf";
import { CacheAlarms, CacheAlarmsProps } from "../../../modules/cache";
import { listOf, parse } from "../../support/synth";

const BASE: CacheAlarmsProps = {
  nodeIds: ["test-cache-001", "test-cache-002"],
  topicArn: "arn:aws:sns:af-south-1:111111111111:alerts",
};

function synthAlarms(overrides: Partial<CacheAlarmsProps> = {}) {
  return listOf(
    parse(
      Testing.synthScope((scope) => {
        new CacheAlarms(scope, "alarms", { ...BASE, ...overrides });
      }),
    ),
    "aws_cloudwatch_metric_alarm",
  );
}

describe("CacheAlarms", () => {
  it("GIVEN two nodes WHEN synthesized THEN each node has an engine CPU, a memory and an evictions alarm on its own CacheClusterId", () => {
    expect(
      synthAlarms()
        .map((a) => `${a.dimensions.CacheClusterId} ${a.metric_name}`)
        .sort(),
    ).toEqual([
      "test-cache-001 DatabaseMemoryUsagePercentage",
      "test-cache-001 EngineCPUUtilization",
      "test-cache-001 Evictions",
      "test-cache-002 DatabaseMemoryUsagePercentage",
      "test-cache-002 EngineCPUUtilization",
      "test-cache-002 Evictions",
    ]);
  });

  it("GIVEN default thresholds WHEN synthesized THEN CPU and memory fire above 80 % and evictions above 100 per 5 minutes, for 15 minutes", () => {
    const alarms = synthAlarms({ nodeIds: ["test-cache-001"] });
    expect(
      alarms
        .map((a) => [
          a.metric_name,
          a.threshold,
          a.period * a.evaluation_periods,
        ])
        .sort(),
    ).toEqual([
      ["DatabaseMemoryUsagePercentage", 80, 900],
      ["EngineCPUUtilization", 80, 900],
      ["Evictions", 100, 900],
    ]);
  });

  it("GIVEN a topic WHEN synthesized THEN every alarm notifies it when it fires and when it recovers", () => {
    const alarms = synthAlarms();
    expect(
      alarms.every(
        (a) =>
          a.alarm_actions.join() === BASE.topicArn &&
          a.ok_actions.join() === BASE.topicArn,
      ),
    ).toBe(true);
  });

  it("GIVEN a memory threshold of 100 % WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthAlarms({ memoryPercent: 100 })).toThrow(
      "CacheAlarms alarms: memoryPercent = 100: must be a percentage between 0 and 100",
    );
  });

  it("GIVEN no node WHEN constructed THEN it throws", () => {
    expect(() => synthAlarms({ nodeIds: [] })).toThrow(
      "CacheAlarms alarms: nodeIds = []: must name at least one node",
    );
  });
});
