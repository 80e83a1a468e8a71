/**
 * Validation of the database settings: the Database and
 * DatabaseBackupReplication constructs' own checks, under the settings'
 * paths, and the policy rules of this configuration.
 */
import {
  checkDatabaseBackupReplicationProps,
  checkDatabaseProps,
  MAX_READ_REPLICAS_PER_SOURCE,
} from "../modules/database";
import { checkDatabaseProxyProps } from "../modules/database-access";
import { REGION_PATTERN } from "./checks";
import { DB_INSTANCE_CLASSES } from "./database-instance-classes";
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";

/**
 * Most read replicas an environment may have: a policy of this
 * configuration, below RDS's {@link MAX_READ_REPLICAS_PER_SOURCE}; more is a
 * design change (a reader endpoint across them), not a setting.
 */
export const MAX_READ_REPLICAS = 5;

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

  // ----------------------------------------------------------------- proxy
  checkDatabaseProxyProps(problems.at(`${p}.proxy`), d.proxy);
  problems.check(
    env.name === "development" || d.proxy.enabled,
    `${p}.proxy.enabled`,
    d.proxy.enabled,
    `must be true in ${env.name}: its tasks reach the database through the proxy only`,
  );

  // ---------------------------------------------------------- read replicas
  // The count alone: one line for a bad value (the construct's own range,
  // 0 to MAX_READ_REPLICAS_PER_SOURCE, contains this one).
  problems.check(
    Number.isInteger(d.readReplicas) &&
      d.readReplicas >= 0 &&
      d.readReplicas <= MAX_READ_REPLICAS,
    `${p}.readReplicas`,
    d.readReplicas,
    `must be a whole number from 0 to ${MAX_READ_REPLICAS} (RDS allows ${MAX_READ_REPLICAS_PER_SOURCE} per instance; more than ${MAX_READ_REPLICAS} is a design change)`,
  );
  problems.check(
    !(d.readReplicas > 0) || d.backupRetentionDays > 0,
    `${p}.backupRetentionDays`,
    d.backupRetentionDays,
    "must not be 0 when readReplicas is above 0: RDS creates a read replica only of an instance with automated backups",
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
