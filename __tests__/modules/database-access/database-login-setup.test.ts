import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseLoginSetup,
  DatabaseLoginSetupProps,
  LOGIN_SETUP_CONTAINER,
} from "../../../modules/database-access/database-login-setup";
import { LOGINS_SQL } from "../../../modules/database-access/logins-sql";
import { listOf, parse, referencedName } from "../../support/synth";

const BASE: DatabaseLoginSetupProps = {
  family: "test-database-logins",
  accountId: "111111111111",
  region: "af-south-1",
  repositoryArn: "arn:aws:ecr:af-south-1:111111111111:repository/pipeline",
  logKmsKeyArn: "arn:aws:kms:af-south-1:111111111111:key/logs",
  host: "proxy.example",
  port: "5432",
  databaseName: "pipeline",
  adminUser: "pipeline_admin",
  adminDbUserArn:
    "arn:aws:rds-db:af-south-1:111111111111:dbuser:prx-1/pipeline_admin",
  secretArns: { application: "arn:secret:app", owner: "arn:secret:owner" },
  secretKmsKeyArn: "arn:aws:kms:af-south-1:111111111111:key/db",
};

const json = parse(
  Testing.synthScope((scope) => {
    new DatabaseLoginSetup(scope, "setup", BASE);
  }),
);
const [task] = listOf(json, "aws_ecs_task_definition");
const [container] = JSON.parse(task.container_definitions);
const environment = Object.fromEntries(
  container.environment.map((e: { name: string; value: string }) => [
    e.name,
    e.value,
  ]),
);

describe("DatabaseLoginSetup", () => {
  it("GIVEN the setup WHEN synthesized THEN its container gets the shipped SQL and the proxy, and no secret at all", () => {
    expect({
      name: container.name,
      secrets: container.secrets ?? [],
      sql: environment.LOGINS_SQL,
      host: environment.DB_HOST,
      users: [
        environment.DB_ADMIN_USER,
        environment.APP_USER,
        environment.OWNER_USER,
        environment.READER_USER,
      ],
    }).toEqual({
      name: LOGIN_SETUP_CONTAINER,
      secrets: [],
      sql: LOGINS_SQL,
      host: "proxy.example",
      users: [
        "pipeline_admin",
        "pipeline_app",
        "pipeline_owner",
        "pipeline_reader",
      ],
    });
  });

  it("GIVEN the script WHEN synthesized THEN it uses no ${...} Terraform would read as an interpolation, and authenticates with an IAM token", () => {
    const script = container.command[2] as string;
    expect({
      interpolation: /\$\{/.test(script),
      token: /aws rds generate-db-auth-token/.test(script),
      tls: /PGSSLMODE=require/.test(script),
    }).toEqual({ interpolation: false, token: true, tls: true });
  });

  it("GIVEN the script WHEN synthesized THEN psql gets the reader's name and no reader password", () => {
    const script = container.command[2] as string;
    expect({
      readerUser: script.includes('-v reader_user="$READER_USER"'),
      readerPassword: /READER_PASSWORD|reader_password/.test(script),
    }).toEqual({ readerUser: true, readerPassword: false });
  });

  it("GIVEN the task role WHEN synthesized THEN it may connect as the master, generate passwords and write exactly the two login secrets, nothing else", () => {
    const [connect] = listOf(json, "aws_iam_role_policy").filter(
      (p) => p.name === "database-connect",
    );
    const statements = JSON.parse(connect.policy).Statement;
    expect({
      role: referencedName(connect.role),
      grants: statements.map((s: Record<string, unknown>) => [
        s.Action,
        s.Resource,
      ]),
    }).toEqual({
      role: expect.stringMatching(/task-role/),
      grants: [
        ["rds-db:connect", BASE.adminDbUserArn],
        ["secretsmanager:GetRandomPassword", "*"],
        [
          "secretsmanager:PutSecretValue",
          ["arn:secret:app", "arn:secret:owner"],
        ],
        [["kms:GenerateDataKey", "kms:Decrypt"], BASE.secretKmsKeyArn],
      ],
    });
  });
});
