import { PropChecks, PropReport } from "../core/prop-checks";
import {
  checkDatabaseNetworkProps,
  DatabaseNetworkOptions,
} from "./database-network";
import {
  checkDatabaseParameterGroupProps,
  DatabaseParameterGroup,
  POSTGRES_MAJOR_VERSIONS,
} from "./database-parameter-group";
import { checkDatabaseTelemetryProps } from "./database-telemetry";

const IDENTIFIER_PATTERN = /^[a-z](?!.*--)[a-z0-9-]{0,51}[a-z0-9]$/;

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
  /**
   * IAM database authentication on the instance itself (clients that reach
   * it without a proxy connect with IAM tokens).
   * @default false
   */
  readonly iamAuthentication?: boolean;
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
