import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import "cdktf/lib/testing/adapters/jest";
import { EnvironmentName, PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { ApiStack } from "../../stacks/api-stack";
import { DatabaseStack } from "../../stacks/database-stack";
import { VpcStack } from "../../stacks/vpc-stack";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { PlanJson, readPlan, terraformReady } from "../support/plan";
import { listOf, referencedName } from "../support/synth";

const CERTIFICATE =
  "arn:aws:acm:af-south-1:111111111111:certificate/0d3c5d1e-1111-2222-3333-444455556666";

interface Synthesized {
  readonly api: ApiStack;
  /** Terraform JSON by stack name (vpc, database and api of the environment). */
  readonly stacks: Record<string, StackJson>;
  readonly json: StackJson;
}

/**
 * Synthesizes the three stacks of an environment the way the app does
 * (`app.synth()`), so that cross-stack references become remote state reads
 * and producer outputs, and reads their Terraform JSON back.
 */
function synthEnvironment(
  environment: EnvironmentName,
  config: PipelineConfig = PIPELINE_CONFIG,
): Synthesized {
  const app: App = Testing.app();
  const props = {
    environment: config.environments[environment],
    state: config.state,
  };
  const vpc = new VpcStack(app, props);
  const database = new DatabaseStack(app, { ...props, vpc });
  const api = new ApiStack(app, { ...props, vpc, database });
  app.synth();
  const read = (name: string) =>
    JSON.parse(
      fs.readFileSync(
        path.join(app.outdir, "stacks", name, "cdk.tf.json"),
        "utf8",
      ),
    ) as StackJson;
  const stacks = Object.fromEntries(
    [vpc, database, api].map((stack) => [stack.node.id, read(stack.node.id)]),
  );
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { api, stacks, json: stacks[api.node.id] };
}

const cache = new Map<EnvironmentName, Synthesized>();
function synthesized(environment: EnvironmentName): Synthesized {
  if (!cache.has(environment))
    cache.set(environment, synthEnvironment(environment));
  return cache.get(environment)!;
}

const REMOTE =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([a-z0-9-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;
const LOCAL = /^\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/**
 * Follows an expression through cross-stack outputs and resource attributes
 * to a literal; a security group id becomes `sg:<group name>`.
 */
function resolve(
  stacks: Record<string, StackJson>,
  stack: string,
  value: unknown,
): unknown {
  if (typeof value !== "string") return value;
  const remote = REMOTE.exec(value);
  if (remote)
    return resolve(
      stacks,
      remote[1],
      stacks[remote[1]].output[remote[2]].value,
    );
  const local = LOCAL.exec(value);
  if (local) {
    const [, type, name, attribute] = local;
    const resource = stacks[stack].resource[type][name];
    if (type === "aws_security_group" && attribute === "id")
      return `sg:${resource.name}`;
    return resolve(stacks, stack, resource[attribute]);
  }
  return value;
}

/** Every security group rule of the API and database stacks, as `from -> to:port` edges. */
function securityGroupGraph(s: Synthesized) {
  const edges = { ingress: [] as string[], egress: [] as string[] };
  for (const [stack, json] of Object.entries(s.stacks)) {
    if (stack.endsWith("-vpc")) continue; // the VPC stack's groups (interface endpoints) are not on this path
    for (const direction of ["ingress", "egress"] as const) {
      for (const rule of listOf(
        json,
        `aws_vpc_security_group_${direction}_rule`,
      )) {
        const own = resolve(s.stacks, stack, rule.security_group_id);
        const peer =
          rule.cidr_ipv4 ??
          resolve(s.stacks, stack, rule.referenced_security_group_id);
        const from = resolve(s.stacks, stack, rule.from_port);
        const to = resolve(s.stacks, stack, rule.to_port);
        const port = from === to ? `${from}` : `${from}-${to}`;
        edges[direction].push(
          direction === "ingress"
            ? `${peer} -> ${own}:${port}`
            : `${own} -> ${peer}:${port}`,
        );
      }
    }
  }
  return { ingress: edges.ingress.sort(), egress: edges.egress.sort() };
}

function containerOf(json: StackJson) {
  const [definition] = listOf(json, "aws_ecs_task_definition");
  return JSON.parse(definition.container_definitions)[0];
}

/** The architecture document's ECS table and health checks, read back from a synthesized API stack. */
function documentRowOf(json: StackJson) {
  const [definition] = listOf(json, "aws_ecs_task_definition");
  const [service] = listOf(json, "aws_ecs_service");
  const [target] = listOf(json, "aws_appautoscaling_target");
  const [group] = listOf(json, "aws_lb_target_group");
  const [logs] = listOf(json, "aws_cloudwatch_log_group");
  const container = containerOf(json);
  return {
    cpu: Number(definition.cpu),
    memoryMiB: Number(definition.memory),
    desiredCount: service.desired_count,
    maxCapacity: target.max_capacity,
    minCapacity: target.min_capacity,
    containerHealthCheck: {
      command: container.healthCheck.command[1],
      intervalSeconds: container.healthCheck.interval,
    },
    targetGroupHealthCheck: {
      path: group.health_check.path,
      intervalSeconds: group.health_check.interval,
      healthyThreshold: group.health_check.healthy_threshold,
      unhealthyThreshold: group.health_check.unhealthy_threshold,
    },
    stickiness: group.stickiness.enabled,
    logRetentionDays: logs.retention_in_days,
  };
}

const HEALTH_CHECKS = {
  containerHealthCheck: {
    command: "curl -f http://localhost:8000/health || exit 1",
    intervalSeconds: 30,
  },
  targetGroupHealthCheck: {
    path: "/health",
    intervalSeconds: 30,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
  },
  stickiness: false,
};

describe("ApiStack", () => {
  it("GIVEN production WHEN synthesized THEN the stack is named financial-pipeline-production-api", () => {
    expect(synthesized("production").api.node.id).toBe(
      "financial-pipeline-production-api",
    );
  });

  // ------------------------------------------------- the document's tables
  it("GIVEN development WHEN synthesized THEN the document's ECS table, health checks and 1-week logs read back", () => {
    expect(documentRowOf(synthesized("development").json)).toEqual({
      cpu: 512,
      memoryMiB: 1024,
      desiredCount: 1,
      maxCapacity: 3,
      minCapacity: 1,
      ...HEALTH_CHECKS,
      logRetentionDays: 7,
    });
  });

  it("GIVEN production WHEN synthesized THEN the document's ECS table, health checks and 1-month logs read back", () => {
    expect(documentRowOf(synthesized("production").json)).toEqual({
      cpu: 1024,
      memoryMiB: 2048,
      desiredCount: 2,
      maxCapacity: 10,
      minCapacity: 1,
      ...HEALTH_CHECKS,
      logRetentionDays: 30,
    });
  });

  it("GIVEN development WHEN synthesized THEN most tasks run on Fargate Spot", () => {
    const [service] = listOf(
      synthesized("development").json,
      "aws_ecs_service",
    );
    const weight = (provider: string) =>
      service.capacity_provider_strategy.find(
        (s: { capacity_provider: string }) => s.capacity_provider === provider,
      );
    expect(weight("FARGATE_SPOT").weight).toBeGreaterThan(
      weight("FARGATE").weight,
    );
    expect(
      service.capacity_provider_strategy.every(
        (s: { base: number }) => s.base === 0,
      ),
    ).toBe(true);
  });

  it("GIVEN production WHEN synthesized THEN a base of 2 tasks stays on on-demand FARGATE", () => {
    const [service] = listOf(synthesized("production").json, "aws_ecs_service");
    expect(service.capacity_provider_strategy).toContainEqual({
      capacity_provider: "FARGATE",
      base: 2,
      weight: 1,
    });
  });

  it("GIVEN development and production WHEN synthesized THEN ECS Exec is on in development only and the root filesystem read-only in production", () => {
    const row = (env: EnvironmentName) => {
      const { json } = synthesized(env);
      return {
        exec: listOf(json, "aws_ecs_service")[0].enable_execute_command,
        readonlyRoot: containerOf(json).readonlyRootFilesystem,
      };
    };
    expect({
      development: row("development"),
      production: row("production"),
    }).toEqual({
      development: { exec: true, readonlyRoot: false },
      production: { exec: false, readonlyRoot: true },
    });
  });

  it("GIVEN development and production WHEN synthesized THEN deletion protection and access logs are on in production only", () => {
    const row = (env: EnvironmentName) => {
      const { json } = synthesized(env);
      const [lb] = listOf(json, "aws_lb");
      return {
        deletionProtection: lb.enable_deletion_protection,
        accessLogs: lb.access_logs?.enabled ?? false,
        buckets: listOf(json, "aws_s3_bucket").length,
      };
    };
    expect({
      development: row("development"),
      production: row("production"),
    }).toEqual({
      development: { deletionProtection: false, accessLogs: false, buckets: 0 },
      production: { deletionProtection: true, accessLogs: true, buckets: 1 },
    });
  });

  it("GIVEN each environment WHEN synthesized THEN only production's registry refuses to be destroyed with images in it", () => {
    const forceDelete = (env: EnvironmentName) =>
      listOf(synthesized(env).json, "aws_ecr_repository")[0].force_delete;
    expect({
      development: forceDelete("development"),
      staging: forceDelete("staging"),
      production: forceDelete("production"),
    }).toEqual({ development: true, staging: true, production: false });
  });

  it("GIVEN production WHEN synthesized THEN the access log bucket's name holds account and region", () => {
    expect(
      listOf(synthesized("production").json, "aws_s3_bucket")[0].bucket,
    ).toBe("financial-pipeline-production-alb-logs-333333333333-af-south-1");
  });

  it("GIVEN production WHEN synthesized THEN the container runs as the configured non-root user", () => {
    expect(containerOf(synthesized("production").json).user).toBe(
      PIPELINE_CONFIG.environments.production.api.containerUser,
    );
  });

  // ------------------------------------------------------------ wiring
  it("GIVEN the image_tag variable WHEN synthesized THEN its default is the configured tag and the container image uses it", () => {
    const { json } = synthesized("production");
    const [repository] = Object.keys(json.resource.aws_ecr_repository);
    expect(json.variable.image_tag).toMatchObject({
      type: "string",
      default: PIPELINE_CONFIG.environments.production.api.imageTag,
    });
    expect(containerOf(json).image).toBe(
      `\${aws_ecr_repository.${repository}.repository_url}:\${var.image_tag}`,
    );
  });

  it("GIVEN the database stack WHEN synthesized THEN host (its proxy), port and name come from its outputs", () => {
    const s = synthesized("production");
    const environment = Object.fromEntries(
      containerOf(s.json).environment.map(
        (e: { name: string; value: string }) => [e.name, e.value],
      ),
    );
    const databaseStack = "financial-pipeline-production-database";
    const instance = Object.keys(
      s.stacks[databaseStack].resource.aws_db_instance,
    )[0];
    const producerOf = (value: string) => {
      const match = REMOTE.exec(value);
      return match
        ? [match[1], s.stacks[match[1]].output[match[2]].value]
        : [value];
    };
    const proxy = Object.keys(s.stacks[databaseStack].resource.aws_db_proxy)[0];
    expect({
      host: producerOf(environment.DB_HOST),
      port: producerOf(environment.DB_PORT),
      name: producerOf(environment.DB_NAME),
    }).toEqual({
      host: [databaseStack, `\${aws_db_proxy.${proxy}.endpoint}`],
      port: [databaseStack, `\${aws_db_instance.${instance}.port}`],
      name: [databaseStack, `\${aws_db_instance.${instance}.db_name}`],
    });
  });

  it("GIVEN the proxy WHEN synthesized THEN the container receives no secret and connects as the application login with IAM", () => {
    const container = containerOf(synthesized("production").json);
    const environment = Object.fromEntries(
      container.environment.map((e: { name: string; value: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect({
      secrets: container.secrets ?? [],
      user: environment.DB_USER,
      iam: environment.DB_IAM_AUTH,
    }).toEqual({ secrets: [], user: "pipeline_app", iam: "true" });
  });

  it("GIVEN the proxy WHEN synthesized THEN the task role may connect as pipeline_app on that proxy only", () => {
    const s = synthesized("production");
    const [connect] = listOf(s.json, "aws_iam_role_policy").filter(
      (p) => p.name === "database-connect",
    );
    const role = referencedName(connect.role);
    // The policy is a Terraform template (the proxy's id is split out of its
    // ARN), so it is JSON only after Terraform evaluates it: stub the expression.
    const expression = /\$\{element\(split\(":", ([^)]+)\), 6\)\}/.exec(
      connect.policy,
    )!;
    const policy = JSON.parse(connect.policy.replace(expression[0], "PRX"));
    const resource = policy.Statement[0].Resource as string;
    const match = REMOTE.exec(`\${${expression[1]}}`)!;
    expect({
      action: policy.Statement.map((x: { Action: string }) => x.Action),
      role,
      resource,
      proxy: s.stacks[match[1]].output[match[2]].value,
    }).toEqual({
      action: ["rds-db:connect"],
      role: expect.stringMatching(/task-role/),
      resource:
        "arn:aws:rds-db:af-south-1:333333333333:dbuser:PRX/pipeline_app",
      proxy: expect.stringMatching(/^\$\{aws_db_proxy\..+\.arn\}$/),
    });
  });

  it("GIVEN the task definition WHEN synthesized THEN no credential is a plain environment value", () => {
    const names = containerOf(synthesized("production").json).environment.map(
      (e: { name: string }) => e.name,
    );
    expect(
      names.filter(
        // DB_USER names the login; it authenticates with an IAM token.
        (n: string) => /PASSWORD|SECRET|USER/i.test(n) && n !== "DB_USER",
      ),
    ).toEqual([]);
  });

  it("GIVEN the VPC stack WHEN synthesized THEN the ALB uses the public subnets and the tasks the private ones", () => {
    const s = synthesized("production");
    const [lb] = listOf(s.json, "aws_lb");
    const [service] = listOf(s.json, "aws_ecs_service");
    const tierOf = (ids: string[]) =>
      ids.map(
        (id) =>
          resolve(
            s.stacks,
            "financial-pipeline-production-vpc",
            REMOTE.exec(id) ? id : id,
          ) as string,
      );
    const vpc = s.stacks["financial-pipeline-production-vpc"];
    const cidrOf = (expression: string) => {
      const match = REMOTE.exec(expression)!;
      const [, , name] = LOCAL.exec(vpc.output[match[2]].value)!;
      return vpc.resource.aws_subnet[name].cidr_block;
    };
    expect(tierOf(lb.subnets)).toHaveLength(2);
    expect({
      alb: lb.subnets.map(cidrOf),
      tasks: service.network_configuration.subnets.map(cidrOf),
    }).toEqual({
      alb: [
        ...PIPELINE_CONFIG.environments.production.network.publicSubnetCidrs,
      ],
      tasks: [
        ...PIPELINE_CONFIG.environments.production.network.privateSubnetCidrs,
      ],
    });
  });

  it("GIVEN the environment's alarm topic WHEN synthesized THEN every SNS-notifying alarm goes to it", () => {
    const s = synthesized("production");
    const vpc = s.stacks["financial-pipeline-production-vpc"];
    const topic = Object.keys(vpc.resource.aws_sns_topic)[0];
    const notifying = listOf(s.json, "aws_cloudwatch_metric_alarm").filter(
      (a) => a.ok_actions,
    );
    // Six API alarms and the web ACL's blocked-requests alarm.
    expect(notifying).toHaveLength(7);
    for (const alarm of notifying) {
      const match = REMOTE.exec(alarm.alarm_actions[0])!;
      expect(vpc.output[match[2]].value).toBe(`\${aws_sns_topic.${topic}.arn}`);
    }
  });

  it("GIVEN the database WHEN synthesized THEN the dashboard charts its instance", () => {
    const s = synthesized("production");
    const [dashboard] = listOf(s.json, "aws_cloudwatch_dashboard");
    const body = JSON.parse(dashboard.dashboard_body);
    const rds = body.widgets
      .flatMap(
        (w: { properties: { metrics: unknown[][] } }) => w.properties.metrics,
      )
      .filter(
        (m: unknown[]) => m[0] === "AWS/RDS" && m[2] === "DBInstanceIdentifier",
      );
    const instance = Object.keys(
      s.stacks["financial-pipeline-production-database"].resource
        .aws_db_instance,
    )[0];
    expect(
      rds.map((m: unknown[]) => [
        m[1],
        resolve(s.stacks, "financial-pipeline-production-api", m[3]),
      ]),
    ).toEqual([
      [
        "DatabaseConnections",
        s.stacks["financial-pipeline-production-database"].resource
          .aws_db_instance[instance].identifier,
      ],
      [
        "ReadLatency",
        s.stacks["financial-pipeline-production-database"].resource
          .aws_db_instance[instance].identifier,
      ],
      [
        "WriteLatency",
        s.stacks["financial-pipeline-production-database"].resource
          .aws_db_instance[instance].identifier,
      ],
    ]);
  });

  it("GIVEN the database's proxy WHEN synthesized THEN the dashboard charts the proxy by its name", () => {
    const s = synthesized("production");
    const [dashboard] = listOf(s.json, "aws_cloudwatch_dashboard");
    const body = JSON.parse(dashboard.dashboard_body);
    const databaseStack = "financial-pipeline-production-database";
    const proxy = Object.values(
      s.stacks[databaseStack].resource.aws_db_proxy,
    )[0] as { name: string };
    expect(
      body.widgets
        .flatMap(
          (w: { properties: { metrics: unknown[][] } }) => w.properties.metrics,
        )
        .filter((m: unknown[]) => m[2] === "ProxyName")
        .map((m: unknown[]) => [
          m[1],
          resolve(s.stacks, "financial-pipeline-production-api", m[3]),
        ]),
    ).toEqual([
      ["ClientConnections", proxy.name],
      ["DatabaseConnections", proxy.name],
      ["DatabaseConnectionsBorrowLatency", proxy.name],
    ]);
  });

  it("GIVEN a deploy script WHEN synthesized THEN the outputs name the ALB, the URL, the repository, the cluster, the service and the data-source secrets", () => {
    const outputs = synthesized("production").json.output as Record<
      string,
      { value: string; description: string }
    >;
    expect(Object.keys(outputs).sort()).toEqual([
      "api_url",
      "data_source_secret_arn_jse",
      "data_source_secret_arn_ngx",
      "data_source_secret_arn_nse-kenya",
      "deployed_image_tag",
      "ecr_repository_url",
      "ecs_cluster_name",
      "ecs_service_name",
      "load_balancer_dns_name",
      "name_servers",
    ]);
    for (const output of Object.values(outputs))
      expect(output.description).toMatch(/\S/);
  });

  it("GIVEN production's domain and development's plain HTTP WHEN synthesized THEN api_url is the HTTPS domain and the ALB's port 8000", () => {
    const url = (env: EnvironmentName) =>
      (synthesized(env).json.output as Record<string, { value: string }>)
        .api_url.value;
    expect(url("production")).toBe(
      `https://${PIPELINE_CONFIG.environments.production.edge.domainName}`,
    );
    expect(url("development")).toMatch(
      /^http:\/\/\$\{aws_lb\.[^}]+\.dns_name\}:8000$/,
    );
  });

  // --------------------------------------------------- security group graph
  it("GIVEN production WHEN synthesized THEN the only inbound paths are internet -> ALB:80,443,8000 -> tasks:8000 -> database proxy:5432 -> database:5432", () => {
    expect(securityGroupGraph(synthesized("production")).ingress).toEqual([
      "0.0.0.0/0 -> sg:financial-pipeline-production-alb:443",
      "0.0.0.0/0 -> sg:financial-pipeline-production-alb:80",
      "0.0.0.0/0 -> sg:financial-pipeline-production-alb:8000",
      "sg:financial-pipeline-production-alb -> sg:financial-pipeline-production-api-tasks:8000",
      "sg:financial-pipeline-production-api-tasks -> sg:financial-pipeline-production-postgres-proxy:5432",
      "sg:financial-pipeline-production-postgres-proxy -> sg:financial-pipeline-production-postgres:5432",
    ]);
  });

  it("GIVEN production WHEN synthesized THEN the ALB reaches only the tasks, and the tasks only HTTPS and the database proxy", () => {
    expect(securityGroupGraph(synthesized("production")).egress).toEqual([
      "sg:financial-pipeline-production-alb -> sg:financial-pipeline-production-api-tasks:8000",
      "sg:financial-pipeline-production-api-tasks -> 0.0.0.0/0:443",
      "sg:financial-pipeline-production-api-tasks -> sg:financial-pipeline-production-postgres-proxy:5432",
      "sg:financial-pipeline-production-postgres-proxy -> sg:financial-pipeline-production-postgres:5432",
    ]);
  });

  it("GIVEN development with a certificate of its own WHEN synthesized THEN the internet also reaches the ALB on 80 and 443, and nothing else changes", () => {
    const config = configWith(
      (c) => (c.environments.development.api.certificateArn = CERTIFICATE),
    );
    expect(
      securityGroupGraph(synthEnvironment("development", config)).ingress,
    ).toEqual([
      "0.0.0.0/0 -> sg:financial-pipeline-development-alb:443",
      "0.0.0.0/0 -> sg:financial-pipeline-development-alb:80",
      "0.0.0.0/0 -> sg:financial-pipeline-development-alb:8000",
      "sg:financial-pipeline-development-alb -> sg:financial-pipeline-development-api-tasks:8000",
      "sg:financial-pipeline-development-api-tasks -> sg:financial-pipeline-development-postgres-proxy:5432",
      "sg:financial-pipeline-development-postgres-proxy -> sg:financial-pipeline-development-postgres:5432",
    ]);
  });

  it("GIVEN an extra egress entry WHEN synthesized THEN the tasks get exactly that extra outbound rule", () => {
    const config = configWith(
      (c) =>
        (c.environments.production.api.extraEgress = [
          {
            port: 5672,
            protocol: "tcp",
            cidrBlocks: ["10.50.0.0/16"],
            description: "Message broker of the market-data vendor",
          },
        ]),
    );
    const before = securityGroupGraph(synthesized("production")).egress;
    const after = securityGroupGraph(
      synthEnvironment("production", config),
    ).egress;
    expect(after.filter((e) => !before.includes(e))).toEqual([
      "sg:financial-pipeline-production-api-tasks -> 10.50.0.0/16:5672",
    ]);
  });

  it("GIVEN every security group and rule of the API stack WHEN synthesized THEN each has a description and no group has inline rules", () => {
    const { json } = synthesized("production");
    const items = [
      ...listOf(json, "aws_security_group"),
      ...listOf(json, "aws_vpc_security_group_ingress_rule"),
      ...listOf(json, "aws_vpc_security_group_egress_rule"),
    ];
    expect(items.filter((i) => !i.description)).toEqual([]);
    expect(
      listOf(json, "aws_security_group").filter(
        (g) => g.ingress !== undefined || g.egress !== undefined,
      ),
    ).toEqual([]);
  });

  // --------------------------------------------------------- scale-out time
  // The model: CloudWatch aggregates CPUUtilization into one-minute periods
  // and evaluates the alarm when a period is complete. Worst case, a
  // sustained rise begins just after a period starts, so that partial period
  // may average below the threshold; then `datapoints_to_alarm` full periods
  // must breach, and the alarm runs the step policy at once (a cooldown only
  // delays a policy's *next* scale-out, and scale-in cooldowns never block a
  // scale-out: https://docs.aws.amazon.com/autoscaling/application/userguide/step-scaling-policy-overview.html).
  // Left out, and not hidden in a margin: the delay before ECS's datapoint is
  // published and the alarm evaluated (typically seconds), and the time the
  // new task needs to start and pass its health checks.
  it("GIVEN a sustained CPU rise WHEN the synthesized step alarm and policy are evaluated THEN scale-out starts within 120 s of the rise's start (a partial minute, then the first full breaching minute), plus CloudWatch's publication delay", () => {
    const { json } = synthesized("production");
    const policies = json.resource.aws_appautoscaling_policy as Record<
      string,
      StackJson
    >;
    const [stepName, step] = Object.entries(policies).find(
      ([, p]) => p.policy_type === "StepScaling",
    )!;
    const alarm = listOf(json, "aws_cloudwatch_metric_alarm").find((a) =>
      a.alarm_actions?.includes(
        `\${aws_appautoscaling_policy.${stepName}.arn}`,
      ),
    )!;
    const [target] = listOf(json, "aws_appautoscaling_target");
    const secondsToScaleOut = alarm.period * (1 + alarm.datapoints_to_alarm);
    const secondsToSecondStep =
      secondsToScaleOut +
      Math.max(step.step_scaling_policy_configuration.cooldown, alarm.period);
    expect({
      statistic: alarm.statistic,
      evaluationPeriods: alarm.evaluation_periods,
      adds: step.step_scaling_policy_configuration.step_adjustment[0]
        .scaling_adjustment,
      belowMax: target.max_capacity > target.min_capacity,
    }).toEqual({
      statistic: "Average",
      evaluationPeriods: alarm.datapoints_to_alarm,
      adds: 1,
      belowMax: true,
    });
    // 60 s × (1 + 1) = 120 s: the bound is met exactly, with no margin.
    expect(secondsToScaleOut).toBeLessThanOrEqual(120);
    expect(secondsToSecondStep).toBeLessThanOrEqual(180);
  });

  it("GIVEN the scaling policies WHEN synthesized THEN target tracking holds CPU and memory at the configured targets and alone scales in, and the step policy only scales out above the CPU target", () => {
    const { json } = synthesized("production");
    const api = PIPELINE_CONFIG.environments.production.api;
    const policies = listOf(json, "aws_appautoscaling_policy");
    const tracking = policies
      .filter((p) => p.policy_type === "TargetTrackingScaling")
      .map((p) => p.target_tracking_scaling_policy_configuration)
      .map((c) => ({
        metric: c.predefined_metric_specification.predefined_metric_type,
        target: c.target_value,
        scaleOutCooldown: c.scale_out_cooldown,
        scaleInCooldown: c.scale_in_cooldown,
        scalesIn: c.disable_scale_in === false,
      }))
      .sort((a, b) => a.metric.localeCompare(b.metric));
    const cooldowns = {
      scaleOutCooldown: api.scaleOutCooldownSeconds,
      scaleInCooldown: api.scaleInCooldownSeconds,
      scalesIn: true,
    };
    expect(tracking).toEqual([
      {
        metric: "ECSServiceAverageCPUUtilization",
        target: api.cpuTargetPercent,
        ...cooldowns,
      },
      {
        metric: "ECSServiceAverageMemoryUtilization",
        target: api.memoryTargetPercent,
        ...cooldowns,
      },
    ]);
    const steps = policies.filter((p) => p.policy_type === "StepScaling");
    expect(steps).toHaveLength(1);
    const adjustments = steps[0].step_scaling_policy_configuration
      .step_adjustment as StackJson[];
    expect(
      adjustments.every(
        (a) =>
          a.scaling_adjustment > 0 &&
          Number(a.metric_interval_lower_bound) >= 0,
      ),
    ).toBe(true);
    const [stepAlarm] = listOf(json, "aws_cloudwatch_metric_alarm").filter(
      (a) => a.metric_name === "CPUUtilization" && !a.ok_actions,
    );
    expect(stepAlarm.threshold).toBeGreaterThan(api.cpuTargetPercent);
  });

  // ------------------------------------------------------- offline plan
  const itWithTerraform = terraformReady() ? it : it.skip;
  const PLANNED = ["development", "production"] as const;
  const plans: Partial<Record<(typeof PLANNED)[number], PlanJson>> = {};
  describe("offline plan", () => {
    // The offline plans of every stack are made once per run (shared with the
    // other plan tests): wait for them here, not within one test's timeout.
    beforeAll(async () => {
      if (!terraformReady()) return;
      for (const environment of PLANNED)
        plans[environment] = await readPlan(
          `financial-pipeline-${environment}-api`,
        );
    }, 15 * 60_000);

    itWithTerraform.each(PLANNED)(
      "GIVEN the offline plan of the %s API stack WHEN read THEN Terraform holds the document's sizes and health checks",
      (environment) => {
        const plan = plans[environment]!;
        type Change = { type: string; change: { after: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any
        const after = (type: string) =>
          (plan.resource_changes as Change[]).find((c) => c.type === type)!
            .change.after;
        const api = PIPELINE_CONFIG.environments[environment].api;
        expect({
          cpu: after("aws_ecs_task_definition").cpu,
          memory: after("aws_ecs_task_definition").memory,
          desired: after("aws_ecs_service").desired_count,
          min: after("aws_appautoscaling_target").min_capacity,
          max: after("aws_appautoscaling_target").max_capacity,
          healthCheck: after("aws_lb_target_group").health_check[0].path,
        }).toEqual({
          cpu: String(api.cpu),
          memory: String(api.memoryMiB),
          desired: api.desiredCount,
          min: api.minCapacity,
          max: api.maxCapacity,
          healthCheck: "/health",
        });
      },
    );
  });

  // ------------------------------------------------------------ snapshots
  // One environment's full JSON; every stack's addresses are pinned by resource-addresses.test.ts.
  it("GIVEN production WHEN synthesized THEN the API stack matches its snapshot", () => {
    expect(synthesized("production").json).toMatchSnapshot();
  });
});
