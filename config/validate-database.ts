/** Validation of the database settings. */
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";
import { checkIntegerRange, checkLogRetention, REGION_PATTERN } from "./checks";

/**
 * Instance classes this project allows, with their memory in GiB (the base of
 * the freeable-memory alarm) and the `max_connections` the parameter group
 * sets for them (the base of the connection alarm).
 *
 * RDS PostgreSQL's default is `LEAST(DBInstanceClassMemory / 9531392, 5000)`,
 * where `DBInstanceClassMemory` is the memory left after the OS and RDS's own
 * processes: unpublished, and below the nominal memory (a db.t3.micro's
 * default is less than the 112 its nominal 1 GiB gives), so an alarm computed
 * from the nominal memory could never fire. The value is therefore set
 * explicitly, at two thirds of the nominal-memory formula (75 per GiB): a
 * conservative figure, meant to stay below RDS's own default, so that each
 * connection keeps at least the memory RDS budgets for it.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export const DB_INSTANCE_CLASSES: Readonly<
  Record<
    string,
    { readonly memoryGiB: number; readonly maxConnections: number }
  >
> = {
  "db.t3.micro": { memoryGiB: 1, maxConnections: 75 },
  "db.t3.small": { memoryGiB: 2, maxConnections: 150 },
  "db.t3.medium": { memoryGiB: 4, maxConnections: 300 },
  "db.t3.large": { memoryGiB: 8, maxConnections: 600 },
  "db.t4g.micro": { memoryGiB: 1, maxConnections: 75 },
  "db.t4g.small": { memoryGiB: 2, maxConnections: 150 },
  "db.t4g.medium": { memoryGiB: 4, maxConnections: 300 },
  "db.t4g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m6g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m6g.xlarge": { memoryGiB: 16, maxConnections: 1200 },
  "db.m7g.large": { memoryGiB: 8, maxConnections: 600 },
  "db.m7g.xlarge": { memoryGiB: 16, maxConnections: 1200 },
  "db.r6g.large": { memoryGiB: 16, maxConnections: 1200 },
  "db.r6g.xlarge": { memoryGiB: 32, maxConnections: 2400 },
};

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
const BACKUP_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const MAINTENANCE_WINDOW =
  /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MINUTES_PER_WEEK = 7 * 24 * 60;

/** Minute-of-week intervals [start, end) a daily window covers, every day. */
function dailyIntervals(window: string): [number, number][] {
  const m = BACKUP_WINDOW.exec(window)!;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += 24 * 60;
  return DAYS.map((_, d) => [d * 1440 + start, d * 1440 + end]);
}

function weeklyInterval(window: string): [number, number] {
  const m = MAINTENANCE_WINDOW.exec(window)!;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  let end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  if (end <= start) end += MINUTES_PER_WEEK;
  return [start, end];
}

/** True when the daily backup window and the weekly maintenance window share a minute. */
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

/** PostgreSQL major versions RDS supports (standard support) that this project accepts. */
export const POSTGRES_MAJOR_VERSIONS = [13, 14, 15, 16, 17] as const;

/** Checks `env.database`, recording each bad setting in `problems`. */
export function validateDatabase(
  problems: Problems,
  env: EnvironmentConfig,
): void {
  const p = `${env.name}.database`;
  const d = env.database;
  // Production's protections are fixed rules of the configuration, checked
  // here; modules and stacks only read the booleans.
  const production = env.name === "production";

  // ------------------------------------------------------- engine and size
  // Major only: RDS applies minor versions itself (auto_minor_version_upgrade, FSBP RDS.13).
  const version = /^(\d{2})$/.exec(d.engineVersion);
  problems.check(
    version !== null,
    `${p}.engineVersion`,
    d.engineVersion,
    "must be a PostgreSQL major version such as 16 (RDS applies the minor versions in the maintenance window)",
  );
  if (version) {
    problems.check(
      (POSTGRES_MAJOR_VERSIONS as readonly number[]).includes(
        Number(version[1]),
      ),
      `${p}.engineVersion`,
      d.engineVersion,
      `must be of a major version RDS supports (${POSTGRES_MAJOR_VERSIONS.join(", ")})`,
    );
  }
  problems.check(
    d.instanceClass in DB_INSTANCE_CLASSES,
    `${p}.instanceClass`,
    d.instanceClass,
    `must be one of ${Object.keys(DB_INSTANCE_CLASSES).join(", ")}`,
  );
  checkIntegerRange(
    problems,
    `${p}.allocatedStorageGiB`,
    d.allocatedStorageGiB,
    20,
    65536,
  );
  const maxStorage = d.maxAllocatedStorageGiB;
  problems.check(
    Number.isInteger(maxStorage) &&
      maxStorage >= d.allocatedStorageGiB &&
      maxStorage <= 65536,
    `${p}.maxAllocatedStorageGiB`,
    maxStorage,
    `must be at least allocatedStorageGiB (${d.allocatedStorageGiB}) and at most 65536`,
  );
  if (Number.isInteger(maxStorage) && maxStorage >= d.allocatedStorageGiB) {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
    problems.check(
      maxStorage * 10 >= d.allocatedStorageGiB * 11,
      `${p}.maxAllocatedStorageGiB`,
      maxStorage,
      `must be at least 10 % above allocatedStorageGiB (${d.allocatedStorageGiB}), or RDS rejects storage autoscaling`,
    );
  }
  checkBoolean(problems, `${p}.multiAz`, d.multiAz);
  problems.check(
    !production || d.multiAz === true,
    `${p}.multiAz`,
    d.multiAz,
    "must be true in production",
  );

  // ----------------------------------------------------------------- backups
  checkIntegerRange(
    problems,
    `${p}.backupRetentionDays`,
    d.backupRetentionDays,
    0,
    35,
  );
  problems.check(
    !production || d.backupRetentionDays !== 0,
    `${p}.backupRetentionDays`,
    d.backupRetentionDays,
    "must not be 0 in production (0 turns off automated backups and point-in-time recovery)",
  );
  const backupOk = BACKUP_WINDOW.test(d.backupWindow);
  const maintenanceOk = MAINTENANCE_WINDOW.test(d.maintenanceWindow);
  problems.check(
    backupOk,
    `${p}.backupWindow`,
    d.backupWindow,
    "must be hh:mm-hh:mm (UTC)",
  );
  problems.check(
    maintenanceOk,
    `${p}.maintenanceWindow`,
    d.maintenanceWindow,
    "must be ddd:hh:mm-ddd:hh:mm (UTC)",
  );
  if (backupOk && maintenanceOk) {
    problems.check(
      !windowsOverlap(d.backupWindow, d.maintenanceWindow),
      `${p}.maintenanceWindow`,
      d.maintenanceWindow,
      `must not overlap backupWindow (${d.backupWindow})`,
    );
  }
  for (const key of [
    "deletionProtection",
    "finalSnapshotOnDelete",
    "preventDestroy",
  ] as const) {
    checkBoolean(problems, `${p}.${key}`, d[key]);
    problems.check(
      !production || d[key] === true,
      `${p}.${key}`,
      d[key],
      "must be true in production",
    );
  }

  // ------------------------------------------------- monitoring, credentials
  problems.check(
    MONITORING_INTERVALS.includes(d.monitoringIntervalSeconds),
    `${p}.monitoringIntervalSeconds`,
    d.monitoringIntervalSeconds,
    `must be one of ${MONITORING_INTERVALS.join(", ")}`,
  );
  checkLogRetention(problems, `${p}.logRetentionDays`, d.logRetentionDays);
  checkIntegerRange(
    problems,
    `${p}.secretRotationDays`,
    d.secretRotationDays,
    1,
    365,
  );
  checkBoolean(problems, `${p}.allowVpcCidrIngress`, d.allowVpcCidrIngress);
  checkBoolean(problems, `${p}.applyImmediately`, d.applyImmediately);

  // ------------------------------------------------------ disaster recovery
  if (production || d.drRegion !== undefined) {
    problems.check(
      typeof d.drRegion === "string" &&
        REGION_PATTERN.test(d.drRegion) &&
        d.drRegion !== env.region,
      `${p}.drRegion`,
      d.drRegion,
      `must name a region other than ${env.region}${production ? " (required in production)" : ""}`,
    );
    const drDays = d.drBackupRetentionDays;
    problems.check(
      typeof drDays === "number" &&
        Number.isInteger(drDays) &&
        drDays >= 1 &&
        drDays <= 35,
      `${p}.drBackupRetentionDays`,
      drDays,
      "must be a whole number from 1 to 35 when drRegion is set",
    );
    problems.check(
      d.backupRetentionDays !== 0,
      `${p}.backupRetentionDays`,
      d.backupRetentionDays,
      "must not be 0 when drRegion is set: only automated backups are replicated",
    );
  } else {
    problems.check(
      d.drBackupRetentionDays === undefined,
      `${p}.drBackupRetentionDays`,
      d.drBackupRetentionDays,
      "has no effect without drRegion: remove it or set drRegion",
    );
  }
}

function checkBoolean(problems: Problems, path: string, value: unknown): void {
  problems.check(
    typeof value === "boolean",
    path,
    value,
    "must be true or false",
  );
}
