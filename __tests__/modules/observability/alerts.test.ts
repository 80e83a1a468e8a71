import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { Alerts, AlertsProps } from "../../../modules/observability/alerts";
import { listOf, parse } from "../../support/synth";

const KEY = "arn:aws:kms:af-south-1:123456789012:key/k";

function synthAlerts(overrides: Partial<AlertsProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Alerts(scope, "alerts", {
      topicName: "t",
      kmsKeyArn: KEY,
      accountId: "123456789012",
      ...overrides,
    });
  });
}

describe("Alerts", () => {
  it("GIVEN a key WHEN synthesized THEN the topic is encrypted with it", () => {
    expect(synthAlerts()).toHaveResourceWithProperties(SnsTopic, {
      name: "t",
      kms_master_key_id: KEY,
    });
  });

  it("GIVEN the topic policy WHEN synthesized THEN only this account's CloudWatch alarms may publish", () => {
    const [policy] = listOf(parse(synthAlerts()), "aws_sns_topic_policy");
    const [allow] = JSON.parse(policy.policy).Statement;
    expect(allow).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("GIVEN two addresses WHEN synthesized THEN each gets an e-mail subscription", () => {
    const subscriptions = listOf(
      parse(synthAlerts({ emailSubscribers: ["a@x.io", "b@x.io"] })),
      "aws_sns_topic_subscription",
    );
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ["email", "a@x.io"],
      ["email", "b@x.io"],
    ]);
  });

  it("GIVEN no addresses WHEN synthesized THEN there is no subscription", () => {
    expect(listOf(parse(synthAlerts()), "aws_sns_topic_subscription")).toEqual(
      [],
    );
  });
});

describe("Alerts (EventBridge)", () => {
  it("GIVEN allowEventBridge WHEN synthesized THEN this account's EventBridge rules may publish too", () => {
    const [policy] = listOf(
      parse(synthAlerts({ allowEventBridge: true })),
      "aws_sns_topic_policy",
    );
    const statement = JSON.parse(policy.policy).Statement.find(
      (s: { Sid: string }) => s.Sid === "EventBridgeRulesOfThisAccount",
    );
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("GIVEN no allowEventBridge WHEN synthesized THEN EventBridge is not a publisher", () => {
    const [policy] = listOf(parse(synthAlerts()), "aws_sns_topic_policy");
    expect(policy.policy).not.toMatch(/events\.amazonaws\.com/);
  });
});
