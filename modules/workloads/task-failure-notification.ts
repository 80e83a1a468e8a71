import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/** Properties of a {@link TaskFailureNotification}. */
export interface TaskFailureNotificationProps {
  /** Rule name, e.g. `financial-pipeline-production-job-failed`. */
  readonly ruleName: string;
  /** Cluster whose tasks are watched. */
  readonly clusterArn: string;
  /** ECS task groups watched: an entry ending in ":" matches as a prefix (`collector:`), others exactly. */
  readonly taskGroups: readonly string[];
  /** SNS topic notified; its policy must let EventBridge publish (`Alerts` with `allowEventBridge`). */
  readonly topicArn: string;
}

/** Checks {@link TaskFailureNotificationProps}: at least one task group to watch. */
export function checkTaskFailureNotificationProps(
  report: PropReport,
  props: Partial<TaskFailureNotificationProps>,
): void {
  new PropChecks(report).check(
    "taskGroups",
    props.taskGroups,
    (groups) => groups.length > 0,
    "must name at least one task group to watch",
  );
}

/**
 * A failed collector run, told to the on-call topic: an EventBridge rule on
 * "ECS Task State Change" events of this cluster's watched task groups that
 * stopped with a non-zero exit code or failed to start (a missing secret
 * value, an image that cannot be pulled), and an SNS target whose input
 * transformer writes the job (task group), exit code and reason into the
 * message. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html
 */
export class TaskFailureNotification extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;
  /** The rule's event pattern, as an object (tests, docs). */
  public readonly eventPattern: Record<string, unknown>;

  constructor(
    scope: Construct,
    id: string,
    props: TaskFailureNotificationProps,
  ) {
    super(scope, id);
    checkTaskFailureNotificationProps(
      throwOnBadProp(`TaskFailureNotification ${id}`),
      props,
    );
    this.eventPattern = {
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [props.clusterArn],
        lastStatus: ["STOPPED"],
        group: props.taskGroups.map((g) =>
          g.endsWith(":") ? { prefix: g } : g,
        ),
        $or: [
          { containers: { exitCode: [{ "anything-but": 0 }] } },
          { stopCode: ["TaskFailedToStart"] },
        ],
      },
    };
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: props.ruleName,
      description:
        "A pipeline task stopped with a non-zero exit code or failed to start",
      eventPattern: JSON.stringify(this.eventPattern),
    });
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
    this.target = new CloudwatchEventTarget(this, "topic", {
      rule: this.rule.name,
      targetId: "alarm-topic",
      arn: props.topicArn,
      inputTransformer: {
        inputPaths: {
          job: "$.detail.group",
          exitCode: "$.detail.containers[0].exitCode",
          stopCode: "$.detail.stopCode",
          reason: "$.detail.stoppedReason",
          task: "$.detail.taskArn",
        },
        inputTemplate:
          '"Pipeline task <job> failed: exit code <exitCode> (<stopCode>: <reason>). Exit code 124 means it ran past its timeout. Task: <task>"',
      },
    });
  }
}
