import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { TaskFailureNotification } from "../../../modules/workloads/task-failure-notification";
import { listOf, parse } from "../../support/synth";

const CLUSTER = "arn:aws:ecs:af-south-1:123456789012:cluster/team";
const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";

function synth(taskGroups: readonly string[] = ["collector:", "migration"]) {
  return parse(
    Testing.synthScope((scope) => {
      new TaskFailureNotification(scope, "failed", {
        ruleName: "team-failed",
        clusterArn: CLUSTER,
        taskGroups,
        topicArn: TOPIC,
      });
    }),
  );
}

describe("TaskFailureNotification", () => {
  it("GIVEN the watched groups WHEN synthesized THEN the rule matches stopped tasks of this cluster with a non-zero exit code or a failed start", () => {
    const [rule] = listOf(synth(), "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [CLUSTER],
        lastStatus: ["STOPPED"],
        group: [{ prefix: "collector:" }, "migration"],
        $or: [
          { containers: { exitCode: [{ "anything-but": 0 }] } },
          { stopCode: ["TaskFailedToStart"] },
        ],
      },
    });
  });

  it("GIVEN the topic WHEN synthesized THEN the message names the job and its exit code through an input transformer", () => {
    const [target] = listOf(synth(), "aws_cloudwatch_event_target");
    expect(target.arn).toBe(TOPIC);
    expect(target.input_transformer.input_paths).toMatchObject({
      job: "$.detail.group",
      exitCode: "$.detail.containers[0].exitCode",
    });
    expect(target.input_transformer.input_template).toMatch(
      /^".*<job>.*exit code <exitCode>.*"$/,
    );
  });

  it("GIVEN no task group WHEN constructed THEN it throws", () => {
    expect(() => synth([])).toThrow(
      /taskGroups = \[\]: must name at least one task group to watch/,
    );
  });
});
