/** Validation of the database settings. */
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";
import { checkIntegerRange, checkLogRetention, REGION_PATTERN } from "./checks";

/**
 * Instance classes this project allows, with their memory in GiB. The memory
 * drives the `max_connections` default of RDS PostgreSQL and so the
 * connection alarm's threshold.
 */
export const DB_INSTANCE_CLASSES: Readonly<Record<string, { readonly memoryGiB: number }>> = {
  "db.t3.micro": { memoryGiB: 1 },
  "db.t3.small": { memoryGiB: 2 },
  "db.t3.medium": { memoryGiB: 4 },
  "db.t3.large": { memoryGiB: 8 },
  "db.t4g.micro": { memoryGiB: 1 },
  "db.t4g.small": { memoryGiB: 2 },
  "db.t4g.medium": { memoryGiB: 4 },
  "db.t4g.large": { memoryGiB: 8 },
  "db.m6g.large": { memoryGiB: 8 },
  "db.m6g.xlarge": { memoryGiB: 16 },
  "db.m7g.large": { memoryGiB: 8 },
  "db.m7g.xlarge": { memoryGiB: 16 },
  "db.r6g.large": { memoryGiB: 16 },
  "db.r6g.xlarge": { memoryGiB: 32 },
};

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
const BACKUP_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;
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
export function windowsOverlap(backupWindow: string, maintenanceWindow: string): boolean {
  const [ms, me] = weeklyInterval(maintenanceWindow);
  return dailyIntervals(backupWindow).some(([bs, be]) =>
    [0, MINUTES_PER_WEEK, -MINUTES_PER_WEEK].some((shift) => bs + shift < me && ms < be + shift),
  );
}

/** Checks `env.database`, recording each bad setting in `problems`. */
export function validateDatabase(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.database`;
  const d = env.database;
  const production = env.name === "production";
  problems.check(/^\d{2}\.\d+$/.test(d.engineVersion), `${p}.engineVersion`, d.engineVersion, "must be a PostgreSQL major.minor version such as 16.9");
  problems.check(
    d.instanceClass in DB_INSTANCE_CLASSES,
    `${p}.instanceClass`,
    d.instanceClass,
    `must be one of ${Object.keys(DB_INSTANCE_CLASSES).join(", ")}`,
  );
  checkIntegerRange(problems, `${p}.allocatedStorageGiB`, d.allocatedStorageGiB, 20, 65536);
  problems.check(
    Number.isInteger(d.maxAllocatedStorageGiB) && d.maxAllocatedStorageGiB >= d.allocatedStorageGiB,
    `${p}.maxAllocatedStorageGiB`,
    d.maxAllocatedStorageGiB,
    `must be at least allocatedStorageGiB (${d.allocatedStorageGiB})`,
  );
  checkIntegerRange(problems, `${p}.backupRetentionDays`, d.backupRetentionDays, production ? 1 : 0, 35);
  problems.check(!production || d.multiAz === true, `${p}.multiAz`, d.multiAz, "must be true in production");
  const backupOk = BACKUP_WINDOW.test(d.backupWindow);
  const maintenanceOk = MAINTENANCE_WINDOW.test(d.maintenanceWindow);
  problems.check(backupOk, `${p}.backupWindow`, d.backupWindow, "must be hh:mm-hh:mm (UTC)");
  problems.check(maintenanceOk, `${p}.maintenanceWindow`, d.maintenanceWindow, "must be ddd:hh:mm-ddd:hh:mm (UTC)");
  if (backupOk && maintenanceOk) {
    problems.check(
      !windowsOverlap(d.backupWindow, d.maintenanceWindow),
      `${p}.maintenanceWindow`,
      d.maintenanceWindow,
      `must not overlap backupWindow (${d.backupWindow})`,
    );
  }
  problems.check(
    MONITORING_INTERVALS.includes(d.monitoringIntervalSeconds),
    `${p}.monitoringIntervalSeconds`,
    d.monitoringIntervalSeconds,
    `must be one of ${MONITORING_INTERVALS.join(", ")}`,
  );
  checkLogRetention(problems, `${p}.logRetentionDays`, d.logRetentionDays);
  checkIntegerRange(problems, `${p}.secretRotationDays`, d.secretRotationDays, 1, 365);
  problems.check(!production || d.deletionProtection, `${p}.deletionProtection`, d.deletionProtection, "must be true in production");
  if (production || d.drRegion !== undefined) {
    problems.check(
      typeof d.drRegion === "string" && REGION_PATTERN.test(d.drRegion) && d.drRegion !== env.region,
      `${p}.drRegion`,
      d.drRegion,
      `must name a region other than ${env.region}${production ? " (required in production)" : ""}`,
    );
    checkIntegerRange(problems, `${p}.drBackupRetentionDays`, d.drBackupRetentionDays ?? NaN, 1, 35);
  }
}
