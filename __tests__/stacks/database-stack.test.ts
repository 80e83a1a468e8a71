import { App, Testing } from "cdktf";
import {
  DB_INSTANCE_CLASSES,
  ENVIRONMENT_NAMES,
  EnvironmentName,
  PIPELINE_CONFIG,
  PipelineConfig,
} from "../../config";
import { DatabaseStack } from "../../stacks/database-stack";
import { VpcStack } from "../../stacks/vpc-stack";
import { configWith } from "../support/config";
import {
  PlanJson,
  readPlan,
  synthesizedStacks,
  terraformReady,
} from "../support/plan";
import { listOf, parse, referencedName } from "../support/synth";

function synthDatabaseStack(
  environment: EnvironmentName,
  config: PipelineConfig = PIPELINE_CONFIG,
) {
  const app: App = Testing.app();
  const env = config.environments[environment];
  const vpc = new VpcStack(app, { environment: env, state: config.state });
  const stack = new DatabaseStack(app, {
    environment: env,
    state: config.state,
    vpc,
  });
  // What app.synth() does first: references to the VPC stack become its
  // outputs and a terraform_remote_state here.
  vpc.prepareStack();
  stack.prepareStack();
  const synthesized = Testing.synth(stack);
  return { stack, synthesized, json: parse(synthesized) };
}

const synthesized = Object.fromEntries(
  ENVIRONMENT_NAMES.map((name) => [name, synthDatabaseStack(name).json]),
) as Record<EnvironmentName, ReturnType<typeof synthDatabaseStack>["json"]>;

const instance = (env: EnvironmentName) =>
  listOf(synthesized[env], "aws_db_instance")[0];
const parameter = (env: EnvironmentName, name: string) =>
  listOf(synthesized[env], "aws_db_parameter_group")[0].parameter.find(
    (p: { name: string }) => p.name === name,
  )?.value;
const alarmThreshold = (env: EnvironmentName, metric: string) =>
  listOf(synthesized[env], "aws_cloudwatch_metric_alarm").find(
    (a) => a.metric_name === metric,
  )?.threshold;

/** The output of the VPC stack that a `${data.terraform_remote_state...}` expression reads. */
function vpcOutputOf(expression: string): string | undefined {
  return /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-financial-pipeline-[a-z]+-vpc\.outputs\.([^}]+)\}$/.exec(
    expression,
  )?.[1];
}

/** Every key of a JSON document, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  }
  return [];
}

describe("DatabaseStack", () => {
  it("GIVEN each environment WHEN synthesized THEN the stack is named financial-pipeline-<environment>-database", () => {
    expect(
      ENVIRONMENT_NAMES.map((name) => synthDatabaseStack(name).stack.node.id),
    ).toEqual([
      "financial-pipeline-development-database",
      "financial-pipeline-staging-database",
      "financial-pipeline-production-database",
    ]);
  });

  // ----------------------- the architecture document's RDS table, row by row
  describe("the architecture document's RDS table", () => {
    it("GIVEN development and production WHEN synthesized THEN Instance is t3.micro and t3.medium", () => {
      expect({
        development: instance("development").instance_class,
        production: instance("production").instance_class,
      }).toEqual({ development: "db.t3.micro", production: "db.t3.medium" });
    });

    it("GIVEN development and production WHEN synthesized THEN Storage is GP3 from 20 GB, autoscaling to 50 GB and 100 GB", () => {
      const storage = (env: EnvironmentName) => [
        instance(env).storage_type,
        instance(env).allocated_storage,
        instance(env).max_allocated_storage,
      ];
      expect({
        development: storage("development"),
        production: storage("production"),
      }).toEqual({
        development: ["gp3", 20, 50],
        production: ["gp3", 20, 100],
      });
    });

    it("GIVEN development and production WHEN synthesized THEN Multi-AZ is no and yes", () => {
      expect({
        development: instance("development").multi_az,
        production: instance("production").multi_az,
      }).toEqual({ development: false, production: true });
    });

    it("GIVEN development and production WHEN synthesized THEN Backup is 1-day and 7-day retention", () => {
      expect({
        development: instance("development").backup_retention_period,
        production: instance("production").backup_retention_period,
      }).toEqual({ development: 1, production: 7 });
    });

    it("GIVEN development and production WHEN synthesized THEN Encryption is at rest and in transit in both", () => {
      const encryption = (env: EnvironmentName) => ({
        atRest: instance(env).storage_encrypted,
        inTransit: parameter(env, "rds.force_ssl"),
      });
      expect({
        development: encryption("development"),
        production: encryption("production"),
      }).toEqual({
        development: { atRest: true, inTransit: "1" },
        production: { atRest: true, inTransit: "1" },
      });
    });
  });

  it("GIVEN staging WHEN synthesized THEN it is production's topology at a smaller size: db.t3.small, Multi-AZ, 3-day backups", () => {
    const i = instance("staging");
    expect([
      i.instance_class,
      i.multi_az,
      i.backup_retention_period,
      i.max_allocated_storage,
    ]).toEqual(["db.t3.small", true, 3, 50]);
  });

  it("GIVEN each environment WHEN synthesized THEN the engine is PostgreSQL 16 (minor versions by RDS) with a postgres16 parameter group", () => {
    for (const env of ENVIRONMENT_NAMES) {
      expect([
        instance(env).engine,
        instance(env).engine_version,
        instance(env).auto_minor_version_upgrade,
        listOf(synthesized[env], "aws_db_parameter_group")[0].family,
      ]).toEqual(["postgres", "16", true, "postgres16"]);
    }
  });

  // ----------------------------------------------------------- protections
  it("GIVEN production WHEN synthesized THEN deletion protection, a deterministic final snapshot and prevent_destroy guard the data", () => {
    const i = instance("production");
    expect({
      deletion_protection: i.deletion_protection,
      skip_final_snapshot: i.skip_final_snapshot,
      final_snapshot_identifier: i.final_snapshot_identifier,
      lifecycle: i.lifecycle,
    }).toEqual({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "financial-pipeline-production-postgres-final",
      lifecycle: { prevent_destroy: true },
    });
  });

  it.each(["development", "staging"] as const)(
    "GIVEN %s WHEN synthesized THEN it can be torn down and rebuilt freely: no deletion protection, no final snapshot, no prevent_destroy",
    (env) => {
      const i = instance(env);
      expect({
        deletion_protection: i.deletion_protection,
        skip_final_snapshot: i.skip_final_snapshot,
        final_snapshot_identifier: i.final_snapshot_identifier,
        prevent_destroy: i.lifecycle?.prevent_destroy ?? false,
      }).toEqual({
        deletion_protection: false,
        skip_final_snapshot: true,
        final_snapshot_identifier: undefined,
        prevent_destroy: false,
      });
    },
  );

  it("GIVEN the checked-in configuration WHEN synthesized THEN every environment applies changes in its maintenance window", () => {
    expect(
      ENVIRONMENT_NAMES.map((env) => instance(env).apply_immediately),
    ).toEqual([false, false, false]);
  });

  it("GIVEN applyImmediately on for an upgrade WHEN synthesized THEN the instance applies it during the deploy", () => {
    const config = configWith(
      (c) => (c.environments.production.database.applyImmediately = true),
    );
    expect(
      listOf(
        synthDatabaseStack("production", config).json,
        "aws_db_instance",
      )[0].apply_immediately,
    ).toBe(true);
  });

  // ------------------------------------------------------ disaster recovery
  it("GIVEN production WHEN synthesized THEN a second provider for the DR region has the main provider's account guard and tags", () => {
    const [main, dr] = synthesized.production.provider.aws;
    expect(dr).toEqual({
      alias: "dr",
      region: "eu-west-1",
      allowed_account_ids: main.allowed_account_ids,
      default_tags: main.default_tags,
    });
    expect(main.allowed_account_ids).toEqual(["333333333333"]);
  });

  it("GIVEN production WHEN synthesized THEN automated backups replicate to the DR region for 7 days under a key of that region", () => {
    const [replication] = listOf(
      synthesized.production,
      "aws_db_instance_automated_backups_replication",
    );
    const drKeys = listOf(synthesized.production, "aws_kms_key").filter(
      (k) => k.provider === "aws.dr",
    );
    expect([
      replication.provider,
      replication.retention_period,
      drKeys.length,
    ]).toEqual(["aws.dr", 7, 1]);
  });

  it("GIVEN development and staging WHEN synthesized THEN there is no DR provider and no replication", () => {
    for (const env of ["development", "staging"] as const) {
      expect(synthesized[env].provider.aws).toHaveLength(1);
      expect(
        listOf(
          synthesized[env],
          "aws_db_instance_automated_backups_replication",
        ),
      ).toEqual([]);
    }
  });

  // --------------------------------------------- cross-stack references
  it("GIVEN the VPC stack WHEN synthesized THEN the subnet group is the VPC stack's isolated subnets, read from its state", () => {
    const [group] = listOf(synthesized.production, "aws_db_subnet_group");
    expect(group.subnet_ids.map(vpcOutputOf)).toEqual([
      expect.stringContaining("isolated-subnet-0"),
      expect.stringContaining("isolated-subnet-1"),
    ]);
  });

  it("GIVEN the VPC stack WHEN synthesized THEN every alarm notifies the environment's topic from the VPC stack", () => {
    const actions = listOf(
      synthesized.production,
      "aws_cloudwatch_metric_alarm",
    ).flatMap((a) => [...a.alarm_actions, ...a.ok_actions]);
    // Six alarms of the instance, three of the proxy; each fires and recovers.
    expect(actions).toHaveLength(18);
    expect(new Set(actions.map(vpcOutputOf))).toEqual(
      new Set([expect.stringMatching(/alerts_topic.*arn$/)]),
    );
  });

  it("GIVEN development and production WHEN synthesized THEN the log groups keep 1 week and 1 month, encrypted with the VPC stack's observability key", () => {
    const groups = (env: EnvironmentName) =>
      listOf(synthesized[env], "aws_cloudwatch_log_group").map((g) => [
        g.name,
        g.retention_in_days,
        /observability-key.*arn$/.test(vpcOutputOf(g.kms_key_id) ?? ""),
      ]);
    expect({
      development: groups("development"),
      production: groups("production"),
    }).toEqual({
      development: [
        [
          "/aws/rds/instance/financial-pipeline-development-postgres/postgresql",
          7,
          true,
        ],
        [
          "/aws/rds/instance/financial-pipeline-development-postgres/upgrade",
          7,
          true,
        ],
      ],
      production: [
        [
          "/aws/rds/instance/financial-pipeline-production-postgres/postgresql",
          30,
          true,
        ],
        [
          "/aws/rds/instance/financial-pipeline-production-postgres/upgrade",
          30,
          true,
        ],
      ],
    });
  });

  // ------------------------------------------------------------- network
  it("GIVEN allowVpcCidrIngress off (the default) WHEN synthesized THEN the database admits its proxy only: clients add their rule to the proxy's group", () => {
    for (const env of ENVIRONMENT_NAMES) {
      expect(
        listOf(synthesized[env], "aws_vpc_security_group_ingress_rule").map(
          (r) => [
            referencedName(r.security_group_id),
            referencedName(r.referenced_security_group_id),
          ],
        ),
      ).toEqual([
        [
          expect.stringMatching(/^database_security-group/),
          expect.stringMatching(/^proxy_security-group/),
        ],
      ]);
      expect(listOf(synthesized[env], "aws_security_group")[0].egress).toEqual(
        [],
      );
    }
  });

  it("GIVEN allowVpcCidrIngress on WHEN synthesized THEN 5432 is admitted from the VPC stack's CIDR", () => {
    const config = configWith(
      (c) => (c.environments.staging.database.allowVpcCidrIngress = true),
    );
    const [rule] = listOf(
      synthDatabaseStack("staging", config).json,
      "aws_vpc_security_group_ingress_rule",
    );
    expect([rule.from_port, rule.to_port, vpcOutputOf(rule.cidr_ipv4)]).toEqual(
      [5432, 5432, expect.stringMatching(/cidr_block$/)],
    );
  });

  // ------------------------------------------------- monitoring, secrets
  it("GIVEN development, staging and production WHEN synthesized THEN Enhanced Monitoring samples every 60, 30 and 15 seconds", () => {
    expect(
      ENVIRONMENT_NAMES.map((env) => instance(env).monitoring_interval),
    ).toEqual([60, 30, 15]);
  });

  it("GIVEN the configured rotation WHEN synthesized THEN the managed secret rotates every 30 days in each environment", () => {
    expect(
      ENVIRONMENT_NAMES.map(
        (env) =>
          listOf(synthesized[env], "aws_secretsmanager_secret_rotation")[0]
            .rotation_rules.automatically_after_days,
      ),
    ).toEqual([30, 30, 30]);
  });

  it.each(ENVIRONMENT_NAMES)(
    "GIVEN %s WHEN synthesized THEN the connection alarm fires above 80 %% of the max_connections its parameter group sets",
    (env) => {
      const maxConnections = Number(parameter(env, "max_connections"));
      expect(maxConnections).toBeGreaterThan(0);
      expect(alarmThreshold(env, "DatabaseConnections")).toBe(
        Math.floor(0.8 * maxConnections),
      );
    },
  );

  it("GIVEN each environment WHEN synthesized THEN max_connections is its instance class's value, applied at the next reboot", () => {
    for (const env of ENVIRONMENT_NAMES) {
      const [group] = listOf(synthesized[env], "aws_db_parameter_group");
      expect(
        group.parameter.find(
          (p: { name: string }) => p.name === "max_connections",
        ),
      ).toEqual({
        name: "max_connections",
        value: String(
          DB_INSTANCE_CLASSES[instance(env).instance_class].maxConnections,
        ),
        apply_method: "pending-reboot",
      });
    }
  });

  it("GIVEN 20 GiB allocated WHEN synthesized THEN the free storage alarm fires below 2 GiB", () => {
    expect(alarmThreshold("production", "FreeStorageSpace")).toBe(
      2 * 1024 ** 3,
    );
  });

  it("GIVEN each environment WHEN synthesized THEN no password attribute exists anywhere in the stack", () => {
    for (const env of ENVIRONMENT_NAMES) {
      expect(
        keysOf(synthesized[env]).filter(
          (k) =>
            /password/i.test(k) &&
            k !== "manage_master_user_password" &&
            // The proxy's hash scheme for password clients, not a password.
            k !== "client_password_auth_type",
        ),
      ).toEqual([]);
      expect(instance(env).manage_master_user_password).toBe(true);
    }
  });

  // ------------------------------------------------------------- outputs
  it("GIVEN the stack WHEN synthesized THEN it outputs what the API stack needs, each with a description", () => {
    const outputs = synthesized.production.output as Record<
      string,
      { value: string; description: string }
    >;
    expect(
      Object.fromEntries(
        Object.entries(outputs).map(([name, o]) => [
          name,
          o.value.replace(/\.[A-Za-z0-9_-]+_[0-9A-F]{8}\./, ".X."),
        ]),
      ),
    ).toEqual({
      client_host: "${aws_db_proxy.X.endpoint}",
      database_name: "${aws_db_instance.X.db_name}",
      endpoint_address: "${aws_db_instance.X.address}",
      kms_key_arn: "${aws_kms_key.X.arn}",
      master_secret_arn:
        "${aws_db_instance.X.master_user_secret[0].secret_arn}",
      port: "${aws_db_instance.X.port}",
      security_group_id: "${aws_security_group.X.id}",
    });
    for (const output of Object.values(outputs))
      expect(output.description.length).toBeGreaterThan(20);
  });

  it("GIVEN the app's own synthesis WHEN read THEN every environment has its database stack", () => {
    const names = Object.keys(synthesizedStacks());
    for (const env of ENVIRONMENT_NAMES) {
      expect(names).toContain(`financial-pipeline-${env}-database`);
    }
  });

  // ------------------------------------------------------------ snapshots
  // One environment's full JSON; every stack's addresses are pinned by resource-addresses.test.ts.
  it("GIVEN production WHEN synthesized THEN the stack matches its snapshot", () => {
    expect(synthDatabaseStack("production").synthesized).toMatchSnapshot();
  });
});

// ---------------------------------------------------------- offline plans
const ready = terraformReady();
const itWithTerraform = ready ? it : it.skip;

/** Every `[path, value]` of an attribute whose name contains "password" and that holds a value. */
function passwordValues(value: unknown, path = ""): [string, unknown][] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => passwordValues(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    // after_sensitive / sensitive_values only say which attributes are secret, true or false.
    if (
      k === "after_sensitive" ||
      k === "before_sensitive" ||
      k === "sensitive_values"
    )
      return [];
    const own: [string, unknown][] =
      /password/i.test(k) &&
      k !== "manage_master_user_password" &&
      // The name of a hash scheme (RDS Proxy), not a password.
      k !== "client_password_auth_type" &&
      v !== null &&
      v !== undefined &&
      v !== false
        ? [[here, v]]
        : [];
    return [...own, ...passwordValues(v, here)];
  });
}

describe("DatabaseStack offline plan", () => {
  const plans: Partial<Record<EnvironmentName, PlanJson>> = {};
  beforeAll(async () => {
    if (!ready) return;
    for (const env of ENVIRONMENT_NAMES)
      plans[env] = await readPlan(`financial-pipeline-${env}-database`);
  }, 15 * 60_000);

  itWithTerraform.each(ENVIRONMENT_NAMES)(
    "GIVEN the %s plan WHEN read as JSON THEN no attribute named password carries a value",
    (env) => {
      expect(passwordValues(plans[env])).toEqual([]);
    },
  );

  itWithTerraform.each(ENVIRONMENT_NAMES)(
    "GIVEN the %s plan WHEN read as JSON THEN it creates the instance with an RDS-managed password",
    (env) => {
      const change = plans[env]!.resource_changes.find(
        (c: { type: string }) => c.type === "aws_db_instance",
      );
      expect([
        change.change.actions,
        change.change.after.manage_master_user_password,
      ]).toEqual([["create"], true]);
    },
  );

  itWithTerraform(
    "GIVEN the production plan WHEN read as JSON THEN the backup replication is planned in eu-west-1",
    () => {
      const providers = plans.production!.configuration.provider_config;
      const replication =
        plans.production!.configuration.root_module.resources.find(
          (r: { type: string }) =>
            r.type === "aws_db_instance_automated_backups_replication",
        );
      expect(
        providers[replication.provider_config_key].expressions.region
          .constant_value,
      ).toBe("eu-west-1");
    },
  );
});
