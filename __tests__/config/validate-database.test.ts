import {
  ConfigurationError,
  DB_INSTANCE_CLASSES,
  DatabaseSettings,
  EnvironmentName,
  loadConfig,
  PIPELINE_CONFIG,
} from "../../config";
import { configWith } from "../support/config";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The configuration error of `environment` with `change` applied to its database settings. */
function problemsOf(
  environment: EnvironmentName,
  change: (database: Mutable<DatabaseSettings>) => void,
): string {
  const config = configWith((c) =>
    change(c.environments[environment].database),
  );
  try {
    loadConfig(config, [environment]);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

function accepts(
  environment: EnvironmentName,
  change: (database: Mutable<DatabaseSettings>) => void,
): void {
  const config = configWith((c) =>
    change(c.environments[environment].database),
  );
  expect(() => loadConfig(config, [environment])).not.toThrow();
}

describe("validateDatabase", () => {
  it("GIVEN the checked-in database settings WHEN loaded THEN every environment is accepted", () => {
    expect(() =>
      loadConfig(PIPELINE_CONFIG, ["development", "staging", "production"]),
    ).not.toThrow();
  });

  // -------------------------------------------------- construct checks

  it("GIVEN a setting the Database construct rejects WHEN loaded THEN it is reported under its setting path, before any construct exists", () => {
    expect(
      problemsOf("development", (d) => (d.maxAllocatedStorageGiB = 21)),
    ).toMatch(
      /development\.database\.maxAllocatedStorageGiB = 21: must be at least 10 % above allocatedStorageGiB \(20\)/,
    );
  });

  it("GIVEN an engine version with a pinned minor WHEN loaded THEN the Database construct's rule is reported under the setting (RDS applies minor versions)", () => {
    expect(problemsOf("staging", (d) => (d.engineVersion = "16.9"))).toMatch(
      /staging\.database\.engineVersion = "16\.9": must name the major version only/,
    );
  });

  // ------------------------------------------------------------ policy
  it("GIVEN an instance class outside the allowed list WHEN loaded THEN the error names the setting", () => {
    expect(
      problemsOf("production", (d) => (d.instanceClass = "db.x2iedn.32xlarge")),
    ).toMatch(
      /production\.database\.instanceClass = "db\.x2iedn\.32xlarge": must be one of db\.t3\.micro, /,
    );
  });

  // ---------------------------------------------------------- production
  it("GIVEN Multi-AZ off in production WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("production", (d) => (d.multiAz = false))).toMatch(
      /production\.database\.multiAz = false: must be true in production/,
    );
  });

  it("GIVEN Multi-AZ turned off in staging WHEN loaded THEN it is accepted: the rule is production's alone", () => {
    // GIVEN a real change: staging runs Multi-AZ as checked in.
    expect(PIPELINE_CONFIG.environments.staging.database.multiAz).toBe(true);
    accepts("staging", (d) => (d.multiAz = false));
  });

  it.each([
    "deletionProtection",
    "finalSnapshotOnDelete",
    "preventDestroy",
  ] as const)(
    "GIVEN %s off in production WHEN loaded THEN the error names the setting",
    (key) => {
      expect(problemsOf("production", (d) => (d[key] = false))).toMatch(
        new RegExp(
          `production\\.database\\.${key} = false: must be true in production`,
        ),
      );
    },
  );

  it("GIVEN production's database settings with every protection turned off WHEN loaded as development THEN they are accepted: only production must keep them", () => {
    const production = PIPELINE_CONFIG.environments.production.database;
    // GIVEN a real change: production's protections are on as checked in.
    expect([
      production.deletionProtection,
      production.finalSnapshotOnDelete,
      production.preventDestroy,
    ]).toEqual([true, true, true]);
    accepts("development", (d) => {
      Object.assign(d, structuredClone(production));
      d.deletionProtection = false;
      d.finalSnapshotOnDelete = false;
      d.preventDestroy = false;
    });
  });

  // ------------------------------------------------------------- backups
  it("GIVEN backup retention 0 in production WHEN loaded THEN it is rejected", () => {
    expect(
      problemsOf("production", (d) => (d.backupRetentionDays = 0)),
    ).toMatch(
      /production\.database\.backupRetentionDays = 0: must not be 0 in production/,
    );
  });

  it("GIVEN backup retention 0 in development WHEN loaded THEN it is accepted", () => {
    accepts("development", (d) => (d.backupRetentionDays = 0));
  });

  // ---------------------------------------------------- disaster recovery
  it("GIVEN no DR region in production WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("production", (d) => delete d.drRegion)).toMatch(
      /production\.database\.drRegion = undefined: must name a region other than af-south-1 \(required in production\)/,
    );
  });

  it("GIVEN the primary region as DR region WHEN loaded THEN it is rejected", () => {
    expect(
      problemsOf("production", (d) => (d.drRegion = "af-south-1")),
    ).toMatch(
      /production\.database\.drRegion = "af-south-1": must name a region other than af-south-1/,
    );
  });

  it("GIVEN a DR region without a DR retention WHEN loaded THEN the error names the retention", () => {
    expect(
      problemsOf("production", (d) => delete d.drBackupRetentionDays),
    ).toMatch(
      /production\.database\.drBackupRetentionDays = undefined: must be set when drRegion is/,
    );
  });

  it("GIVEN a DR region and no automated backups WHEN loaded THEN it is rejected: only automated backups replicate", () => {
    expect(
      problemsOf("staging", (d) => {
        d.drRegion = "eu-west-1";
        d.drBackupRetentionDays = 7;
        d.backupRetentionDays = 0;
      }),
    ).toMatch(
      /staging\.database\.backupRetentionDays = 0: must not be 0 when drRegion is set/,
    );
  });

  it("GIVEN a DR retention the backup replication rejects WHEN loaded THEN it is reported as drBackupRetentionDays", () => {
    expect(
      problemsOf("production", (d) => (d.drBackupRetentionDays = 36)),
    ).toMatch(
      /production\.database\.drBackupRetentionDays = 36: must be a whole number from 1 to 35/,
    );
  });

  it("GIVEN a DR retention without a DR region WHEN loaded THEN it is rejected as having no effect", () => {
    expect(
      problemsOf("development", (d) => (d.drBackupRetentionDays = 7)),
    ).toMatch(
      /development\.database\.drBackupRetentionDays = 7: has no effect without drRegion/,
    );
  });

  it("GIVEN a DR region outside production WHEN loaded THEN it is accepted", () => {
    accepts("staging", (d) => {
      d.drRegion = "eu-west-1";
      d.drBackupRetentionDays = 3;
    });
  });

  it("GIVEN applyImmediately on in production WHEN loaded THEN it is accepted: it is the switch for a major upgrade's deploy", () => {
    accepts("production", (d) => (d.applyImmediately = true));
  });

  it("GIVEN several bad settings WHEN loaded THEN the error lists each of them", () => {
    const message = problemsOf("production", (d) => {
      d.maxAllocatedStorageGiB = 21;
      d.multiAz = false;
      delete d.drRegion;
    });
    expect(message.match(/^ {2}- production\.database\./gm)).toHaveLength(3);
  });
});

describe("DB_INSTANCE_CLASSES", () => {
  it("GIVEN each allowed class WHEN its max_connections is compared with RDS's formula on the nominal memory THEN it is at most two thirds of it", () => {
    // RDS's default is LEAST(DBInstanceClassMemory / 9531392, 5000), with
    // DBInstanceClassMemory below the nominal memory.
    const tooHigh = Object.entries(DB_INSTANCE_CLASSES).filter(
      ([, c]) =>
        c.maxConnections >
        (2 / 3) * Math.min((c.memoryGiB * 1024 ** 3) / 9531392, 5000),
    );
    expect(tooHigh).toEqual([]);
  });
});
