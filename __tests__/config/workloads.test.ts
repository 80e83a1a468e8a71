import {
  ConfigurationError,
  EnvironmentName,
  loadConfig,
  PIPELINE_CONFIG,
} from "../../config";
import type { WorkloadSettings } from "../../config/types-workloads";
import { apiKeyVariable } from "../../config/workloads";
import { configWith } from "../support/config";

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

/** The configuration error of `environment` with `change` applied to its workloads. */
function problemsOf(
  environment: EnvironmentName,
  change: (w: DeepMutable<WorkloadSettings>) => void,
): string {
  const config = configWith((c) => {
    // The environments share the example objects: copy before changing one.
    c.environments[environment].workloads = structuredClone(
      c.environments[environment].workloads,
    );
    change(c.environments[environment].workloads);
  });
  try {
    loadConfig(config, [environment]);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("validateWorkloads", () => {
  it("GIVEN the checked-in workloads WHEN loaded THEN every environment is accepted", () => {
    expect(() =>
      loadConfig(PIPELINE_CONFIG, ["development", "staging", "production"]),
    ).not.toThrow();
  });

  it("GIVEN the checked-in jobs WHEN read THEN they are marked as examples", () => {
    for (const job of PIPELINE_CONFIG.environments.production.workloads.jobs)
      expect(job.description).toMatch(/^EXAMPLE: /);
  });

  it("GIVEN a schedule that does not parse WHEN loaded THEN the error names the job's schedule", () => {
    expect(
      problemsOf("staging", (w) => (w.jobs[0].schedule = "every 15 minutes")),
    ).toMatch(
      /staging\.workloads\.jobs\[0\]\.schedule = "every 15 minutes": must be "rate/,
    );
  });

  it("GIVEN an unknown time zone WHEN loaded THEN the error names the job's time zone", () => {
    expect(
      problemsOf("staging", (w) => (w.jobs[1].timeZone = "Africa/Atlantis")),
    ).toMatch(
      /staging\.workloads\.jobs\[1\]\.timeZone = "Africa\/Atlantis": is not an IANA time zone/,
    );
  });

  it("GIVEN a job that reads a secret nobody defined WHEN loaded THEN the error names the job's secret", () => {
    expect(
      problemsOf("production", (w) => (w.jobs[0].secrets = ["jse", "brvm"])),
    ).toMatch(
      /production\.workloads\.jobs\[0\]\.secrets\[1\] = "brvm": is not a data source defined in workloads\.dataSources \(jse, ngx, nse-kenya\)/,
    );
  });

  it("GIVEN the API reading a secret nobody defined WHEN loaded THEN the error names the setting", () => {
    expect(problemsOf("production", (w) => (w.apiSecrets = ["gse"]))).toMatch(
      /production\.workloads\.apiSecrets\[0\] = "gse": is not a data source/,
    );
  });

  it("GIVEN a timeout longer than the schedule's interval WHEN loaded THEN the error names the timeout and the interval", () => {
    // jse-intraday runs every 15 minutes.
    expect(
      problemsOf("production", (w) => (w.jobs[0].timeoutSeconds = 1200)),
    ).toMatch(
      /production\.workloads\.jobs\[0\]\.timeoutSeconds = 1200: is longer than the shortest interval of cron\(0\/15 9-16 \? \* MON-FRI \*\) \(900 s\)/,
    );
  });

  it("GIVEN a timeout equal to the schedule's interval WHEN loaded THEN it is accepted", () => {
    const config = configWith((c) => {
      c.environments.production.workloads = structuredClone(
        c.environments.production.workloads,
      );
      c.environments.production.workloads.jobs[0].timeoutSeconds = 900;
    });
    expect(() => loadConfig(config, ["production"])).not.toThrow();
  });

  it("GIVEN two jobs of one name WHEN loaded THEN the error says so", () => {
    expect(
      problemsOf("staging", (w) => (w.jobs[1].name = w.jobs[0].name)),
    ).toMatch(/staging\.workloads\.jobs = .*: names a job twice/);
  });

  it("GIVEN a job name too long for its role names WHEN loaded THEN the error names it", () => {
    expect(
      problemsOf("staging", (w) => (w.jobs[0].name = "johannesburg-intraday")),
    ).toMatch(
      /staging\.workloads\.jobs\[0\]\.name = "johannesburg-intraday": must be 2-18 lower-case letters/,
    );
  });

  it("GIVEN a job size Fargate does not offer WHEN loaded THEN the error names the memory", () => {
    expect(problemsOf("staging", (w) => (w.jobs[0].memoryMiB = 3000))).toMatch(
      /staging\.workloads\.jobs\[0\]\.memoryMiB = 3000: is not a memory size Fargate accepts with cpu 256/,
    );
  });

  it("GIVEN market hours in an unknown zone WHEN loaded THEN the error names the data source's zone", () => {
    expect(
      problemsOf("staging", (w) => {
        w.dataSources.ngx.marketHours!.timeZone = "WAT";
      }),
    ).toMatch(
      /staging\.workloads\.dataSources\.ngx\.marketHours\.timeZone = "WAT": is not an IANA time zone/,
    );
  });

  it("GIVEN a market that closes before it opens WHEN loaded THEN the error names the close", () => {
    expect(
      problemsOf("staging", (w) => {
        w.dataSources.jse.marketHours!.close = "08:00";
      }),
    ).toMatch(
      /staging\.workloads\.dataSources\.jse\.marketHours\.close = "08:00": must be at least 5 minutes after open \(09:00\)/,
    );
  });

  it("GIVEN no recovery window for production's secrets WHEN loaded THEN it is refused", () => {
    expect(
      problemsOf("production", (w) => (w.secretRecoveryWindowDays = 0)),
    ).toMatch(
      /production\.workloads\.secretRecoveryWindowDays = 0: must not be 0 in production/,
    );
  });

  it("GIVEN an empty migration command WHEN loaded THEN the error names it", () => {
    expect(problemsOf("staging", (w) => (w.migration.command = []))).toMatch(
      /staging\.workloads\.migration\.command = \[\]: must be a non-empty list/,
    );
  });
});

describe("apiKeyVariable", () => {
  it("GIVEN a data source with a dash WHEN named THEN its variable is upper-case with underscores", () => {
    expect(apiKeyVariable("nse-kenya")).toBe("NSE_KENYA_API_KEY");
  });
});
