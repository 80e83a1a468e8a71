import { UsageError } from "../../tools/command-line";
import { migrateCommand } from "../../tools/migrate/cli";
import { migrationTarget } from "../../tools/migrate/targets";
import { LOGINS_SQL } from "../../modules/database-access";

const OUTPUTS = {
  ecs_cluster_name: "financial-pipeline-staging",
  migration_task_definition_arn:
    "arn:aws:ecs:af-south-1:222222222222:task-definition/financial-pipeline-staging-migration:3",
  migration_container_name: "migration",
  migration_log_group_name: "/ecs/financial-pipeline-staging-migration",
  migration_task_group: "migration",
  task_subnet_ids: ["subnet-a", "subnet-b"],
  task_security_group_id: "sg-jobs",
};
/** The jobs stack's outputs with the login setup (an environment with a database proxy). */
const LOGIN_OUTPUTS = {
  ...OUTPUTS,
  logins_task_definition_arn:
    "arn:aws:ecs:af-south-1:222222222222:task-definition/financial-pipeline-staging-database-logins:1",
  logins_container_name: "logins",
  logins_log_group_name: "/ecs/financial-pipeline-staging-database-logins",
};
const TASK =
  "arn:aws:ecs:af-south-1:222222222222:task/financial-pipeline-staging/abc123";

/** A fake AWS CLI: the task runs, is described `statuses` in turn, and stops with `exitCode`. */
function fakeAws(
  exitCode: number | undefined,
  statuses = ["RUNNING", "STOPPED"],
  containerName = "migration",
) {
  const calls: string[][] = [];
  let described = 0;
  const aws = async (args: readonly string[]) => {
    calls.push([...args]);
    const [service, action] = args;
    if (service === "ecs" && action === "run-task")
      return {
        tasks: [{ taskArn: TASK, lastStatus: "PROVISIONING" }],
        failures: [],
      };
    if (service === "ecs" && action === "describe-tasks") {
      const lastStatus = statuses[Math.min(described++, statuses.length - 1)];
      return {
        tasks: [
          {
            taskArn: TASK,
            lastStatus,
            stoppedReason:
              lastStatus === "STOPPED"
                ? "Essential container in task exited"
                : "",
            containers: [
              {
                name: containerName,
                ...(exitCode === undefined ? {} : { exitCode }),
              },
            ],
          },
        ],
      };
    }
    if (service === "logs")
      return {
        events: [{ message: "INFO  [alembic] Running upgrade a1 -> b2" }],
      };
    throw new Error(`unexpected call ${args.join(" ")}`);
  };
  return { aws, calls };
}

function run(
  argv: string[],
  exitCode: number | undefined,
  outputs: Record<string, unknown> = OUTPUTS,
) {
  const fake = fakeAws(
    exitCode,
    undefined,
    argv.includes("--logins") ? "logins" : "migration",
  );
  const stacksRead: string[] = [];
  const result = migrateCommand(argv, {
    readOutputs: async (stack) => {
      stacksRead.push(stack);
      return outputs;
    },
    aws: () => fake.aws,
    sleep: async () => undefined,
  });
  return result.then((r) => ({ ...r, calls: fake.calls, stacksRead }));
}

describe("npm run migrate", () => {
  it("GIVEN a migration that exits 0 WHEN run THEN it succeeds and prints the exit code and the last log lines", async () => {
    const r = await run(["staging"], 0);
    expect(r.code).toBe(0);
    expect(r.stacksRead).toEqual(["financial-pipeline-staging-jobs"]);
    expect(r.stdout).toMatch(/Running upgrade a1 -> b2/);
    expect(r.stdout).toMatch(/Migration succeeded: exit code 0/);
  });

  it("GIVEN a migration that exits 1 WHEN run THEN the command fails and says not to deploy the API", async () => {
    const r = await run(["staging"], 1);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Migration FAILED: exit code 1/);
    expect(r.stderr).toMatch(/do not deploy the API with this image/);
  });

  it("GIVEN a migration stopped by its timeout WHEN run THEN the report says so", async () => {
    const r = await run(["staging"], 124);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/exit code 124 .*ran past its timeout/);
  });

  it("GIVEN a task whose container never ran WHEN run THEN it fails", async () => {
    const r = await run(["staging"], undefined);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/exit code none/);
  });

  it("GIVEN the stack's outputs WHEN run THEN the task starts from them in the private subnets, in task group migration, and its stream is read", async () => {
    const r = await run(["staging"], 0);
    const runTask = r.calls.find((c) => c[1] === "run-task")!;
    const arg = (flag: string) => runTask[runTask.indexOf(flag) + 1];
    expect([
      arg("--cluster"),
      arg("--task-definition"),
      arg("--group"),
      arg("--launch-type"),
    ]).toEqual([
      OUTPUTS.ecs_cluster_name,
      OUTPUTS.migration_task_definition_arn,
      "migration",
      "FARGATE",
    ]);
    expect(JSON.parse(arg("--network-configuration"))).toEqual({
      awsvpcConfiguration: {
        subnets: ["subnet-a", "subnet-b"],
        securityGroups: ["sg-jobs"],
        assignPublicIp: "DISABLED",
      },
    });
    const logs = r.calls.find((c) => c[0] === "logs")!;
    expect(logs[logs.indexOf("--log-stream-name") + 1]).toBe(
      "migration/migration/abc123",
    );
  });

  it("GIVEN an undeployed stack WHEN run THEN the error names the missing output", async () => {
    const r = await run(["staging"], 0, {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /financial-pipeline-staging-jobs has no output "ecs_cluster_name"/,
    );
  });

  it("GIVEN an unknown environment WHEN run THEN a UsageError names it, before reading any state", async () => {
    const stacksRead: string[] = [];
    await expect(
      migrateCommand(["qa"], {
        readOutputs: async (stack) => {
          stacksRead.push(stack);
          return OUTPUTS;
        },
      }),
    ).rejects.toThrow(
      new UsageError(
        'Unknown environment "qa" (development, staging, production)',
      ),
    );
    expect(stacksRead).toEqual([]);
  });

  it("GIVEN an unknown option WHEN run THEN a UsageError names it", async () => {
    await expect(run(["staging", "--colour"], 0)).rejects.toThrow(
      /^Unknown option --colour /,
    );
  });

  it.each(["many", "1e3", "0x10", " 5", "-1", "0", "2.5"])(
    "GIVEN --log-lines %p WHEN run THEN only a plain decimal whole number counts: a UsageError names it",
    async (value) => {
      await expect(run(["staging", "--log-lines", value], 0)).rejects.toThrow(
        new UsageError(
          `--log-lines ${/^\S+$/.test(value) ? value : JSON.stringify(value)}: must be a whole number of at least 1`,
        ),
      );
    },
  );

  it("GIVEN outputs without subnets WHEN read THEN the missing output is named", () => {
    expect(() =>
      migrationTarget("s", { ...OUTPUTS, task_subnet_ids: [] }),
    ).toThrow(/no output "task_subnet_ids"/);
  });
});

describe("npm run migrate -- <environment> --logins", () => {
  it("GIVEN the jobs stack's login setup WHEN run with --logins THEN that task starts, in task group migration, and its own stream is read", async () => {
    const r = await run(["staging", "--logins"], 0, LOGIN_OUTPUTS);
    const runTask = r.calls.find((c) => c[1] === "run-task")!;
    const arg = (flag: string) => runTask[runTask.indexOf(flag) + 1];
    const logs = r.calls.find((c) => c[0] === "logs")!;
    expect({
      code: r.code,
      taskDefinition: arg("--task-definition"),
      group: arg("--group"),
      startedBy: arg("--started-by"),
      stream: logs[logs.indexOf("--log-stream-name") + 1],
      logGroup: logs[logs.indexOf("--log-group-name") + 1],
    }).toEqual({
      code: 0,
      taskDefinition: LOGIN_OUTPUTS.logins_task_definition_arn,
      group: "migration",
      startedBy: "npm-run-migrate-logins",
      stream: "logins/logins/abc123",
      logGroup: LOGIN_OUTPUTS.logins_log_group_name,
    });
    expect(r.stdout).toMatch(/Login setup succeeded: exit code 0/);
  });

  it("GIVEN a login setup that exits 3 WHEN run THEN the command fails and says to run it again before the tasks switch", async () => {
    const r = await run(["staging", "--logins"], 3, LOGIN_OUTPUTS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Login setup FAILED: exit code 3/);
    expect(r.stderr).toMatch(/run it again \(it is safe to repeat\)/);
  });

  it("GIVEN an environment without the proxy (no login setup outputs) WHEN run with --logins THEN the error names the output and the proxy setting, and no task starts", async () => {
    const r = await run(["staging", "--logins"], 0, OUTPUTS);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /has no output "logins_task_definition_arn": .*database\.proxy\.enabled/,
    );
    expect(r.calls).toEqual([]);
  });

  it("GIVEN --print-logins-sql WHEN run THEN the shipped SQL is printed and no state or AWS is read", async () => {
    const r = await run(["--print-logins-sql"], 0);
    expect({
      code: r.code,
      sql: r.stdout,
      reads: [...r.stacksRead, ...r.calls.flat()],
    }).toEqual({ code: 0, sql: LOGINS_SQL, reads: [] });
  });

  it("GIVEN --print-logins-sql with an environment WHEN run THEN a UsageError says it takes none", async () => {
    await expect(run(["--print-logins-sql", "staging"], 0)).rejects.toThrow(
      new UsageError(
        "--print-logins-sql takes no environment or other option, got staging",
      ),
    );
  });
});
