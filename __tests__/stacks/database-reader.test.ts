/**
 * The read path to the replicas (issue 21, item 3): with replicas, the API
 * tasks reach them directly as pipeline_reader (their own security group,
 * IAM authentication, rds-db:connect on each replica); without, none of it
 * exists. The synthesized JSON is the proof (gap rds-shared-resource-id).
 */
import { loadConfig, PIPELINE_CONFIG } from "../../config";
import { applyProfile } from "../../config/profiles";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { synthEnvironmentStacks } from "../support/environment-synth";
import { listOf, referencedName, resourcesOf } from "../support/synth";

const scaleOut = loadConfig(applyProfile(PIPELINE_CONFIG, "scale-out"), [
  "production",
]).environments[0];
const production = synthEnvironmentStacks(
  {
    ...PIPELINE_CONFIG,
    environments: { ...PIPELINE_CONFIG.environments, production: scaleOut },
  },
  "production",
);

/** A remote-state read of the database stack, as the value of that stack's output. */
function resolve(stacks: Record<string, StackJson>, value: unknown): unknown {
  const read =
    /^\$\{data\.terraform_remote_state\.[^.]+-database\.outputs\.([^}]+)\}$/.exec(
      String(value),
    );
  return read === null ? value : stacks.database.output[read[1]].value;
}

/** `${aws_security_group.<name>.id}` of the replicas' group in the database stack. */
function replicaGroupOf(stacks: Record<string, StackJson>): string {
  const [name] = Object.entries(
    resourcesOf(stacks.database, "aws_security_group"),
  ).find(([, g]) => /-replicas$/.test(g.name))!;
  return `\${aws_security_group.${name}.id}`;
}

/** The API container's environment variables. */
function apiEnvironment(api: StackJson): Record<string, string> {
  const [definition] = listOf(api, "aws_ecs_task_definition");
  const [container] = JSON.parse(definition.container_definitions);
  return Object.fromEntries(
    container.environment.map((e: { name: string; value: string }) => [
      e.name,
      e.value,
    ]),
  );
}

/** The API task role's inline policy `name`, parsed, and the role it is on. */
function apiPolicy(api: StackJson, name: string) {
  const policy = listOf(api, "aws_iam_role_policy").find(
    (p) => p.name === name,
  );
  return policy && { role: policy.role, document: JSON.parse(policy.policy) };
}

describe("the API's reads on the read replicas", () => {
  it("GIVEN scale-out production WHEN synthesized THEN the replicas' group admits the API tasks' group on the database port, and no other rule in any stack names it", () => {
    const group = replicaGroupOf(production);
    const rules = Object.values(production).flatMap((stack) =>
      [
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
      ]
        .flatMap((type) => listOf(stack, type).map((r) => ({ type, r })))
        .filter(({ r }) => resolve(production, r.security_group_id) === group)
        .map(({ type, r }) => [
          type,
          r.referenced_security_group_id,
          r.cidr_ipv4,
          resolve(production, r.from_port),
          resolve(production, r.to_port),
        ]),
    );
    const [service] = Object.keys(
      resourcesOf(production.api, "aws_security_group"),
    ).filter((n) => n.startsWith("service_"));
    const [[primary]] = Object.entries(
      resourcesOf(production.database, "aws_db_instance"),
    ).filter(([, i]) => i.replicate_source_db === undefined);
    const port = `\${aws_db_instance.${primary}.port}`;
    expect(rules).toEqual([
      [
        "aws_vpc_security_group_ingress_rule",
        `\${aws_security_group.${service}.id}`,
        undefined,
        port,
        port,
      ],
    ]);
  });

  it("GIVEN scale-out production WHEN synthesized THEN the replicas are only in their own group, which has no outbound rule", () => {
    const group = replicaGroupOf(production);
    const [, replicaGroup] = Object.entries(
      resourcesOf(production.database, "aws_security_group"),
    ).find(([, g]) => /-replicas$/.test(g.name))!;
    const replicas = listOf(production.database, "aws_db_instance").filter(
      (i) => i.replicate_source_db !== undefined,
    );
    expect({
      groups: replicas.map((r) => r.vpc_security_group_ids),
      egress: replicaGroup.egress,
    }).toEqual({ groups: [[group]], egress: [] });
  });

  it("GIVEN scale-out production WHEN synthesized THEN IAM database authentication is on for the replicas", () => {
    const replicas = listOf(production.database, "aws_db_instance").filter(
      (i) => i.replicate_source_db !== undefined,
    );
    expect(replicas.map((r) => r.iam_database_authentication_enabled)).toEqual([
      true,
    ]);
  });

  it("GIVEN two replicas in staging WHEN synthesized THEN the API task role may rds-db:connect exactly as pipeline_reader on each replica", () => {
    const staging = synthEnvironmentStacks(
      configWith((c) => (c.environments.staging.database.readReplicas = 2)),
      "staging",
    );
    const connect = apiPolicy(staging.api, "database-read-connect")!;
    const replicas = Object.keys(
      resourcesOf(staging.database, "aws_db_instance"),
    ).filter((n) => n.startsWith("read-replicas_"));
    const resourceId = (arn: string) =>
      resolve(staging, /dbuser:(\$\{[^}]+\})\//.exec(arn)![1]);
    const statements = connect.document.Statement;
    expect({
      role: referencedName(connect.role),
      actions: statements.map((s: { Action: string }) => s.Action),
      arns: statements[0].Resource.map((arn: string) =>
        arn.replace(/dbuser:\$\{[^}]+\}/, "dbuser:ID"),
      ),
      resourceIds: statements[0].Resource.map(resourceId),
    }).toEqual({
      role: expect.stringMatching(/^service_roles_task-role/),
      actions: ["rds-db:connect"],
      arns: [
        "arn:aws:rds-db:af-south-1:222222222222:dbuser:ID/pipeline_reader",
        "arn:aws:rds-db:af-south-1:222222222222:dbuser:ID/pipeline_reader",
      ],
      resourceIds: replicas.map((n) => `\${aws_db_instance.${n}.resource_id}`),
    });
  });

  it("GIVEN scale-out production WHEN synthesized THEN the API task reads the first replica on the database port as pipeline_reader with IAM", () => {
    const environment = apiEnvironment(production.api);
    const [replica] = Object.keys(
      resourcesOf(production.database, "aws_db_instance"),
    ).filter((n) => n.startsWith("read-replicas_"));
    expect({
      host: resolve(production, environment.DB_READ_HOST),
      port: environment.DB_READ_PORT,
      user: environment.DB_READ_USER,
      iam: environment.DB_READ_IAM_AUTH,
    }).toEqual({
      host: `\${aws_db_instance.${replica}.address}`,
      port: environment.DB_PORT,
      user: "pipeline_reader",
      iam: "true",
    });
  });

  it("GIVEN the checked-in configuration WHEN production is synthesized THEN no replicas' group, no rule to it, no reader policy and no DB_READ_ variable", () => {
    const plain = synthEnvironmentStacks(PIPELINE_CONFIG, "production");
    expect({
      groups: listOf(plain.database, "aws_security_group")
        .map((g) => g.name)
        .filter((n) => /-replicas$/.test(n)),
      rules: listOf(plain.api, "aws_vpc_security_group_ingress_rule")
        .map((r) => r.description)
        .filter((d) => /reads/.test(d)),
      policy: apiPolicy(plain.api, "database-read-connect"),
      variables: Object.keys(apiEnvironment(plain.api)).filter((n) =>
        n.startsWith("DB_READ_"),
      ),
    }).toEqual({ groups: [], rules: [], policy: undefined, variables: [] });
  });
});
