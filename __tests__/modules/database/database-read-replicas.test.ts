import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseReadReplicas,
  DatabaseReadReplicasProps,
} from "../../../modules/database/database-read-replicas";
import { listOf, parse, resourcesOf } from "../../support/synth";

const TOPIC = "arn:aws:sns:af-south-1:123456789012:alarms";
const KEY = "arn:aws:kms:af-south-1:123456789012:key/db";

function synthReplicas(overrides: Partial<DatabaseReadReplicasProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new DatabaseReadReplicas(scope, "replicas", {
        sourceIdentifier: "test-postgres",
        identifierPrefix: "test-postgres",
        instanceClass: "db.t3.medium",
        kmsKeyArn: KEY,
        parameterGroupName: "test-postgres-postgres16-x",
        vpcId: "vpc-1",
        accountId: "123456789012",
        logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/logs",
        alarmTopicArn: TOPIC,
        monitoringIntervalSeconds: 15,
        monitoringRoleArn: "arn:aws:iam::123456789012:role/test-monitoring",
        ...overrides,
      });
    }),
  );
}

describe("DatabaseReadReplicas", () => {
  it("GIVEN count 2 WHEN synthesized THEN two instances replicate the source, named -replica-1 and -replica-2", () => {
    const replicas = listOf(synthReplicas({ count: 2 }), "aws_db_instance");
    expect(replicas.map((r) => [r.identifier, r.replicate_source_db])).toEqual([
      ["test-postgres-replica-1", "test-postgres"],
      ["test-postgres-replica-2", "test-postgres"],
    ]);
  });

  it("GIVEN the source's key, parameter group and class WHEN synthesized THEN each replica uses them, encrypted", () => {
    const [replica] = listOf(synthReplicas(), "aws_db_instance");
    expect(replica).toMatchObject({
      storage_encrypted: true,
      kms_key_id: KEY,
      parameter_group_name: "test-postgres-postgres16-x",
      instance_class: "db.t3.medium",
      publicly_accessible: false,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
    });
  });

  it("GIVEN two replicas WHEN synthesized THEN both are in one security group of their own, in the VPC, with no outbound and no inbound rule", () => {
    const json = synthReplicas({ count: 2 });
    const groups = Object.entries(resourcesOf(json, "aws_security_group"));
    expect(
      groups.map(([, g]) => [g.name, g.vpc_id, g.egress, g.ingress]),
    ).toEqual([["test-postgres-replicas", "vpc-1", [], undefined]]);
    expect(
      listOf(json, "aws_db_instance").map((r) => r.vpc_security_group_ids),
    ).toEqual([
      [`\${aws_security_group.${groups[0][0]}.id}`],
      [`\${aws_security_group.${groups[0][0]}.id}`],
    ]);
    expect(listOf(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
  });

  it("GIVEN the source's monitoring WHEN synthesized THEN the replica has the same Enhanced Monitoring role and interval and Performance Insights on the source's key", () => {
    const [replica] = listOf(synthReplicas(), "aws_db_instance");
    expect(replica).toMatchObject({
      monitoring_interval: 15,
      monitoring_role_arn: "arn:aws:iam::123456789012:role/test-monitoring",
      performance_insights_enabled: true,
      performance_insights_kms_key_id: KEY,
      performance_insights_retention_period: 7,
    });
  });

  it("GIVEN a replica WHEN synthesized THEN it is Single-AZ with no backups of its own and no final snapshot (RDS refuses one for a replica)", () => {
    const [replica] = listOf(synthReplicas(), "aws_db_instance");
    expect([
      replica.multi_az,
      replica.backup_retention_period,
      replica.skip_final_snapshot,
      replica.final_snapshot_identifier,
    ]).toEqual([false, 0, true, undefined]);
  });

  it("GIVEN deletion protection and prevent_destroy off WHEN synthesized THEN the replica follows them", () => {
    const [replica] = listOf(
      synthReplicas({ deletionProtection: false, preventDestroy: false }),
      "aws_db_instance",
    );
    expect([
      replica.deletion_protection,
      replica.lifecycle.prevent_destroy,
    ]).toEqual([false, false]);
  });

  it("GIVEN a replica WHEN synthesized THEN its log groups are created first, encrypted, and no monitoring role of its own", () => {
    const json = synthReplicas();
    const groups = listOf(json, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual([
      "/aws/rds/instance/test-postgres-replica-1/postgresql",
      "/aws/rds/instance/test-postgres-replica-1/upgrade",
    ]);
    expect(groups.every((g) => g.kms_key_id !== undefined)).toBe(true);
    expect(listOf(json, "aws_db_instance")[0].depends_on).toHaveLength(2);
    expect(listOf(json, "aws_iam_role")).toEqual([]);
  });

  it("GIVEN two replicas WHEN synthesized THEN each has a ReplicaLag alarm on the topic, 60 s by default", () => {
    const alarms = listOf(
      synthReplicas({ count: 2 }),
      "aws_cloudwatch_metric_alarm",
    );
    expect(
      alarms.map((a) => [
        a.alarm_name,
        a.metric_name,
        a.dimensions.DBInstanceIdentifier,
        a.statistic,
        a.comparison_operator,
        a.threshold,
        a.alarm_actions,
        a.ok_actions,
      ]),
    ).toEqual(
      [1, 2].map((n) => [
        `test-postgres-replica-${n}-lag-high`,
        "ReplicaLag",
        `test-postgres-replica-${n}`,
        "Maximum",
        "GreaterThanThreshold",
        60,
        [TOPIC],
        [TOPIC],
      ]),
    );
  });

  it("GIVEN a lag threshold of 300 s WHEN synthesized THEN the alarm fires above 300", () => {
    const [alarm] = listOf(
      synthReplicas({ replicaLagThresholdSeconds: 300 }),
      "aws_cloudwatch_metric_alarm",
    );
    expect(alarm.threshold).toBe(300);
  });

  it("GIVEN count 0 WHEN synthesized THEN nothing is created", () => {
    expect(synthReplicas({ count: 0 }).resource).toBeUndefined();
  });

  it.each([
    [{ count: 16 }, /count = 16: must be a whole number from 0 to 15/],
    [
      { identifierPrefix: "a".repeat(53) },
      /identifierPrefix = "a{53}": must be 2-52/,
    ],
    [
      { monitoringIntervalSeconds: 60, monitoringRoleArn: undefined },
      /monitoringRoleArn = 60: must be set when monitoringIntervalSeconds is above 0/,
    ],
    [
      { replicaLagThresholdSeconds: 0 },
      /replicaLagThresholdSeconds = 0: must be positive/,
    ],
    [
      { performanceInsightsRetentionDays: 30 },
      /performanceInsightsRetentionDays = 30: must be 7, or a multiple of 31/,
    ],
  ] as const)(
    "GIVEN bad props %p WHEN constructed THEN the error names the prop",
    (overrides, message) => {
      expect(() => synthReplicas(overrides)).toThrow(message);
    },
  );
});
