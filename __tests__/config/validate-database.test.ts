import {
  ConfigurationError,
  DatabaseSettings,
  EnvironmentName,
  loadConfig,
  PIPELINE_CONFIG,
} from "../../config";
import {
  DB_INSTANCE_CLASSES,
  windowsOverlap,
} from "../../config/validate-database";
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

  // ------------------------------------------------------------- storage
  it("GIVEN maximum storage below the allocated storage WHEN loaded THEN the error names the setting", () => {
    expect(
      problemsOf("production", (d) => (d.maxAllocatedStorageGiB = 10)),
    ).toMatch(
      /production\.database\.maxAllocatedStorageGiB = 10: must be at least allocatedStorageGiB \(20\)/,
    );
  });

  it("GIVEN maximum storage less than 10 % above the allocated storage WHEN loaded THEN it is rejected as RDS would", () => {
    expect(
      problemsOf("development", (d) => (d.maxAllocatedStorageGiB = 21)),
    ).toMatch(
      /development\.database\.maxAllocatedStorageGiB = 21: must be at least 10 % above allocatedStorageGiB \(20\)/,
    );
  });

  it("GIVEN maximum storage exactly 10 % above the allocated storage WHEN loaded THEN it is accepted", () => {
    accepts("development", (d) => (d.maxAllocatedStorageGiB = 22));
  });

  it("GIVEN allocated storage below gp3's 20 GiB WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("staging", (d) => (d.allocatedStorageGiB = 10))).toMatch(
      /staging\.database\.allocatedStorageGiB = 10: must be a whole number from 20 to 65536/,
    );
  });

  // -------------------------------------------------------------- engine
  it("GIVEN an instance class outside the allowed list WHEN loaded THEN the error names the setting", () => {
    expect(
      problemsOf("production", (d) => (d.instanceClass = "db.x2iedn.32xlarge")),
    ).toMatch(
      /production\.database\.instanceClass = "db\.x2iedn\.32xlarge": must be one of db\.t3\.micro, /,
    );
  });

  it("GIVEN an engine version with a pinned minor WHEN loaded THEN the error names the setting (RDS applies minor versions)", () => {
    expect(problemsOf("staging", (d) => (d.engineVersion = "16.9"))).toMatch(
      /staging\.database\.engineVersion = "16\.9": must be a PostgreSQL major version such as 16/,
    );
  });

  it("GIVEN an engine version of a major RDS no longer supports WHEN loaded THEN it is rejected", () => {
    expect(problemsOf("staging", (d) => (d.engineVersion = "11"))).toMatch(
      /staging\.database\.engineVersion = "11": must be of a major version RDS supports/,
    );
  });

  // ---------------------------------------------------------- production
  it("GIVEN Multi-AZ off in production WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("production", (d) => (d.multiAz = false))).toMatch(
      /production\.database\.multiAz = false: must be true in production/,
    );
  });

  it("GIVEN Multi-AZ off in development WHEN loaded THEN it is accepted", () => {
    accepts("development", (d) => (d.multiAz = false));
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

  it("GIVEN every protection off in development WHEN loaded THEN it is accepted: development can be torn down", () => {
    accepts("development", (d) => {
      d.deletionProtection = false;
      d.finalSnapshotOnDelete = false;
      d.preventDestroy = false;
    });
  });

  // ------------------------------------------------------------- backups
  it.each([36, -1, 1.5])(
    "GIVEN backup retention %p WHEN loaded THEN the error names the setting",
    (days) => {
      expect(
        problemsOf("development", (d) => (d.backupRetentionDays = days)),
      ).toMatch(
        /development\.database\.backupRetentionDays = [-\d.]+: must be a whole number from 0 to 35/,
      );
    },
  );

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

  it("GIVEN a maintenance window inside the backup window WHEN loaded THEN it is rejected", () => {
    expect(
      problemsOf(
        "staging",
        (d) => (d.maintenanceWindow = "mon:00:10-mon:00:40"),
      ),
    ).toMatch(
      /staging\.database\.maintenanceWindow = "mon:00:10-mon:00:40": must not overlap backupWindow \(00:00-00:30\)/,
    );
  });

  it("GIVEN a malformed backup window WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("staging", (d) => (d.backupWindow = "midnight"))).toMatch(
      /staging\.database\.backupWindow = "midnight": must be hh:mm-hh:mm/,
    );
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
      /production\.database\.drBackupRetentionDays = undefined: must be a whole number from 1 to 35 when drRegion is set/,
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

  // ------------------------------------------------ monitoring, secrets
  it("GIVEN an Enhanced Monitoring interval RDS does not offer WHEN loaded THEN the error names the setting", () => {
    expect(
      problemsOf("development", (d) => (d.monitoringIntervalSeconds = 20)),
    ).toMatch(
      /development\.database\.monitoringIntervalSeconds = 20: must be one of 0, 1, 5, 10, 15, 30, 60/,
    );
  });

  it("GIVEN a log retention CloudWatch does not offer WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("development", (d) => (d.logRetentionDays = 10))).toMatch(
      /development\.database\.logRetentionDays = 10: must be one of CloudWatch Logs' retention values/,
    );
  });

  it("GIVEN a secret rotation of 0 days WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("production", (d) => (d.secretRotationDays = 0))).toMatch(
      /production\.database\.secretRotationDays = 0: must be a whole number from 1 to 365/,
    );
  });

  it("GIVEN applyImmediately that is not a boolean WHEN loaded THEN the error names the setting", () => {
    expect(
      problemsOf(
        "production",
        (d) => ((d as { applyImmediately: unknown }).applyImmediately = "yes"),
      ),
    ).toMatch(
      /production\.database\.applyImmediately = "yes": must be true or false/,
    );
  });

  it("GIVEN applyImmediately on in production WHEN loaded THEN it is accepted: it is the switch for a major upgrade's deploy", () => {
    accepts("production", (d) => (d.applyImmediately = true));
  });

  it("GIVEN several bad settings WHEN loaded THEN the error lists each of them", () => {
    const message = problemsOf("production", (d) => {
      d.maxAllocatedStorageGiB = 10;
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

describe("windowsOverlap", () => {
  it("GIVEN the checked-in windows WHEN compared THEN they do not overlap", () => {
    const d = PIPELINE_CONFIG.environments.production.database;
    expect(windowsOverlap(d.backupWindow, d.maintenanceWindow)).toBe(false);
  });

  it("GIVEN a daily backup window that crosses midnight WHEN the maintenance window starts just after midnight THEN they overlap", () => {
    expect(windowsOverlap("23:30-00:30", "tue:00:00-tue:00:30")).toBe(true);
  });

  it("GIVEN a maintenance window that wraps from Sunday to Monday WHEN the backup runs Monday early THEN they overlap", () => {
    expect(windowsOverlap("00:10-00:40", "sun:23:50-mon:00:20")).toBe(true);
  });

  it("GIVEN windows that only touch WHEN compared THEN they do not overlap", () => {
    expect(windowsOverlap("00:00-00:30", "sun:00:30-sun:01:00")).toBe(false);
  });
});
