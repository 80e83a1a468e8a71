/**
 * Read replicas in the stacks (issue 21, item 3): the scale-out profile
 * synthesizes production with one replica of the primary, with its
 * encryption, parameter group, monitoring and a lag alarm, and the API reads
 * from it through DB_READ_HOST (its access: database-reader.test.ts). No applied configuration has a replica
 * (gap rds-shared-resource-id), so the synthesized JSON is the proof here.
 */
import { loadConfig, PIPELINE_CONFIG } from "../../config";
import { applyProfile } from "../../config/profiles";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { synthEnvironmentStacks } from "../support/environment-synth";
import { resourcesOf } from "../support/synth";

const scaleOut = loadConfig(applyProfile(PIPELINE_CONFIG, "scale-out"), [
  "production",
]).environments[0];
const production = synthEnvironmentStacks(
  {
    ...PIPELINE_CONFIG,
    environments: {
      ...PIPELINE_CONFIG.environments,
      production: scaleOut,
    },
  },
  "production",
);

/** The instances of the database stack: [name, config], the primary first. */
function instances(json: StackJson): [string, StackJson][] {
  return Object.entries(resourcesOf(json, "aws_db_instance"));
}
const primaryOf = (json: StackJson) =>
  instances(json).find(([, i]) => i.replicate_source_db === undefined)!;
const replicasOf = (json: StackJson) =>
  instances(json).filter(([, i]) => i.replicate_source_db !== undefined);

/** The API container's environment variables. */
function containerEnvironment(api: StackJson): Record<string, string> {
  const [definition] = Object.values(
    resourcesOf(api, "aws_ecs_task_definition"),
  );
  const [container] = JSON.parse(definition.container_definitions);
  return Object.fromEntries(
    container.environment.map((e: { name: string; value: string }) => [
      e.name,
      e.value,
    ]),
  );
}

describe("read replicas in the database and API stacks", () => {
  it("GIVEN PIPELINE_PROFILE=scale-out WHEN production is synthesized THEN one replica replicates the primary", () => {
    const [primaryName, primary] = primaryOf(production.database);
    expect(
      replicasOf(production.database).map(([, r]) => [
        r.identifier,
        r.replicate_source_db,
      ]),
    ).toEqual([
      [
        `${primary.identifier}-replica-1`,
        `\${aws_db_instance.${primaryName}.identifier}`,
      ],
    ]);
  });

  it("GIVEN scale-out production WHEN synthesized THEN the replica has the primary's key, parameter group, class, monitoring and Performance Insights", () => {
    const [, primary] = primaryOf(production.database);
    const [[, replica]] = replicasOf(production.database);
    const keys = [
      "storage_encrypted",
      "kms_key_id",
      "parameter_group_name",
      "instance_class",
      "monitoring_interval",
      "monitoring_role_arn",
      "performance_insights_enabled",
      "performance_insights_kms_key_id",
      "performance_insights_retention_period",
      "ca_cert_identifier",
      "deletion_protection",
      "max_allocated_storage",
    ];
    const pick = (i: StackJson) => keys.map((k) => [k, i[k]]);
    expect(pick(replica)).toEqual(pick(primary));
    expect(primary.monitoring_interval).toBe(15);
  });

  it("GIVEN scale-out production WHEN synthesized THEN the replica keeps production's deletion protection and prevent_destroy, and takes no final snapshot", () => {
    const [[, replica]] = replicasOf(production.database);
    expect([
      replica.deletion_protection,
      replica.lifecycle.prevent_destroy,
      replica.skip_final_snapshot,
      replica.backup_retention_period,
    ]).toEqual([true, true, true, 0]);
  });

  it("GIVEN scale-out production WHEN synthesized THEN the replica's lag alarm notifies the environment's topic like the primary's alarms", () => {
    const alarms = Object.values(
      resourcesOf(production.database, "aws_cloudwatch_metric_alarm"),
    );
    const lag = alarms.filter((a) => a.metric_name === "ReplicaLag");
    const cpu = alarms.find((a) => a.metric_name === "CPUUtilization")!;
    const [[, replica]] = replicasOf(production.database);
    expect(
      lag.map((a) => [
        a.dimensions.DBInstanceIdentifier,
        a.alarm_actions,
        a.threshold,
      ]),
    ).toEqual([[replica.identifier, cpu.alarm_actions, 60]]);
  });

  it("GIVEN scale-out production WHEN synthesized THEN the stack outputs the reader endpoint and the API task reads DB_READ_HOST from it", () => {
    const [[replicaName]] = replicasOf(production.database);
    expect(production.database.output.reader_endpoint_address.value).toBe(
      `\${aws_db_instance.${replicaName}.address}`,
    );
    const read = /\.outputs\.([^}]+)\}$/.exec(
      containerEnvironment(production.api).DB_READ_HOST,
    );
    expect(production.database.output[read![1]].value).toBe(
      `\${aws_db_instance.${replicaName}.address}`,
    );
  });

  it("GIVEN the checked-in configuration WHEN production is synthesized THEN no replica, no reader output and no DB_READ_HOST", () => {
    const plain = synthEnvironmentStacks(PIPELINE_CONFIG, "production");
    expect([
      replicasOf(plain.database).length,
      plain.database.output.reader_endpoint_address,
      containerEnvironment(plain.api).DB_READ_HOST,
    ]).toEqual([0, undefined, undefined]);
  });

  it("GIVEN two replicas in staging WHEN synthesized THEN DB_READ_HOST is the first one's address", () => {
    const staging = synthEnvironmentStacks(
      configWith((c) => (c.environments.staging.database.readReplicas = 2)),
      "staging",
    );
    const replicas = replicasOf(staging.database);
    expect(replicas.map(([, r]) => r.identifier)).toEqual([
      "financial-pipeline-staging-postgres-replica-1",
      "financial-pipeline-staging-postgres-replica-2",
    ]);
    expect(staging.database.output.reader_endpoint_address.value).toBe(
      `\${aws_db_instance.${replicas[0][0]}.address}`,
    );
  });
});
