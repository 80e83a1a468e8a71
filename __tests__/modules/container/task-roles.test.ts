import { TerraformStack, Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  TaskRoles,
  TaskRolesProps,
} from "../../../modules/container/task-roles";
import { listOf, parse, referencedName } from "../../support/synth";

const REPOSITORY = "arn:aws:ecr:af-south-1:123456789012:repository/team-api";
const LOG_GROUP =
  "arn:aws:logs:af-south-1:123456789012:log-group:/ecs/team-api";
const SECRET =
  "arn:aws:secretsmanager:af-south-1:123456789012:secret:rds!db-1-AbCdEf";
const KEY = "arn:aws:kms:af-south-1:123456789012:key/db";

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function synthRoles(overrides: Partial<TaskRolesProps> = {}) {
  const json = parse(
    Testing.synthScope((scope) => {
      new TaskRoles(scope, "roles", {
        namePrefix: "team-api",
        accountId: "123456789012",
        region: "af-south-1",
        repositoryArn: REPOSITORY,
        logGroupArn: LOG_GROUP,
        secretArns: [SECRET],
        secretKmsKeyArns: [KEY],
        ...overrides,
      });
    }),
  );
  const roles = json.resource.aws_iam_role as Record<string, { name: string }>;
  const roleKey = (suffix: string) =>
    Object.keys(roles).find((k) => roles[k].name === `team-api-${suffix}`);
  const statementsOf = (suffix: string): Statement[] =>
    listOf(json, "aws_iam_role_policy")
      .filter((p) => referencedName(p.role) === roleKey(suffix))
      .flatMap((p) => JSON.parse(p.policy).Statement);
  return {
    json,
    execution: statementsOf("execution"),
    task: statementsOf("task"),
  };
}

const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => [s.Action].flat());

describe("TaskRoles", () => {
  it("GIVEN both roles WHEN synthesized THEN only ECS tasks of this account may assume them", () => {
    for (const role of listOf(synthRoles().json, "aws_iam_role")) {
      expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: {
              "aws:SourceArn": "arn:aws:ecs:af-south-1:123456789012:*",
            },
          },
        },
      ]);
    }
  });

  it("GIVEN a repository WHEN synthesized THEN the execution role pulls from that repository only", () => {
    const pull = synthRoles().execution.find((s) =>
      actionsOf([s]).includes("ecr:BatchGetImage"),
    );
    expect(pull?.Resource).toBe(REPOSITORY);
  });

  it("GIVEN ECR login WHEN synthesized THEN GetAuthorizationToken is the one ECR action on every resource", () => {
    const onAll = synthRoles().execution.filter((s) => s.Resource === "*");
    expect(actionsOf(onAll)).toEqual(["ecr:GetAuthorizationToken"]);
  });

  it("GIVEN a log group WHEN synthesized THEN the execution role writes streams of that group only", () => {
    const logs = synthRoles().execution.find((s) =>
      actionsOf([s]).includes("logs:PutLogEvents"),
    );
    expect(logs).toMatchObject({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${LOG_GROUP}:log-stream:*`,
    });
  });

  it("GIVEN a secret WHEN synthesized THEN the execution role reads that secret only", () => {
    const read = synthRoles().execution.find((s) =>
      actionsOf([s]).includes("secretsmanager:GetSecretValue"),
    );
    expect(read?.Resource).toEqual([SECRET]);
  });

  it("GIVEN the secret's key WHEN synthesized THEN the execution role may decrypt with it through Secrets Manager only", () => {
    const decrypt = synthRoles().execution.find((s) =>
      actionsOf([s]).includes("kms:Decrypt"),
    );
    expect(decrypt).toMatchObject({
      Resource: [KEY],
      Condition: {
        StringEquals: {
          "kms:ViaService": "secretsmanager.af-south-1.amazonaws.com",
        },
      },
    });
  });

  it("GIVEN ECS Exec off WHEN synthesized THEN the task role has no policy at all", () => {
    expect(synthRoles({ enableExecuteCommand: false }).task).toEqual([]);
  });

  it("GIVEN ECS Exec on WHEN synthesized THEN the task role holds exactly the four ssmmessages channel actions", () => {
    expect(
      actionsOf(synthRoles({ enableExecuteCommand: true }).task).sort(),
    ).toEqual([
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
  });

  it("GIVEN the roles WHEN constructed THEN their inline policies are exposed for a service to depend on", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const props = {
      namePrefix: "team-api",
      accountId: "123456789012",
      region: "af-south-1",
      repositoryArn: REPOSITORY,
      logGroupArn: LOG_GROUP,
    };
    const off = new TaskRoles(stack, "off", props);
    const on = new TaskRoles(stack, "on", {
      ...props,
      enableExecuteCommand: true,
    });
    expect([off.executionPolicy.nameInput, off.taskPolicies]).toEqual([
      "start-task",
      [],
    ]);
    expect(on.taskPolicies.map((p) => p.nameInput)).toEqual(["ecs-exec"]);
  });

  it("GIVEN every policy WHEN synthesized THEN no action is a wildcard", () => {
    const { execution, task } = synthRoles({ enableExecuteCommand: true });
    expect(
      actionsOf([...execution, ...task]).filter((a) => a.includes("*")),
    ).toEqual([]);
  });

  it("GIVEN no secrets WHEN synthesized THEN the execution role has no Secrets Manager or KMS statement", () => {
    const actions = actionsOf(
      synthRoles({ secretArns: [], secretKmsKeyArns: [] }).execution,
    );
    expect(
      actions.filter(
        (a) => a.startsWith("secretsmanager:") || a.startsWith("kms:"),
      ),
    ).toEqual([]);
  });
});
