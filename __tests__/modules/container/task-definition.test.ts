import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  TaskDefinition,
  TaskDefinitionProps,
} from "../../../modules/container/task-definition";
import { CONTAINER_FIXTURE, SECRET } from "../../support/task-fixture";
import { listOf, parse } from "../../support/synth";

function synthTaskDefinition(
  overrides: Partial<TaskDefinitionProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new TaskDefinition(scope, "task", {
      family: "team-api",
      accountId: "123456789012",
      region: "af-south-1",
      ...CONTAINER_FIXTURE,
      ...overrides,
    });
  });
}

function containerOf(synthesized: string) {
  const [definition] = listOf(parse(synthesized), "aws_ecs_task_definition");
  const [container] = JSON.parse(definition.container_definitions);
  return container;
}

describe("TaskDefinition", () => {
  it("GIVEN cpu 1024 and 2048 MiB WHEN synthesized THEN the Fargate task definition has that size", () => {
    expect(
      synthTaskDefinition({ cpu: 1024, memoryMiB: 2048 }),
    ).toHaveResourceWithProperties(EcsTaskDefinition, {
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "1024",
      memory: "2048",
    });
  });

  it("GIVEN port 8000 WHEN synthesized THEN the container maps 8000", () => {
    expect(containerOf(synthTaskDefinition()).portMappings).toEqual([
      { name: "http", containerPort: 8000, hostPort: 8000, protocol: "tcp" },
    ]);
  });

  it("GIVEN the defaults WHEN synthesized THEN the container checks /health with curl every 30 s", () => {
    expect(containerOf(synthTaskDefinition()).healthCheck).toMatchObject({
      command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"],
      interval: 30,
      retries: 3,
    });
  });

  it("GIVEN a custom health command WHEN synthesized THEN the container runs it instead of curl", () => {
    const command =
      "python -c 'import urllib.request as u; u.urlopen(\"http://localhost:8000/health\")'";
    expect(
      containerOf(synthTaskDefinition({ healthCheckCommand: command }))
        .healthCheck.command,
    ).toEqual(["CMD-SHELL", command]);
  });

  it("GIVEN a log key WHEN synthesized THEN the container logs through awslogs to an encrypted group with the given retention", () => {
    const json = parse(synthTaskDefinition({ logRetentionDays: 7 }));
    const [group] = listOf(json, "aws_cloudwatch_log_group");
    const [definition] = listOf(json, "aws_ecs_task_definition");
    const [container] = JSON.parse(definition.container_definitions);
    expect(group).toMatchObject({
      name: "/ecs/team-api",
      retention_in_days: 7,
      kms_key_id: "arn:aws:kms:af-south-1:123456789012:key/logs",
    });
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: {
        "awslogs-group": `\${aws_cloudwatch_log_group.${Object.keys(json.resource.aws_cloudwatch_log_group)[0]}.name}`,
        "awslogs-region": "af-south-1",
        "awslogs-stream-prefix": "api",
      },
    });
  });

  it("GIVEN database settings WHEN synthesized THEN host, port and name are plain environment variables", () => {
    expect(containerOf(synthTaskDefinition()).environment).toEqual([
      { name: "DB_HOST", value: "db.internal" },
      { name: "DB_NAME", value: "pipeline" },
      { name: "DB_PORT", value: "5432" },
    ]);
  });

  it("GIVEN the database secret WHEN synthesized THEN credentials come from its JSON keys through secrets, never environment", () => {
    const container = containerOf(synthTaskDefinition());
    expect(container.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${SECRET}:password::` },
      { name: "DB_USERNAME", valueFrom: `${SECRET}:username::` },
    ]);
    expect(
      container.environment.map((e: { name: string }) => e.name),
    ).not.toEqual(expect.arrayContaining(["DB_PASSWORD"]));
  });

  it("GIVEN the defaults WHEN synthesized THEN the root filesystem is read-only with a writable scratch volume on /tmp", () => {
    const json = parse(synthTaskDefinition());
    const [definition] = listOf(json, "aws_ecs_task_definition");
    const [container] = JSON.parse(definition.container_definitions);
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints).toEqual([
      { sourceVolume: "scratch", containerPath: "/tmp", readOnly: false },
    ]);
    expect(definition.volume).toEqual([{ name: "scratch" }]);
  });

  it("GIVEN the defaults WHEN synthesized THEN the container is not privileged", () => {
    expect(containerOf(synthTaskDefinition()).privileged).toBe(false);
  });

  it("GIVEN user 10001:10001 WHEN synthesized THEN the container runs as that user", () => {
    expect(containerOf(synthTaskDefinition({ user: "10001:10001" })).user).toBe(
      "10001:10001",
    );
  });

  it("GIVEN no user WHEN synthesized THEN the image's user applies", () => {
    expect(containerOf(synthTaskDefinition()).user).toBeUndefined();
  });

  it("GIVEN a health check path without a leading slash WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthTaskDefinition({ healthCheckPath: "health" })).toThrow(
      /healthCheckPath = "health"/,
    );
  });

  it("GIVEN the roles WHEN synthesized THEN the task definition runs with the execution role and the task role", () => {
    const json = parse(synthTaskDefinition());
    const [definition] = listOf(json, "aws_ecs_task_definition");
    const roles = Object.entries(json.resource.aws_iam_role) as [
      string,
      { name: string },
    ][];
    const arnOf = (name: string) =>
      `\${aws_iam_role.${roles.find(([, r]) => r.name === name)![0]}.arn}`;
    expect([definition.execution_role_arn, definition.task_role_arn]).toEqual([
      arnOf("team-api-execution"),
      arnOf("team-api-task"),
    ]);
  });

  it("GIVEN a start period WHEN synthesized THEN the container check ignores failures for that long", () => {
    expect(
      containerOf(synthTaskDefinition({ healthCheckStartPeriodSeconds: 120 }))
        .healthCheck.startPeriod,
    ).toBe(120);
  });

  it("GIVEN a start period above 300 s WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthTaskDefinition({ healthCheckStartPeriodSeconds: 301 }),
    ).toThrow(/healthCheckStartPeriodSeconds = 301/);
  });

  it("GIVEN ECS Exec with a read-only root filesystem WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthTaskDefinition({
        enableExecuteCommand: true,
        readonlyRootFilesystem: true,
      }),
    ).toThrow(/readonlyRootFilesystem = true/);
  });

  it("GIVEN 1024 CPU with 1024 MiB WHEN constructed THEN it throws: Fargate does not accept the combination", () => {
    expect(() => synthTaskDefinition({ cpu: 1024, memoryMiB: 1024 })).toThrow(
      /memoryMiB = 1024: is not a memory size Fargate accepts with cpu 1024 \(2048-8192 in steps of 1024\)/,
    );
  });

  it("GIVEN 512 CPU with 1536 MiB WHEN constructed THEN it throws: 512 CPU takes whole GiB only", () => {
    expect(() => synthTaskDefinition({ cpu: 512, memoryMiB: 1536 })).toThrow(
      /memoryMiB = 1536/,
    );
  });

  it("GIVEN 300 CPU units WHEN constructed THEN it throws: no Fargate size", () => {
    expect(() => synthTaskDefinition({ cpu: 300 })).toThrow(
      /cpu = 300: must be a Fargate CPU value/,
    );
  });

  it("GIVEN a log retention CloudWatch does not offer WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthTaskDefinition({ logRetentionDays: 31 })).toThrow(
      /logRetentionDays = 31: must be one of CloudWatch Logs' retention values/,
    );
  });
});

describe("TaskDefinition (batch tasks)", () => {
  it("GIVEN no container port WHEN synthesized THEN the container has no port mapping and no HTTP health check", () => {
    const c = containerOf(synthTaskDefinition({ containerPort: undefined }));
    expect([c.portMappings, c.healthCheck]).toEqual([undefined, undefined]);
  });

  it("GIVEN a command and a timeout WHEN synthesized THEN coreutils timeout runs the command and stops it after that many seconds", () => {
    const c = containerOf(
      synthTaskDefinition({
        containerPort: undefined,
        command: ["alembic", "upgrade", "head"],
        timeoutSeconds: 1800,
      }),
    );
    expect([c.entryPoint, c.command]).toEqual([
      ["timeout", "--kill-after=30", "1800"],
      ["alembic", "upgrade", "head"],
    ]);
  });

  it("GIVEN neither command nor timeout WHEN synthesized THEN the image's entrypoint and command are kept", () => {
    const c = containerOf(synthTaskDefinition());
    expect([c.entryPoint, c.command]).toEqual([undefined, undefined]);
  });

  it("GIVEN a timeout that is not a whole number of seconds WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthTaskDefinition({ timeoutSeconds: 0.5 })).toThrow(
      /timeoutSeconds = 0\.5: must be a whole number of at least 1/,
    );
  });
});
