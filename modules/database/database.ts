import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import {
  rdsKeyStatement,
  SECRETS_MANAGER_KEY_ACTIONS,
  viaServiceStatement,
} from "./database-key-policy";
import {
  checkDatabaseNetworkProps,
  DatabaseNetwork,
  DatabaseNetworkOptions,
} from "./database-network";
import {
  checkDatabaseParameterGroupProps,
  DatabaseParameterGroup,
  POSTGRES_MAJOR_VERSIONS,
} from "./database-parameter-group";
import {
  checkDatabaseTelemetryProps,
  DatabaseTelemetry,
  POSTGRES_LOG_EXPORTS,
} from "./database-telemetry";
import { EncryptionKey } from "../security/encryption-key";

const IDENTIFIER_PATTERN = /^[a-z](?!.*--)[a-z0-9-]{0,51}[a-z0-9]$/;
const DEFAULT_BACKUP_WINDOW = "00:00-00:30";
const DEFAULT_MAINTENANCE_WINDOW = "sun:01:00-sun:01:30";

/** Properties of a {@link Database}; the network ones are {@link DatabaseNetworkOptions}. */
export interface DatabaseProps extends DatabaseNetworkOptions {
  /**
   * RDS instance identifier, also the name of its security group, subnet
   * group, key alias and log groups, and the start of its parameter group's
   * name. Lower-case letters, digits and single hyphens, at most 53
   * characters (room for the `-monitoring` suffix of the 64-character IAM
   * role name).
   */
  readonly identifier: string;
  /** Account of the instance: its IAM administers the key. */
  readonly accountId: string;
  /** Region of the instance, for the key policy's service conditions. */
  readonly region: string;
  /**
   * PostgreSQL version: the major version only (e.g. `16`) while
   * `autoMinorVersionUpgrade` is on, `major.minor` when it is off. The
   * parameter group family follows the major.
   */
  readonly engineVersion: string;
  /**
   * Let RDS apply minor versions (security patches) in the maintenance
   * window (AWS FSBP RDS.13). With it on, `engineVersion` names the major
   * only: a pinned minor would leave Terraform trying to downgrade.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /** RDS instance class, e.g. `db.t3.medium`. */
  readonly instanceClass: string;
  /** KMS key (ARN) of the exported log groups; its policy must let CloudWatch Logs use it. */
  readonly logKmsKeyArn: string;
  /**
   * Storage allocated at creation, GiB (gp3).
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling of storage autoscaling, GiB; RDS wants at least 10 % above `allocatedStorageGiB`.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * A synchronous standby in a second availability zone.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Automated backup retention (point-in-time recovery window), days (0-35).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, UTC, `hh:mm-hh:mm`.
   * @default "00:00-00:30"
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`; must not overlap the backup window.
   * @default "sun:01:00-sun:01:30"
   */
  readonly maintenanceWindow?: string;
  /**
   * RDS deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * On deletion, take a final snapshot named `<identifier>-final` and keep
   * the automated backups until their retention ends.
   * @default true
   */
  readonly finalSnapshotOnDelete?: boolean;
  /**
   * Apply changes to the instance during the deploy instead of in the next
   * maintenance window. On for the deploy of a major engine upgrade, so that
   * the old parameter group is free to be deleted in the same apply.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Terraform `prevent_destroy` on the instance and its KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Enhanced Monitoring interval, seconds (0 turns it off).
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Retention of the exported log groups, days (a CloudWatch Logs value).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Rotate the RDS-managed master secret every N days (1-1000, Secrets Manager's range).
   * @default 7 - the schedule RDS sets itself
   */
  readonly secretRotationDays?: number;
  /**
   * Name of the database created with the instance.
   * @default "pipeline"
   */
  readonly databaseName?: string;
  /**
   * Master user name; its password is generated and kept by RDS in Secrets Manager.
   * @default "pipeline_admin"
   */
  readonly masterUsername?: string;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`), ms.
   * @default 500 - ten times the 50 ms p95 query target
   */
  readonly slowQueryThresholdMs?: number;
  /**
   * `max_connections` of the parameter group (static: an existing instance
   * takes a change at its next reboot).
   * @default - RDS's default, `LEAST(DBInstanceClassMemory / 9531392, 5000)`
   */
  readonly maxConnections?: number;
}

/**
 * RDS PostgreSQL in isolated subnets: encrypted with its own customer-managed
 * key, TLS enforced by a parameter group of the matching family, the master
 * password kept and rotated by RDS in Secrets Manager (never in Terraform),
 * Performance Insights, Enhanced Monitoring, and log exports into encrypted
 * log groups created before the instance.
 *
 * Its subnet group and security group are a {@link DatabaseNetwork}: clients
 * admit themselves with an ingress rule on {@link Database.securityGroupId}.
 */
export class Database extends Construct {
  public readonly instance: DbInstance;
  public readonly encryptionKey: EncryptionKey;
  /** Subnet group and security group. */
  public readonly network: DatabaseNetwork;
  public readonly parameterGroup: DatabaseParameterGroup;
  /** Log groups and Enhanced Monitoring role. */
  public readonly telemetry: DatabaseTelemetry;
  public readonly secretRotation: SecretsmanagerSecretRotation;

  /** Security group of the instance; clients add their ingress rules to it. */
  public readonly securityGroupId: string;
  /** DNS name of the instance (follows a Multi-AZ failover). */
  public readonly endpointAddress: string;
  public readonly port: number;
  public readonly databaseName: string;
  /** ARN of the RDS-managed Secrets Manager secret with the master credentials. */
  public readonly masterSecretArn: string;
  /** ARN of the key that encrypts storage, secret and Performance Insights. */
  public readonly kmsKeyArn: string;
  /** RDS instance identifier (the `DBInstanceIdentifier` metric dimension). */
  public readonly instanceIdentifier: string;
  /** ARN of the instance, e.g. for backup replication. */
  public readonly instanceArn: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const allocatedStorageGiB = props.allocatedStorageGiB ?? 20;
    const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? 100;
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    const secretRotationDays = props.secretRotationDays ?? 7;
    const finalSnapshotOnDelete = props.finalSnapshotOnDelete ?? true;
    const preventDestroy = props.preventDestroy ?? true;
    const backupWindow = props.backupWindow ?? DEFAULT_BACKUP_WINDOW;
    const maintenanceWindow =
      props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
    const port = props.port ?? 5432;
    checkDatabaseProps(throwOnBadProp(`Database ${id}`), {
      ...props,
      allocatedStorageGiB,
      maxAllocatedStorageGiB,
      backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      secretRotationDays,
      port,
    });
    const identifier = props.identifier;

    // ----------------------------------------------------------- encryption
    this.encryptionKey = new EncryptionKey(this, "key", {
      aliasName: identifier,
      description: `${identifier}: RDS storage, master user secret, Performance Insights`,
      accountId: props.accountId,
      region: props.region,
      additionalStatements: [
        rdsKeyStatement(props.region, props.accountId),
        viaServiceStatement(
          "UseThroughSecretsManager",
          "secretsmanager",
          props.region,
          props.accountId,
          SECRETS_MANAGER_KEY_ACTIONS,
        ),
      ],
    });
    this.encryptionKey.key.lifecycle = { preventDestroy };

    // -------------------------------------------------------------- network
    // Id "Default" is left out of Terraform addresses: the security group
    // and subnet group keep the addresses they had when this construct
    // created them itself, so moving them here replaces nothing.
    this.network = new DatabaseNetwork(this, "Default", {
      name: identifier,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      port,
      ingressCidr: props.ingressCidr,
    });

    // ------------------------------------------------------ parameter group
    this.parameterGroup = new DatabaseParameterGroup(this, "parameters", {
      namePrefix: identifier,
      engineVersion: props.engineVersion,
      slowQueryThresholdMs: props.slowQueryThresholdMs,
      maxConnections: props.maxConnections,
    });

    // ------------------------------------------------------- observability
    this.telemetry = new DatabaseTelemetry(this, "telemetry", {
      instanceIdentifier: identifier,
      accountId: props.accountId,
      logKmsKeyArn: props.logKmsKeyArn,
      logRetentionDays: props.logRetentionDays,
      monitoringIntervalSeconds: props.monitoringIntervalSeconds,
    });

    // ------------------------------------------------------------- instance
    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      // Only the major is pinned: RDS applies minor versions in the
      // maintenance window, and the provider accepts the running 16.x for "16"
      // (engine_version_actual holds it), so it never tries to downgrade.
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      // Needed when a reviewed config change moves to a new major version.
      allowMajorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      storageType: "gp3",
      allocatedStorage: allocatedStorageGiB,
      maxAllocatedStorage: maxAllocatedStorageGiB,
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.arn,
      dbName: props.databaseName ?? "pipeline",
      username: props.masterUsername ?? "pipeline_admin",
      // RDS generates the password and keeps it in Secrets Manager: it never
      // appears in the configuration or in Terraform state.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.encryptionKey.arn,
      port,
      multiAz: props.multiAz ?? true,
      dbSubnetGroupName: this.network.subnetGroupName,
      vpcSecurityGroupIds: [this.network.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      // The 2048-bit RSA CA, valid to 2061; pinned so clients can pin it too.
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: !finalSnapshotOnDelete,
      // Deterministic: a second deletion fails on the existing snapshot
      // instead of silently replacing it.
      finalSnapshotIdentifier: finalSnapshotOnDelete
        ? `${identifier}-final`
        : undefined,
      deleteAutomatedBackups: !finalSnapshotOnDelete,
      // Off: changes wait for the maintenance window. On for a major upgrade's
      // deploy (README "Versions and changes").
      applyImmediately: props.applyImmediately ?? false,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.encryptionKey.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: this.telemetry.monitoringIntervalSeconds,
      monitoringRoleArn: this.telemetry.monitoringRole?.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      // The log groups first, or RDS creates them unencrypted and unexpiring.
      dependsOn: Object.values(this.telemetry.logGroups),
      lifecycle: { preventDestroy },
      tags: { Name: identifier },
    });

    // ------------------------------------------------------------- rotation
    // Managed rotation: RDS rotates its own secret, no Lambda function; this
    // only sets the schedule (RDS's default is 7 days). Not immediately: the
    // first rotation follows the schedule, not every apply.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html
    this.secretRotation = new SecretsmanagerSecretRotation(
      this,
      "secret-rotation",
      {
        secretId: this.instance.masterUserSecret.get(0).secretArn,
        rotateImmediately: false,
        rotationRules: { automaticallyAfterDays: secretRotationDays },
      },
    );

    this.securityGroupId = this.network.securityGroupId;
    this.endpointAddress = this.instance.address;
    this.port = this.instance.port;
    this.databaseName = this.instance.dbName;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.kmsKeyArn = this.encryptionKey.arn;
    this.instanceIdentifier = this.instance.identifier;
    this.instanceArn = this.instance.arn;
  }
}

// --------------------------------------------------------------- checks
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const TIME = "([01]\\d|2[0-3]):([0-5]\\d)";
const DAY = `(${DAYS.join("|")})`;
const BACKUP_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Minute-of-week intervals [start, end) a daily window covers, every day. */
function dailyIntervals(window: string): [number, number][] {
  const m = BACKUP_WINDOW.exec(window)!;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += MINUTES_PER_DAY;
  return DAYS.map((_, d) => [
    d * MINUTES_PER_DAY + start,
    d * MINUTES_PER_DAY + end,
  ]);
}

function weeklyInterval(window: string): [number, number] {
  const m = MAINTENANCE_WINDOW.exec(window)!;
  const minute = (day: string, hh: string, mm: string) =>
    DAYS.indexOf(day) * MINUTES_PER_DAY + Number(hh) * 60 + Number(mm);
  const start = minute(m[1], m[2], m[3]);
  let end = minute(m[4], m[5], m[6]);
  if (end <= start) end += MINUTES_PER_WEEK;
  return [start, end];
}

/**
 * True when a daily backup window (`hh:mm-hh:mm`) and a weekly maintenance
 * window (`ddd:hh:mm-ddd:hh:mm`) share a minute; both must be well-formed.
 */
export function windowsOverlap(
  backupWindow: string,
  maintenanceWindow: string,
): boolean {
  const [ms, me] = weeklyInterval(maintenanceWindow);
  return dailyIntervals(backupWindow).some(([bs, be]) =>
    [0, MINUTES_PER_WEEK, -MINUTES_PER_WEEK].some(
      (shift) => bs + shift < me && ms < be + shift,
    ),
  );
}

/**
 * Checks {@link DatabaseProps} as RDS and Secrets Manager would, including
 * the props the instance hands to its network, parameter group and
 * telemetry. Props left undefined (their default applies) are skipped.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 */
export function checkDatabaseProps(
  report: PropReport,
  props: Partial<DatabaseProps>,
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "identifier",
    props.identifier,
    IDENTIFIER_PATTERN,
    "must be 2-53 lower-case letters, digits and single hyphens, starting with a letter",
  );
  checkDatabaseParameterGroupProps(report, props);
  // Only a version the parameter group accepts: one problem per prop.
  const version = props.engineVersion;
  const family =
    version === undefined
      ? undefined
      : DatabaseParameterGroup.familyOf(version);
  if (
    family !== undefined &&
    (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(
      Number(family.slice("postgres".length)),
    )
  ) {
    checks.check(
      "engineVersion",
      version,
      (v) => !(props.autoMinorVersionUpgrade ?? true) || !v.includes("."),
      "must name the major version only (e.g. 16) while autoMinorVersionUpgrade is on: RDS applies the minor versions, and a pinned minor would make Terraform try to downgrade",
    );
  }
  checkDatabaseNetworkProps(report, props);
  checkDatabaseTelemetryProps(report, props);

  // ------------------------------------------------------------- storage
  checks.wholeNumber(
    "allocatedStorageGiB",
    props.allocatedStorageGiB,
    20,
    65536,
  );
  checks.wholeNumber(
    "maxAllocatedStorageGiB",
    props.maxAllocatedStorageGiB,
    1,
    65536,
  );
  const allocated = props.allocatedStorageGiB;
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
  checks.check(
    "maxAllocatedStorageGiB",
    allocated === undefined ? undefined : props.maxAllocatedStorageGiB,
    (max) => max * 10 >= allocated! * 11,
    `must be at least 10 % above allocatedStorageGiB (${allocated}), or RDS rejects storage autoscaling`,
  );

  // ------------------------------------------------------------- backups
  checks.wholeNumber("backupRetentionDays", props.backupRetentionDays, 0, 35);
  checks.matches(
    "backupWindow",
    props.backupWindow,
    BACKUP_WINDOW,
    "must be hh:mm-hh:mm (UTC)",
  );
  checks.matches(
    "maintenanceWindow",
    props.maintenanceWindow,
    MAINTENANCE_WINDOW,
    "must be ddd:hh:mm-ddd:hh:mm (UTC)",
  );
  const backupWindow = props.backupWindow;
  if (backupWindow !== undefined && BACKUP_WINDOW.test(backupWindow)) {
    checks.check(
      "maintenanceWindow",
      props.maintenanceWindow,
      (window) =>
        !MAINTENANCE_WINDOW.test(window) ||
        !windowsOverlap(backupWindow, window),
      `must not overlap backupWindow (${backupWindow})`,
    );
  }

  // ----------------------------------------------------------- rotation
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html
  checks.wholeNumber("secretRotationDays", props.secretRotationDays, 1, 1000);
}
