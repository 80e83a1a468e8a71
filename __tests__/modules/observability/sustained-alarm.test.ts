import { Testing } from "cdktf";
import { sustainedAlarm } from "../../../modules/observability/sustained-alarm";
import { listOf, parse } from "../../support/synth";

describe("sustainedAlarm", () => {
  it("GIVEN a metric and a threshold WHEN synthesized THEN the alarm fires after three five-minute periods above it and notifies the topic on alarm and on recovery", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        sustainedAlarm(scope, "lag", {
          alarmName: "db-replica-1-lag-high",
          description: "behind",
          namespace: "AWS/RDS",
          metricName: "ReplicaLag",
          dimensions: { DBInstanceIdentifier: "db-replica-1" },
          statistic: "Maximum",
          threshold: 60,
          treatMissingData: "missing",
          topicArn: "arn:aws:sns:af-south-1:123456789012:alerts",
        });
      }),
    );
    expect(listOf(json, "aws_cloudwatch_metric_alarm")).toEqual([
      expect.objectContaining({
        period: 300,
        evaluation_periods: 3,
        datapoints_to_alarm: 3,
        comparison_operator: "GreaterThanThreshold",
        threshold: 60,
        treat_missing_data: "missing",
        alarm_actions: ["arn:aws:sns:af-south-1:123456789012:alerts"],
        ok_actions: ["arn:aws:sns:af-south-1:123456789012:alerts"],
      }),
    ]);
  });
});
