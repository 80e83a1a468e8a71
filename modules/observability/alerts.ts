import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument } from "../security/policy";

/** Properties of {@link Alerts}. */
export interface AlertsProps {
  /** Name of the SNS topic. */
  readonly topicName: string;
  /** KMS key (ARN) that encrypts the topic; its policy must let CloudWatch use it. */
  readonly kmsKeyArn: string;
  /** Account whose CloudWatch alarms may publish. */
  readonly accountId: string;
  /**
   * Let this account's EventBridge rules publish too (task failure notifications).
   * @default false
   */
  readonly allowEventBridge?: boolean;
  /**
   * E-mail addresses subscribed to the topic.
   * @default - no subscriber
   */
  readonly emailSubscribers?: readonly string[];
}

const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks the subscribers of {@link AlertsProps}: each an e-mail address. */
export function checkAlertsProps(
  report: PropReport,
  props: Pick<AlertsProps, "emailSubscribers">,
): void {
  const checks = new PropChecks(report);
  (props.emailSubscribers ?? []).forEach((address, i) =>
    checks.matches(
      `emailSubscribers[${i}]`,
      address,
      EMAIL_ADDRESS,
      "must be an e-mail address",
    ),
  );
}

/**
 * The environment's alarm topic: an encrypted SNS topic that only this
 * account's CloudWatch alarms (and, when allowed, EventBridge rules) may
 * publish to, with e-mail subscribers.
 */
export class Alerts extends Construct {
  public readonly topic: SnsTopic;
  /** ARN of the topic, the action of every alarm. */
  public readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    checkAlertsProps(throwOnBadProp(`Alerts ${id}`), props);
    this.topic = new SnsTopic(this, "topic", {
      name: props.topicName,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        },
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
        ...(props.allowEventBridge
          ? [
              {
                Sid: "EventBridgeRulesOfThisAccount",
                Effect: "Allow" as const,
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: this.topic.arn,
                Condition: {
                  StringEquals: { "aws:SourceAccount": props.accountId },
                },
              },
            ]
          : []),
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    (props.emailSubscribers ?? []).forEach((address, i) => {
      new SnsTopicSubscription(this, `email-${i}`, {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: address,
      });
    });
    this.topicArn = this.topic.arn;
  }
}
