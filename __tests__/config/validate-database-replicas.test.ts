import {
  ConfigurationError,
  DatabaseSettings,
  EnvironmentName,
  loadConfig,
} from "../../config";
import { configWith } from "../support/config";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The problem lines of `environment` with `change` applied to its database settings (none: accepted). */
function problemsOf(
  environment: EnvironmentName,
  change: (database: Mutable<DatabaseSettings>) => void,
): string[] {
  const config = configWith((c) =>
    change(c.environments[environment].database),
  );
  try {
    loadConfig(config, [environment]);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return [...(error as ConfigurationError).problems];
  }
  return [];
}

describe("validateDatabase: readReplicas", () => {
  it.each([
    ["development", 0],
    ["staging", 1],
    ["production", 5],
  ] as const)(
    "GIVEN %s with %i read replicas WHEN loaded THEN it is accepted",
    (environment, count) => {
      expect(problemsOf(environment, (d) => (d.readReplicas = count))).toEqual(
        [],
      );
    },
  );

  it.each([-1, 6, 1.5, 15])(
    "GIVEN production with readReplicas %p WHEN loaded THEN one line names the setting and the range expected",
    (count) => {
      expect(problemsOf("production", (d) => (d.readReplicas = count))).toEqual(
        [
          `production.database.readReplicas = ${count}: must be a whole number from 0 to 5 (RDS allows 15 per instance; more than 5 is a design change)`,
        ],
      );
    },
  );

  it("GIVEN a read replica and no automated backups WHEN loaded THEN the backup retention is reported, because RDS replicates only an instance with backups", () => {
    expect(
      problemsOf("development", (d) => {
        d.readReplicas = 1;
        d.backupRetentionDays = 0;
      }),
    ).toEqual([
      "development.database.backupRetentionDays = 0: must not be 0 when readReplicas is above 0: RDS creates a read replica only of an instance with automated backups",
    ]);
  });

  it("GIVEN no read replicas and no automated backups in development WHEN loaded THEN it is accepted", () => {
    expect(
      problemsOf("development", (d) => {
        d.readReplicas = 0;
        d.backupRetentionDays = 0;
      }),
    ).toEqual([]);
  });
});
