/**
 * Validation of the database settings: the Database and
 * DatabaseBackupReplication constructs' own checks, under the settings'
 * paths, and the policy rules of this configuration.
 */
import {
  checkDatabaseBackupReplicationProps,
  checkDatabaseProps,
} from "../constructs/database";
import { REGION_PATTERN } from "./checks";
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";

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

/** Checks `env.database`, recording each bad setting in `problems`. */
export function validateDatabase(
  problems: Problems,
  env: EnvironmentConfig,
): void {
  const p = `${env.name}.database`;
  const d = env.database;
  // Production's protections are fixed rules of the configuration, checked
  // here; constructs and stacks only read the booleans.
  const production = env.name === "production";

  // What RDS accepts: the settings are named as the Database props they become.
  checkDatabaseProps(problems.at(p), d);
  problems.check(
    d.instanceClass in DB_INSTANCE_CLASSES,
    `${p}.instanceClass`,
    d.instanceClass,
    `must be one of ${Object.keys(DB_INSTANCE_CLASSES).join(", ")}`,
  );

  // ------------------------------------------------------------ production
  for (const key of [
    "multiAz",
    "deletionProtection",
    "finalSnapshotOnDelete",
    "preventDestroy",
  ] as const) {
    problems.check(
      !production || d[key],
      `${p}.${key}`,
      d[key],
      "must be true in production",
    );
  }
  problems.check(
    !production || d.backupRetentionDays !== 0,
    `${p}.backupRetentionDays`,
    d.backupRetentionDays,
    "must not be 0 in production (0 turns off automated backups and point-in-time recovery)",
  );

  // ------------------------------------------------------ disaster recovery
  if (production || d.drRegion !== undefined) {
    problems.check(
      d.drRegion !== undefined &&
        REGION_PATTERN.test(d.drRegion) &&
        d.drRegion !== env.region,
      `${p}.drRegion`,
      d.drRegion,
      `must name a region other than ${env.region}${production ? " (required in production)" : ""}`,
    );
    problems.check(
      d.drBackupRetentionDays !== undefined,
      `${p}.drBackupRetentionDays`,
      d.drBackupRetentionDays,
      "must be set when drRegion is",
    );
    checkDatabaseBackupReplicationProps(
      problems.at(p, { retentionDays: "drBackupRetentionDays" }),
      { retentionDays: d.drBackupRetentionDays },
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
