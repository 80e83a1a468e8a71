import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { DeadLetterQueue } from "../../../modules/workloads/dead-letter-queue";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";

function synth(messageRetentionSeconds?: number) {
  return Testing.synthScope((scope) => {
    new DeadLetterQueue(scope, "dlq", {
      queueName: "team-dlq",
      alarmTopicArn: TOPIC,
      messageRetentionSeconds,
    });
  });
}

describe("DeadLetterQueue", () => {
  it("GIVEN the queue WHEN synthesized THEN it is encrypted at rest and keeps messages 14 days", () => {
    expect(synth()).toHaveResourceWithProperties(SqsQueue, {
      name: "team-dlq",
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
  });

  it("GIVEN the queue WHEN synthesized THEN one visible message notifies the topic", () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      alarm_actions: [TOPIC],
    });
  });

  it("GIVEN a retention SQS refuses WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synth(2_000_000)).toThrow(/messageRetentionSeconds = 2000000/);
  });
});
