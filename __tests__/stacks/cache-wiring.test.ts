/**
 * The cache wired into an environment: created by the database stack when
 * `cache.enabled`, reached by the API tasks only, named in their
 * environment and their role.
 */
import { PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { synthEnvironmentStacks } from "../support/environment-synth";
import { listOf, referencedName } from "../support/synth";

/** Every stack of production (vpc, database, api, jobs) by layer. */
const synthProduction = (config: PipelineConfig) =>
  synthEnvironmentStacks(config, "production");

const enabled = synthProduction(
  configWith((c) => {
    c.environments.production.cache!.enabled = true;
  }),
);

/** The one container's environment variables of the API's task definition. */
function apiEnvironment(stacks: Record<string, StackJson>) {
  const [task] = listOf(stacks.api, "aws_ecs_task_definition");
  const [container] = JSON.parse(task.container_definitions);
  return Object.fromEntries(
    container.environment.map((e: { name: string; value: string }) => [
      e.name,
      e.value,
    ]),
  );
}

describe("the cache in an environment", () => {
  it("GIVEN the checked-in configuration WHEN production is synthesized THEN no stack has an ElastiCache resource and the API no CACHE_ variable", () => {
    const stacks = synthProduction(PIPELINE_CONFIG);
    expect({
      types: Object.values(stacks).flatMap((s) =>
        Object.keys(s.resource ?? {}).filter((t) =>
          t.startsWith("aws_elasticache"),
        ),
      ),
      variables: Object.keys(apiEnvironment(stacks)).filter((n) =>
        n.startsWith("CACHE_"),
      ),
    }).toEqual({ types: [], variables: [] });
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN the database stack holds a Multi-AZ group of the configured node type with one replica", () => {
    const [group] = listOf(
      enabled.database,
      "aws_elasticache_replication_group",
    );
    expect([
      group.replication_group_id,
      group.node_type,
      group.num_cache_clusters,
      group.multi_az_enabled,
      group.automatic_failover_enabled,
    ]).toEqual([
      "financial-pipeline-production-cache",
      PIPELINE_CONFIG.environments.production.cache!.nodeType,
      2,
      true,
      true,
    ]);
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN its nodes are in the database's isolated subnets", () => {
    const [cacheSubnets] = listOf(
      enabled.database,
      "aws_elasticache_subnet_group",
    );
    const [dbSubnets] = listOf(enabled.database, "aws_db_subnet_group");
    expect(cacheSubnets.subnet_ids).toEqual(dbSubnets.subnet_ids);
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN the cache's security group admits 6379 from the API tasks' group and nothing else", () => {
    const cacheGroup = listOf(
      enabled.database,
      "aws_elasticache_replication_group",
    )[0].security_group_ids[0];
    const cacheGroupOutput = Object.entries(enabled.database.output ?? {})
      .filter(([, o]) => (o as { value: string }).value === cacheGroup)
      .map(([name]) => name)[0];
    const ingress = [
      ...Object.values(enabled.api.resource ?? {}),
      ...Object.values(enabled.jobs.resource ?? {}),
    ]
      .flatMap((byName) => Object.values(byName as Record<string, StackJson>))
      .filter(
        (r) =>
          typeof r.security_group_id === "string" &&
          r.security_group_id.includes(`.outputs.${cacheGroupOutput}`),
      );
    const [service] = listOf(enabled.api, "aws_ecs_service");
    expect(
      ingress.map((r) => [
        r.from_port,
        r.to_port,
        r.referenced_security_group_id,
        r.cidr_ipv4,
      ]),
    ).toEqual([
      [6379, 6379, service.network_configuration.security_groups[0], undefined],
    ]);
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN the API tasks get the cache's primary endpoint as CACHE_HOST, with TLS and IAM authentication", () => {
    const env = apiEnvironment(enabled);
    const endpointOutput = Object.entries(enabled.database.output ?? {}).find(
      ([name, o]) =>
        name.startsWith("cross-stack-output-") &&
        /aws_elasticache_replication_group\.[^.]+\.primary_endpoint_address/.test(
          (o as { value: string }).value,
        ),
    )?.[0];
    expect({
      host: env.CACHE_HOST.includes(`.outputs.${endpointOutput}`),
      tls: env.CACHE_TLS,
      iam: env.CACHE_IAM_AUTH,
      user: env.CACHE_USER,
    }).toEqual({
      host: true,
      tls: "true",
      iam: "true",
      user: "financial-pipeline-production-cache-app",
    });
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN the API's task role may elasticache:Connect, and no other role may", () => {
    const connect = Object.values(enabled)
      .flatMap((s) => listOf(s, "aws_iam_role_policy"))
      .filter((p) => p.policy.includes("elasticache:Connect"));
    expect(connect.map((p) => referencedName(p.role))).toEqual([
      Object.entries(enabled.api.resource.aws_iam_role).find(([, r]) =>
        (r as { name: string }).name.endsWith("-api-task"),
      )?.[0],
    ]);
  });

  it("GIVEN production's cache enabled WHEN synthesized THEN each of its two nodes has three alarms on the environment's topic", () => {
    const alarms = listOf(enabled.database, "aws_cloudwatch_metric_alarm")
      .filter((a) => a.namespace === "AWS/ElastiCache")
      .map((a) => [a.dimensions.CacheClusterId, a.alarm_actions[0]]);
    // The database's own alarms notify the environment's topic.
    const topic = listOf(enabled.database, "aws_cloudwatch_metric_alarm").find(
      (a) => a.namespace === "AWS/RDS",
    )?.alarm_actions[0];
    expect(alarms.sort()).toEqual(
      [1, 1, 1, 2, 2, 2].map((n) => [
        `financial-pipeline-production-cache-00${n}`,
        topic,
      ]),
    );
  });
});
