import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentName, PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { createEnvironmentStacks } from "../../stacks/environment-stacks";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { listOf } from "../support/synth";

/** Synthesizes an environment's stacks as the app does and reads the manifest and the JSON back. */
function synthEnvironment(
  environment: EnvironmentName,
  config: PipelineConfig = PIPELINE_CONFIG,
) {
  const app: App = Testing.app();
  createEnvironmentStacks(app, config.environments[environment], config.state);
  app.synth();
  const manifest = JSON.parse(
    fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8"),
  ) as { stacks: Record<string, { dependencies: string[] }> };
  const read = (layer: string) =>
    JSON.parse(
      fs.readFileSync(
        path.join(
          app.outdir,
          "stacks",
          `financial-pipeline-${environment}-${layer}`,
          "cdk.tf.json",
        ),
        "utf8",
      ),
    ) as StackJson;
  const result = { manifest, jobs: read("jobs"), api: read("api") };
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return result;
}

const production = synthEnvironment("production");

function executionPolicyOf(json: StackJson, family: string) {
  const roles = json.resource.aws_iam_role as Record<string, StackJson>;
  const [roleId] = Object.entries(roles).find(
    ([, r]) => r.name === `${family}-execution`,
  )!;
  const policy = listOf(json, "aws_iam_role_policy").find(
    (p) => p.role === `\${aws_iam_role.${roleId}.id}`,
  )!;
  return JSON.parse(policy.policy).Statement as {
    Sid: string;
    Resource: unknown;
  }[];
}

function apiContainer(json: StackJson) {
  const task = listOf(json, "aws_ecs_task_definition")[0];
  return JSON.parse(task.container_definitions)[0];
}

describe("JobsStack", () => {
  it("GIVEN an environment WHEN synthesized THEN financial-pipeline-<env>-jobs exists and deploys after the API stack", () => {
    expect(
      production.manifest.stacks["financial-pipeline-production-jobs"]
        .dependencies,
    ).toContain("financial-pipeline-production-api");
  });

  it("GIVEN the configured jobs WHEN synthesized THEN each has a schedule in its own time zone", () => {
    const schedules = listOf(production.jobs, "aws_scheduler_schedule")
      .filter((s) => s.target.ecs_parameters)
      .map((s) => [s.name, s.schedule_expression_timezone]);
    expect(schedules.sort()).toEqual([
      ["financial-pipeline-production-job-jse-intraday", "Africa/Johannesburg"],
      ["financial-pipeline-production-job-ngx-intraday", "Africa/Lagos"],
      ["financial-pipeline-production-job-nse-kenya-eod", "Africa/Nairobi"],
    ]);
  });

  it("GIVEN a job reading one data source WHEN synthesized THEN its execution role reaches that source's secret only, no database secret", () => {
    const read = executionPolicyOf(
      production.jobs,
      "financial-pipeline-production-job-jse-intraday",
    ).find((s) => s.Sid === "ReadSecrets")!;
    const resources = read.Resource as string[];
    // The database login comes from an IAM token (rds-db:connect), not a secret.
    expect(resources).toEqual([expect.stringMatching(/secret-jse_/)]);
  });

  it("GIVEN the migration WHEN synthesized THEN it runs alembic upgrade head under its timeout, as the schema owner with IAM and no secret", () => {
    const migration = listOf(production.jobs, "aws_ecs_task_definition").find(
      (t) => t.family === "financial-pipeline-production-migration",
    )!;
    const [c] = JSON.parse(migration.container_definitions);
    const environment = Object.fromEntries(
      c.environment.map((e: { name: string; value: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect({
      run: [c.entryPoint, c.command],
      secrets: c.secrets ?? [],
      user: environment.DB_USER,
      iam: environment.DB_IAM_AUTH,
    }).toEqual({
      run: [
        ["timeout", "--kill-after=30", "1800"],
        ["alembic", "upgrade", "head"],
      ],
      secrets: [],
      user: "pipeline_owner",
      iam: "true",
    });
  });

  it("GIVEN every task definition of the API and the jobs WHEN synthesized THEN none references the master secret, and each pipeline task connects as a login that is not the master", () => {
    const tasks = [
      ...listOf(production.api, "aws_ecs_task_definition"),
      ...listOf(production.jobs, "aws_ecs_task_definition"),
    ];
    const users = Object.fromEntries(
      tasks.map((t) => {
        const [c] = JSON.parse(t.container_definitions);
        const env = Object.fromEntries(
          (c.environment ?? []).map((e: { name: string; value: string }) => [
            e.name,
            e.value,
          ]),
        );
        return [t.family, env.DB_USER ?? env.DB_ADMIN_USER];
      }),
    );
    expect({
      master: tasks.filter((t) =>
        /master_secret|master_user_secret/.test(t.container_definitions),
      ),
      users,
    }).toEqual({
      master: [],
      users: {
        "financial-pipeline-production-api": "pipeline_app",
        "financial-pipeline-production-job-jse-intraday": "pipeline_app",
        "financial-pipeline-production-job-ngx-intraday": "pipeline_app",
        "financial-pipeline-production-job-nse-kenya-eod": "pipeline_app",
        "financial-pipeline-production-migration": "pipeline_owner",
        // The one-off login setup alone acts as the master, with an IAM token.
        "financial-pipeline-production-database-logins": expect.stringMatching(
          /aws_db_instance.+username\}$/,
        ),
      },
    });
  });

  it("GIVEN the jobs WHEN synthesized THEN the stack outputs what npm run migrate reads, with and without --logins", () => {
    expect(Object.keys(production.jobs.output).sort()).toEqual(
      expect.arrayContaining([
        "ecs_cluster_name",
        "logins_container_name",
        "logins_log_group_name",
        "logins_task_definition_arn",
        "migration_container_name",
        "migration_log_group_name",
        "migration_task_definition_arn",
        "migration_task_group",
        "task_security_group_id",
        "task_subnet_ids",
      ]),
    );
  });

  it("GIVEN the checked-in configuration WHEN synthesized THEN the API reads no data-source key", () => {
    expect(
      (apiContainer(production.api).secrets ?? []).map(
        (s: { name: string }) => s.name,
      ),
    ).toEqual([]);
  });

  it("GIVEN the API configured for one data source WHEN synthesized THEN it gets exactly that key and its execution role reaches exactly that secret", () => {
    const { api } = synthEnvironment(
      "staging",
      configWith((c) => {
        c.environments.staging.workloads = {
          ...c.environments.staging.workloads,
          apiSecrets: ["ngx"],
        };
      }),
    );
    expect(
      apiContainer(api).secrets.map((s: { name: string }) => s.name),
    ).toEqual(["NGX_API_KEY"]);
    const read = executionPolicyOf(api, "financial-pipeline-staging-api").find(
      (s) => s.Sid === "ReadSecrets",
    )!;
    expect(read.Resource).toEqual([expect.stringMatching(/secret-ngx/)]);
  });

  it("GIVEN every environment's data sources WHEN synthesized THEN each has one secret in the API stack and no secret value", () => {
    const secrets = listOf(production.api, "aws_secretsmanager_secret").map(
      (s) => s.name,
    );
    expect(secrets.sort()).toEqual([
      "financial-pipeline-production/data-sources/jse",
      "financial-pipeline-production/data-sources/ngx",
      "financial-pipeline-production/data-sources/nse-kenya",
    ]);
    expect(listOf(production.api, "aws_secretsmanager_secret_version")).toEqual(
      [],
    );
  });
});
