import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  checkScheduledJobProps,
  ScheduledJob,
  ScheduledJobProps,
} from "../../../modules/workloads/scheduled-job";
import { listOf, parse } from "../../support/synth";

const ACCOUNT = "123456789012";
const CLUSTER = "arn:aws:ecs:af-south-1:123456789012:cluster/team";
const DLQ = "arn:aws:sqs:af-south-1:123456789012:team-dlq";
const KEY_SECRET =
  "arn:aws:secretsmanager:af-south-1:123456789012:secret:team/data-sources/jse-AbCdEf";

function synthJob(overrides: Partial<ScheduledJobProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new ScheduledJob(scope, "job", {
        jobName: "jse-intraday",
        family: "team-job-jse-intraday",
        description: "JSE prices",
        accountId: ACCOUNT,
        region: "af-south-1",
        clusterArn: CLUSTER,
        subnetIds: ["subnet-a", "subnet-b"],
        securityGroupId: "sg-jobs",
        repositoryArn: "arn:aws:ecr:af-south-1:123456789012:repository/team",
        image: "123456789012.dkr.ecr.af-south-1.amazonaws.com/team:1.0.0",
        cpu: 256,
        memoryMiB: 512,
        command: ["python", "-m", "pipeline.collect", "--source", "jse"],
        timeoutSeconds: 600,
        scheduleExpression: "cron(0/15 9-16 ? * MON-FRI *)",
        timeZone: "Africa/Johannesburg",
        deadLetterQueueArn: DLQ,
        logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/logs",
        secrets: { JSE_API_KEY: { secretArn: KEY_SECRET } },
        secretKmsKeyArns: ["arn:aws:kms:af-south-1:123456789012:key/ds"],
        ...overrides,
      });
    }),
  );
}

function container(json: ReturnType<typeof synthJob>) {
  const [task] = listOf(json, "aws_ecs_task_definition");
  return JSON.parse(task.container_definitions)[0];
}

function policyOf(json: ReturnType<typeof synthJob>, name: string) {
  const policy = listOf(json, "aws_iam_role_policy").find(
    (p) => p.name === name,
  );
  return JSON.parse(policy!.policy).Statement as Record<string, unknown>[];
}

describe("ScheduledJob", () => {
  it("GIVEN a cron schedule in a time zone WHEN synthesized THEN EventBridge Scheduler reads it in that zone and starts one Fargate task", () => {
    const [schedule] = listOf(synthJob(), "aws_scheduler_schedule");
    expect(schedule).toMatchObject({
      name: "team-job-jse-intraday",
      schedule_expression: "cron(0/15 9-16 ? * MON-FRI *)",
      schedule_expression_timezone: "Africa/Johannesburg",
      state: "ENABLED",
      flexible_time_window: { mode: "OFF" },
      target: {
        arn: CLUSTER,
        ecs_parameters: {
          task_count: 1,
          group: "collector:jse-intraday",
          capacity_provider_strategy: [
            { capacity_provider: "FARGATE", weight: 1, base: 0 },
          ],
          network_configuration: {
            subnets: ["subnet-a", "subnet-b"],
            security_groups: ["sg-jobs"],
            assign_public_ip: false,
          },
        },
      },
    });
  });

  it("GIVEN retry settings WHEN synthesized THEN runs the scheduler cannot start are retried, then sent to the dead-letter queue", () => {
    const [schedule] = listOf(
      synthJob({ maxRetryAttempts: 3, maxEventAgeSeconds: 900 }),
      "aws_scheduler_schedule",
    );
    expect([
      schedule.target.retry_policy,
      schedule.target.dead_letter_config,
    ]).toEqual([
      { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 900 },
      { arn: DLQ },
    ]);
  });

  it("GIVEN a disabled job WHEN synthesized THEN its schedule exists but is DISABLED", () => {
    const [schedule] = listOf(
      synthJob({ enabled: false }),
      "aws_scheduler_schedule",
    );
    expect(schedule.state).toBe("DISABLED");
  });

  it("GIVEN a timeout WHEN synthesized THEN the command runs under coreutils timeout, which stops it (SIGTERM, then SIGKILL)", () => {
    const c = container(synthJob());
    expect([c.entryPoint, c.command]).toEqual([
      ["timeout", "--kill-after=30", "600"],
      ["python", "-m", "pipeline.collect", "--source", "jse"],
    ]);
  });

  it("GIVEN a batch job WHEN synthesized THEN its container has no port mapping and no HTTP health check", () => {
    const c = container(synthJob());
    expect([c.portMappings, c.healthCheck]).toEqual([undefined, undefined]);
  });

  it("GIVEN the job's secret WHEN synthesized THEN the container gets it and the execution role reaches exactly it", () => {
    const json = synthJob();
    expect(container(json).secrets).toEqual([
      { name: "JSE_API_KEY", valueFrom: KEY_SECRET },
    ]);
    const read = policyOf(json, "start-task").find(
      (s) => s.Sid === "ReadSecrets",
    );
    expect(read!.Resource).toEqual([KEY_SECRET]);
  });

  it("GIVEN the scheduler role WHEN synthesized THEN it may run only this family in this cluster and pass only this job's roles", () => {
    const statements = policyOf(synthJob(), "run-task");
    expect(
      statements.find((s) => s.Sid === "RunThisTaskDefinitionInThisCluster"),
    ).toMatchObject({
      Action: "ecs:RunTask",
      Resource:
        "arn:aws:ecs:af-south-1:123456789012:task-definition/team-job-jse-intraday:*",
      Condition: { ArnEquals: { "ecs:cluster": CLUSTER } },
    });
    const pass = statements.find((s) => s.Sid === "PassTheTaskRoles")!;
    expect(pass.Resource).toHaveLength(2);
    expect(pass.Condition).toEqual({
      StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    });
    expect(statements.find((s) => s.Sid === "DeadLetters")).toMatchObject({
      Action: "sqs:SendMessage",
      Resource: DLQ,
    });
  });

  it("GIVEN the task role WHEN synthesized THEN it has no policy at all (metrics leave through the log driver)", () => {
    const json = synthJob();
    const policies = listOf(json, "aws_iam_role_policy").map((p) => p.name);
    expect(policies.sort()).toEqual(["run-task", "start-task"]);
  });

  it("GIVEN a family too long for IAM role names WHEN constructed THEN it throws naming the family", () => {
    expect(() =>
      synthJob({
        family: "financial-pipeline-development-job-a-very-long-job-name",
      }),
    ).toThrow(
      /family = "financial-pipeline-development-job-a-very-long-job-name": role name .* longer than 64/,
    );
  });

  it("GIVEN retries beyond the scheduler's maximum WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthJob({ maxRetryAttempts: 200 })).toThrow(
      /maxRetryAttempts = 200: must be 0-185/,
    );
  });
});

describe("checkScheduledJobProps", () => {
  it("GIVEN a timeout longer than the schedule's shortest interval WHEN constructed THEN it throws naming the timeout and the interval", () => {
    expect(() => synthJob({ timeoutSeconds: 1200 })).toThrow(
      /timeoutSeconds = 1200: is longer than the shortest interval of cron\(0\/15 9-16 \? \* MON-FRI \*\) \(900 s\)/,
    );
  });

  it("GIVEN an expression that does not parse WHEN constructed THEN it throws with the parser's reason", () => {
    expect(() => synthJob({ scheduleExpression: "every 15 minutes" })).toThrow(
      /scheduleExpression = "every 15 minutes": must be "rate/,
    );
  });

  it("GIVEN several bad props WHEN checked with a collecting report THEN each is reported, the task definition's included", () => {
    const found: string[] = [];
    checkScheduledJobProps((prop) => found.push(prop), {
      jobName: "Bad_Name",
      memoryMiB: 3000,
      cpu: 256,
      timeZone: "Africa/Atlantis",
      command: [],
    });
    expect(found.sort()).toEqual([
      "command",
      "jobName",
      "memoryMiB",
      "timeZone",
    ]);
  });
});
