import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument } from "../security/policy";

/** Longest time SQS keeps a message, seconds (14 days). */
export const MAX_MESSAGE_RETENTION_SECONDS = 1_209_600;

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** Queue name, e.g. `financial-pipeline-production-jobs-dlq`. */
  readonly queueName: string;
  /** Topic the "messages visible" alarm notifies. */
  readonly alarmTopicArn: string;
  /**
   * Seconds a message is kept.
   * @default 1209600 (14 days, the maximum: time to find out why a run did not start)
   */
  readonly messageRetentionSeconds?: number;
}

/** Checks {@link DeadLetterQueueProps}: a retention SQS accepts. */
export function checkDeadLetterQueueProps(
  report: PropReport,
  props: Partial<DeadLetterQueueProps>,
): void {
  new PropChecks(report).wholeNumber(
    "messageRetentionSeconds",
    props.messageRetentionSeconds,
    60,
    MAX_MESSAGE_RETENTION_SECONDS,
  );
}

/**
 * The dead-letter queue of the collector schedules: EventBridge Scheduler
 * puts a run it could not start there after its retries (the message names
 * the schedule and the error). Encrypted with SQS-managed keys (SSE-SQS):
 * the messages hold the target's parameters, not secrets, and the
 * schedules' roles need no KMS grant to write. An alarm fires as soon as a
 * message is visible.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly queueArn: string;
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    checkDeadLetterQueueProps(throwOnBadProp(`DeadLetterQueue ${id}`), props);
    const retention =
      props.messageRetentionSeconds ?? MAX_MESSAGE_RETENTION_SECONDS;
    this.queue = new SqsQueue(this, "queue", {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: retention,
    });
    this.queueArn = this.queue.arn;
    new SqsQueuePolicy(this, "policy", {
      queueUrl: this.queue.url,
      policy: policyDocument([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: this.queue.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
    this.alarm = new CloudwatchMetricAlarm(this, "messages-visible", {
      alarmName: `${props.queueName}-messages-visible`,
      alarmDescription:
        "A scheduled run could not be started after its retries: read the message in the queue (docs/workloads.md)",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: this.queue.name },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      // An idle queue publishes nothing: no data is no message.
      treatMissingData: "notBreaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
