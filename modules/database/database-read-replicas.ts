import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { sustainedAlarm } from "../observability/sustained-alarm";
import {
  checkDatabaseTelemetryProps,
  DatabaseTelemetry,
  POSTGRES_LOG_EXPORTS,
} from "./database-telemetry";

/** Most read replicas RDS for PostgreSQL allows per source instance. */
export const MAX_READ_REPLICAS_PER_SOURCE = 15;

/** `<prefix>-replica-<n>` must stay within RDS's 63 characters: at most 52 for the prefix. */
const PREFIX_PATTERN = /^[a-z](?!.*--)[a-z0-9-]{0,50}[a-z0-9]$/;

/** Properties of {@link DatabaseReadReplicas}. */
export interface DatabaseReadReplicasProps {
  /**
   * The source instance's identifier (`replicate_source_db`; same region).
   * Pass the instance's `identifier` attribute, so the replicas follow it.
   */
  readonly sourceIdentifier: string;
  /**
   * Start of the replicas' identifiers, `<prefix>-replica-<n>` (n from 1),
   * also of their log groups and alarm names: usually the source's
   * identifier as a plain string. At most 52 characters.
   */
  readonly identifierPrefix: string;
  /**
   * Number of replicas (0 to {@link MAX_READ_REPLICAS_PER_SOURCE}).
   * @default 1
   */
  readonly count?: number;
  /** Instance class of every replica; the source's, so a replica can take its load after a promotion. */
  readonly instanceClass: string;
  /** KMS key (ARN) of the source's storage: the replicas' storage and Performance Insights. */
  readonly kmsKeyArn: string;
  /** The source's parameter group (TLS required, slow-query logging, `max_connections`). */
  readonly parameterGroupName: string;
  /**
   * VPC of the replicas' own security group: the source's (a same-region
   * replica sits in its source's DB subnet group).
   */
  readonly vpcId: string;
  /** Account of the replicas (their log groups' telemetry). */
  readonly accountId: string;
  /** KMS key (ARN) of the replicas' exported log groups. */
  readonly logKmsKeyArn: string;
  /**
   * Retention of the replicas' exported log groups, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Enhanced Monitoring interval, seconds (0 turns it off).
   * @default 0
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Enhanced Monitoring role (ARN): the source's; required when the interval is above 0.
   * @default - none
   */
  readonly monitoringRoleArn?: string;
  /**
   * Performance Insights retention, days (7, or a multiple of 31 up to 731).
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Ceiling of storage autoscaling, GiB: the source's, so a replica grows as its source does.
   * @default - no storage autoscaling
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * RDS deletion protection of each replica.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Terraform `prevent_destroy` on each replica.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Apply changes during the deploy instead of in the maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * IAM database authentication on the replicas.
   * @default false
   */
  readonly iamAuthentication?: boolean;
  /** SNS topic (ARN) of the replica-lag alarms, when they fire and when they recover. */
  readonly alarmTopicArn: string;
  /**
   * `ReplicaLag` maximum above which a replica's alarm fires (for 15 minutes), seconds.
   * @default 60
   */
  readonly replicaLagThresholdSeconds?: number;
}

/** Checks {@link DatabaseReadReplicasProps} as RDS would; undefined props are skipped. */
export function checkDatabaseReadReplicasProps(
  report: PropReport,
  props: Partial<DatabaseReadReplicasProps>,
): void {
  const checks = new PropChecks(report);
  checks.wholeNumber("count", props.count, 0, MAX_READ_REPLICAS_PER_SOURCE);
  checks.matches(
    "identifierPrefix",
    props.identifierPrefix,
    PREFIX_PATTERN,
    "must be 2-52 lower-case letters, digits and single hyphens, starting with a letter (room for -replica-<n> in RDS's 63 characters)",
  );
  checkDatabaseTelemetryProps(report, props);
  checks.check(
    "monitoringRoleArn",
    props.monitoringIntervalSeconds,
    (interval) => interval === 0 || props.monitoringRoleArn !== undefined,
    "must be set when monitoringIntervalSeconds is above 0",
  );
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
  checks.check(
    "performanceInsightsRetentionDays",
    props.performanceInsightsRetentionDays,
    (d) => d === 7 || (Number.isInteger(d) && d % 31 === 0 && d <= 731),
    "must be 7, or a multiple of 31 up to 731",
  );
  checks.wholeNumber(
    "maxAllocatedStorageGiB",
    props.maxAllocatedStorageGiB,
    20,
    65536,
  );
  checks.check(
    "replicaLagThresholdSeconds",
    props.replicaLagThresholdSeconds,
    (s) => s > 0,
    "must be positive",
  );
}

/**
 * Same-region read replicas of an RDS PostgreSQL instance, each with the
 * source's class, key, parameter group, Enhanced Monitoring and Performance
 * Insights, its own encrypted log groups (created first, like the source's)
 * and a `ReplicaLag` alarm.
 *
 * The replicas share one security group of their own, with no outbound rule
 * and no inbound rule: readers add theirs to {@link DatabaseReadReplicas.securityGroupId},
 * so the source's clients (the proxy, the migration path) do not reach the
 * replicas, and the replicas' readers do not reach the source.
 *
 * Single-AZ, no automated backups of their own (the source keeps them),
 * and no final snapshot: RDS refuses one for a replica
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html).
 * The source needs automated backups (retention above 0) to have replicas.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html
 */
export class DatabaseReadReplicas extends Construct {
  /** The replicas, in order (`<prefix>-replica-1` first). */
  public readonly instances: DbInstance[] = [];
  /** Their identifiers (plain strings, the `DBInstanceIdentifier` dimension). */
  public readonly identifiers: string[] = [];
  /** Their log groups and (no) monitoring roles, in order. */
  public readonly telemetry: DatabaseTelemetry[] = [];
  /** The replica-lag alarm of each replica, in order. */
  public readonly lagAlarms: CloudwatchMetricAlarm[] = [];
  /** DNS name of the first replica, where readers connect; undefined without replicas. */
  public readonly readerAddress?: string;
  /** The replicas' security group; undefined without replicas. */
  public readonly securityGroup?: SecurityGroup;
  /** Its id: readers add their ingress rule to it; undefined without replicas. */
  public readonly securityGroupId?: string;
  public readonly replicaLagThresholdSeconds: number;

  constructor(scope: Construct, id: string, props: DatabaseReadReplicasProps) {
    super(scope, id);
    const count = props.count ?? 1;
    const monitoringIntervalSeconds = props.monitoringIntervalSeconds ?? 0;
    const performanceInsightsRetentionDays =
      props.performanceInsightsRetentionDays ?? 7;
    const preventDestroy = props.preventDestroy ?? true;
    this.replicaLagThresholdSeconds = props.replicaLagThresholdSeconds ?? 60;
    checkDatabaseReadReplicasProps(
      throwOnBadProp(`DatabaseReadReplicas ${id}`),
      {
        ...props,
        count,
        monitoringIntervalSeconds,
        performanceInsightsRetentionDays,
        replicaLagThresholdSeconds: this.replicaLagThresholdSeconds,
      },
    );

    if (count > 0) {
      const name = `${props.identifierPrefix}-replicas`;
      // `egress = []` removes the allow-all rule AWS adds to a new group.
      this.securityGroup = new SecurityGroup(this, "security-group", {
        name,
        description: `PostgreSQL read replicas ${name}: inbound only by explicit rules, no outbound`,
        vpcId: props.vpcId,
        egress: [],
        tags: { Name: name },
      });
      this.securityGroupId = this.securityGroup.id;
    }
    for (let n = 1; n <= count; n++) {
      const identifier = `${props.identifierPrefix}-replica-${n}`;
      const telemetry = new DatabaseTelemetry(this, `telemetry-${n}`, {
        instanceIdentifier: identifier,
        accountId: props.accountId,
        logKmsKeyArn: props.logKmsKeyArn,
        logRetentionDays: props.logRetentionDays,
        // The source's role serves the replicas: no role of their own.
        monitoringIntervalSeconds: 0,
      });
      const replica = new DbInstance(this, `replica-${n}`, {
        identifier,
        // Same region: the source's identifier. Engine, version, storage
        // size, database name and master user come from the source.
        replicateSourceDb: props.sourceIdentifier,
        instanceClass: props.instanceClass,
        storageType: "gp3",
        maxAllocatedStorage: props.maxAllocatedStorageGiB,
        storageEncrypted: true,
        kmsKeyId: props.kmsKeyArn,
        parameterGroupName: props.parameterGroupName,
        vpcSecurityGroupIds: [this.securityGroup!.id],
        publiclyAccessible: false,
        multiAz: false,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: true,
        iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? false,
        // The source keeps the backups; a replica's own are not needed for
        // a same-region replica and cost storage.
        backupRetentionPeriod: 0,
        copyTagsToSnapshot: true,
        deletionProtection: props.deletionProtection ?? true,
        skipFinalSnapshot: true,
        applyImmediately: props.applyImmediately ?? false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.kmsKeyArn,
        performanceInsightsRetentionPeriod: performanceInsightsRetentionDays,
        monitoringInterval: monitoringIntervalSeconds,
        monitoringRoleArn:
          monitoringIntervalSeconds > 0 ? props.monitoringRoleArn : undefined,
        enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
        dependsOn: Object.values(telemetry.logGroups),
        lifecycle: { preventDestroy },
        tags: { Name: identifier },
      });
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Monitoring.html
      const alarm = sustainedAlarm(this, `lag-alarm-${n}`, {
        alarmName: `${identifier}-lag-high`,
        description: `Replica ${identifier} more than ${this.replicaLagThresholdSeconds} s behind its source for 15 minutes: its readers see stale data. Check the source's write load and the replica's CPU and I/O; readers can go back to DB_HOST meanwhile.`,
        namespace: "AWS/RDS",
        metricName: "ReplicaLag",
        dimensions: { DBInstanceIdentifier: identifier },
        statistic: "Maximum",
        threshold: this.replicaLagThresholdSeconds,
        // Like the source's capacity alarms: a gap (reboot, creation) keeps the state.
        treatMissingData: "missing",
        topicArn: props.alarmTopicArn,
      });
      this.identifiers.push(identifier);
      this.telemetry.push(telemetry);
      this.instances.push(replica);
      this.lagAlarms.push(alarm);
    }
    this.readerAddress = this.instances[0]?.address;
  }
}
