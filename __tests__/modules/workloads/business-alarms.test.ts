import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { BusinessAlarms } from "../../../modules/workloads/business-alarms";
import { DataSourceAlarmSettings } from "../../../modules/workloads/data-source-alarms";
import { exampleEmfLine } from "../../../modules/workloads/metric-contract";
import { listOf, parse } from "../../support/synth";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";
const JSE: DataSourceAlarmSettings = {
  freshnessThresholdSeconds: 1800,
  minSuccessRatePercent: 90,
  minRecordsPerMinute: 10000,
  throughputPeriodSeconds: 900,
  marketHours: {
    timeZone: "Africa/Johannesburg",
    days: "MON-FRI",
    open: "09:00",
    close: "17:00",
  },
};

function synth(
  dataSources: Record<string, DataSourceAlarmSettings> = { jse: JSE },
) {
  return parse(
    Testing.synthScope((scope) => {
      new BusinessAlarms(scope, "business", {
        namePrefix: "team-prod",
        environment: "production",
        accountId: "123456789012",
        region: "af-south-1",
        topicArn: TOPIC,
        dataSources,
      });
    }),
  );
}

const alarm = (json: ReturnType<typeof synth>, name: string) =>
  listOf(json, "aws_cloudwatch_metric_alarm").find(
    (a) => a.alarm_name === name,
  )!;

describe("BusinessAlarms", () => {
  it("GIVEN a freshness threshold WHEN synthesized THEN no fresh datapoint for that long alarms, and missing data is breaching", () => {
    expect(alarm(synth(), "team-prod-jse-data-freshness")).toMatchObject({
      namespace: "FinancialPipeline",
      metric_name: "DataFreshnessSeconds",
      dimensions: { Environment: "production", DataSource: "jse" },
      statistic: "Maximum",
      period: 300,
      evaluation_periods: 6,
      datapoints_to_alarm: 6,
      threshold: 1800,
      treat_missing_data: "breaching",
      alarm_actions: [TOPIC],
    });
  });

  it("GIVEN market hours WHEN synthesized THEN the freshness and throughput alarms start silent and Terraform leaves their switch to the schedules", () => {
    const json = synth();
    for (const name of [
      "team-prod-jse-data-freshness",
      "team-prod-jse-throughput",
    ]) {
      expect(alarm(json, name)).toMatchObject({
        actions_enabled: false,
        lifecycle: { ignore_changes: ["actions_enabled"] },
      });
    }
  });

  it("GIVEN market hours WHEN synthesized THEN schedules in the exchange's time zone enable the actions at the open, reset to OK a minute later, and disable them at the close", () => {
    const schedules = listOf(synth(), "aws_scheduler_schedule").map((s) => [
      s.schedule_expression,
      s.schedule_expression_timezone,
      s.target.arn.split(":").pop(),
    ]);
    expect(schedules.sort()).toEqual([
      [
        "cron(0 17 ? * MON-FRI *)",
        "Africa/Johannesburg",
        "disableAlarmActions",
      ],
      ["cron(0 9 ? * MON-FRI *)", "Africa/Johannesburg", "enableAlarmActions"],
      ["cron(1 9 ? * MON-FRI *)", "Africa/Johannesburg", "setAlarmState"],
      ["cron(1 9 ? * MON-FRI *)", "Africa/Johannesburg", "setAlarmState"],
    ]);
  });

  it("GIVEN the market-hours role WHEN synthesized THEN it may switch only the market-hours alarms", () => {
    const [policy] = listOf(synth(), "aws_iam_role_policy");
    expect(JSON.parse(policy.policy).Statement[0].Resource).toEqual([
      "arn:aws:cloudwatch:af-south-1:123456789012:alarm:team-prod-jse-data-freshness",
      "arn:aws:cloudwatch:af-south-1:123456789012:alarm:team-prod-jse-throughput",
    ]);
  });

  it("GIVEN no market hours WHEN synthesized THEN the alarms notify around the clock and no schedule exists", () => {
    const json = synth({ jse: { ...JSE, marketHours: undefined } });
    expect(
      alarm(json, "team-prod-jse-data-freshness").actions_enabled,
    ).toBeUndefined();
    expect(listOf(json, "aws_scheduler_schedule")).toEqual([]);
  });

  it("GIVEN a success rate floor WHEN synthesized THEN the rate of the hour's runs is computed from the run metrics", () => {
    const a = alarm(synth(), "team-prod-jse-success-rate");
    expect(a).toMatchObject({
      threshold: 90,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "notBreaching",
    });
    expect(a.metric_query.map((q: { id: string }) => q.id)).toEqual([
      "succeeded",
      "failed",
      "rate",
    ]);
    expect(a.metric_query[0].metric.metric_name).toBe("RunSucceeded");
    expect(a.metric_query[1].metric.metric_name).toBe("RunFailed");
  });

  it("GIVEN the architecture's 10,000 records/minute WHEN synthesized THEN the throughput alarm compares records per minute with it", () => {
    const a = alarm(synth(), "team-prod-jse-throughput");
    expect(a.threshold).toBe(10000);
    expect(a.treat_missing_data).toBe("breaching");
    expect(a.metric_query[1].expression).toBe("records / 15");
  });

  it("GIVEN no throughput floor WHEN synthesized THEN there is no throughput alarm", () => {
    const json = synth({ ngx: { ...JSE, minRecordsPerMinute: undefined } });
    expect(alarm(json, "team-prod-ngx-throughput")).toBeUndefined();
  });

  it("GIVEN the metric contract WHEN the example EMF line is read THEN it carries every metric the alarms use under their dimensions", () => {
    const line = JSON.parse(exampleEmfLine("production", "jse", 0));
    const directive = line._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe("FinancialPipeline");
    expect(directive.Dimensions).toEqual([["Environment", "DataSource"]]);
    const json = synth();
    const used = listOf(json, "aws_cloudwatch_metric_alarm").flatMap((a) =>
      a.metric_name
        ? [a.metric_name]
        : a.metric_query
            .filter((q: { metric?: unknown }) => q.metric)
            .map(
              (q: { metric: { metric_name: string } }) => q.metric.metric_name,
            ),
    );
    const emitted = directive.Metrics.map((m: { Name: string }) => m.Name);
    for (const name of used) expect(emitted).toContain(name);
  });

  it("GIVEN a freshness threshold beyond a day WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synth({ jse: { ...JSE, freshnessThresholdSeconds: 90000 } }),
    ).toThrow(/dataSources\.jse\.freshnessThresholdSeconds = 90000/);
  });

  it("GIVEN a market that closes before it opens WHEN constructed THEN it throws naming the close", () => {
    expect(() =>
      synth({
        jse: { ...JSE, marketHours: { ...JSE.marketHours!, close: "08:00" } },
      }),
    ).toThrow(
      /dataSources\.jse\.marketHours\.close = "08:00": must be at least 5 minutes after open \(09:00\)/,
    );
  });

  it("GIVEN market hours in a zone that is not IANA WHEN constructed THEN it throws naming the zone", () => {
    expect(() =>
      synth({
        jse: { ...JSE, marketHours: { ...JSE.marketHours!, timeZone: "SAST" } },
      }),
    ).toThrow(
      /dataSources\.jse\.marketHours\.timeZone = "SAST": is not an IANA time zone/,
    );
  });
});
