/**
 * The pipeline's own workloads (issue 10): data sources and their API keys,
 * scheduled collector jobs, the migration task and the business alarms.
 * Types, the checked-in values of each environment and their validation live
 * here; `EnvironmentConfig.workloads` hooks them into the configuration.
 *
 * The jobs and data sources below are EXAMPLES: they show the shape of a
 * collector for a few African exchanges (JSE, NGX, NSE Kenya). Replace the
 * commands with the pipeline image's real ones; docs/workloads.md explains
 * how to add a data source and set its key.
 */
import { checkTaskDefinitionProps } from "../modules/container";
import {
  checkBusinessAlarmsProps,
  checkDataSourceSecretsProps,
  checkScheduledJobProps,
  DataSourceAlarmSettings,
} from "../modules/workloads";
import { Problems } from "./errors";
import type { EnvironmentConfig, EnvironmentName } from "./types";

// ------------------------------------------------------------------ types

/** When a data source's market is open, in the exchange's own time zone. */
export interface MarketHours {
  /** IANA time zone of the exchange, e.g. `Africa/Johannesburg`. */
  readonly timeZone: string;
  /** Trading days as a cron day-of-week field, e.g. `MON-FRI`. */
  readonly days: string;
  /** Opening time, `hh:mm`, local. */
  readonly open: string;
  /** Closing time, `hh:mm`, local (after `open`, same day). */
  readonly close: string;
}

/** Throughput floor of a data source (the architecture's 10,000 records/minute). */
export interface ThroughputSettings {
  /** Alarm when fewer records than this are processed per minute, on average... */
  readonly minRecordsPerMinute: number;
  /** ...over this period, seconds (a multiple of 60). */
  readonly periodSeconds: number;
}

/** A market-data source: an exchange or vendor API whose key the pipeline holds. */
export interface DataSourceSettings {
  /** What the source is; becomes its secret's description. */
  readonly description: string;
  /**
   * When its market trades. The freshness and throughput alarms notify only
   * then (missing data is breaching: no data means the pipeline is dead).
   * Absent: the source is watched around the clock.
   */
  readonly marketHours?: MarketHours;
  /** Alarm when the newest record is older than this, seconds. */
  readonly freshnessThresholdSeconds: number;
  /** Alarm when fewer runs than this succeed over an hour, percent. */
  readonly minSuccessRatePercent: number;
  /** Throughput floor; absent: no throughput alarm. */
  readonly throughput?: ThroughputSettings;
}

/** A scheduled collector: one ECS Fargate task of the pipeline image per run. */
export interface JobSettings {
  /** Lower-case name (`[a-z][a-z0-9-]`, at most 18): task family `<project>-<env>-job-<name>`. */
  readonly name: string;
  readonly description: string;
  /** Command of the container (the image's entrypoint is replaced by the timeout wrapper). */
  readonly command: readonly string[];
  /** EventBridge Scheduler expression, `cron(...)` or `rate(...)`. */
  readonly schedule: string;
  /** IANA time zone the schedule is read in (each exchange trades in its own). */
  readonly timeZone: string;
  /** Task CPU units (a Fargate size). */
  readonly cpu: number;
  /** Task memory, MiB (valid with `cpu` on Fargate). */
  readonly memoryMiB: number;
  /** A run still going after this many seconds is stopped (exit code 124); at most the schedule's shortest interval. */
  readonly timeoutSeconds: number;
  /** Data sources whose API keys the job reads (env `<NAME>_API_KEY`). */
  readonly secrets: readonly string[];
  /** Data source whose metrics the job emits (env `DATA_SOURCE`); absent: none. */
  readonly dataSource?: string;
  /** Fargate capacity of the runs. */
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  /** Retries when the scheduler cannot start the task (0-185). */
  readonly maxRetryAttempts: number;
  /** Give up starting a run this many seconds after it was due (60-86400). */
  readonly maxEventAgeSeconds: number;
  /** Schedule state: false creates it DISABLED. */
  readonly enabled: boolean;
}

/** The one-off database migration task (`npm run migrate -- <environment>`). */
export interface MigrationSettings {
  readonly command: readonly string[];
  readonly cpu: number;
  readonly memoryMiB: number;
  /** The migration is stopped after this many seconds (exit code 124). */
  readonly timeoutSeconds: number;
}

/** The pipeline's workloads of one environment. */
export interface WorkloadSettings {
  /** Data sources by name (`[a-z][a-z0-9-]`, at most 18): one Secrets Manager secret each. */
  readonly dataSources: Readonly<Record<string, DataSourceSettings>>;
  /**
   * Data sources whose API keys the API service reads. Add one only after
   * its key is set (docs/workloads.md): a service whose secret has no value
   * cannot start its tasks, and the deploy rolls back.
   */
  readonly apiSecrets: readonly string[];
  readonly jobs: readonly JobSettings[];
  readonly migration: MigrationSettings;
  /** Days a deleted data-source secret can be restored (0: deleted at once; else 7-30). */
  readonly secretRecoveryWindowDays: number;
  /** Retention of the jobs' and migration's log groups, days. */
  readonly logRetentionDays: number;
}

// ------------------------------------------------------- checked-in values

/** EXAMPLE data sources: three exchanges in their own time zones. */
const EXAMPLE_DATA_SOURCES: Readonly<Record<string, DataSourceSettings>> = {
  jse: {
    description: "EXAMPLE: Johannesburg Stock Exchange market data API",
    marketHours: {
      timeZone: "Africa/Johannesburg",
      days: "MON-FRI",
      open: "09:00",
      close: "17:00",
    },
    freshnessThresholdSeconds: 1800,
    minSuccessRatePercent: 90,
    throughput: { minRecordsPerMinute: 10000, periodSeconds: 900 },
  },
  ngx: {
    description: "EXAMPLE: Nigerian Exchange market data API",
    marketHours: {
      timeZone: "Africa/Lagos",
      days: "MON-FRI",
      open: "10:00",
      close: "14:30",
    },
    freshnessThresholdSeconds: 3600,
    minSuccessRatePercent: 90,
  },
  "nse-kenya": {
    description: "EXAMPLE: Nairobi Securities Exchange market data API",
    marketHours: {
      timeZone: "Africa/Nairobi",
      days: "MON-FRI",
      open: "09:00",
      close: "15:00",
    },
    freshnessThresholdSeconds: 3600,
    minSuccessRatePercent: 90,
  },
};

/** Defaults of a job: the smallest Fargate size, two retries, an hour to start. */
const JOB_DEFAULTS = {
  cpu: 256,
  memoryMiB: 512,
  capacityProvider: "FARGATE",
  maxRetryAttempts: 2,
  maxEventAgeSeconds: 3600,
} as const;

/** EXAMPLE collectors; `enabled` is per environment. */
function exampleJobs(enabled: boolean): JobSettings[] {
  return [
    {
      ...JOB_DEFAULTS,
      name: "jse-intraday",
      description:
        "EXAMPLE: JSE intraday prices every 15 minutes while it trades",
      command: ["python", "-m", "pipeline.collect", "--source", "jse"],
      schedule: "cron(0/15 9-16 ? * MON-FRI *)",
      timeZone: "Africa/Johannesburg",
      timeoutSeconds: 600,
      secrets: ["jse"],
      dataSource: "jse",
      enabled,
    },
    {
      ...JOB_DEFAULTS,
      name: "ngx-intraday",
      description: "EXAMPLE: NGX prices every 30 minutes while it trades",
      command: ["python", "-m", "pipeline.collect", "--source", "ngx"],
      schedule: "cron(0/30 10-14 ? * MON-FRI *)",
      timeZone: "Africa/Lagos",
      timeoutSeconds: 900,
      secrets: ["ngx"],
      dataSource: "ngx",
      enabled,
    },
    {
      ...JOB_DEFAULTS,
      name: "nse-kenya-eod",
      description: "EXAMPLE: NSE Kenya end-of-day prices after the close",
      command: ["python", "-m", "pipeline.collect", "--source", "nse-kenya"],
      schedule: "cron(30 15 ? * MON-FRI *)",
      timeZone: "Africa/Nairobi",
      timeoutSeconds: 1800,
      secrets: ["nse-kenya"],
      dataSource: "nse-kenya",
      enabled,
    },
  ];
}

const MIGRATION: MigrationSettings = {
  command: ["alembic", "upgrade", "head"],
  cpu: 256,
  memoryMiB: 512,
  timeoutSeconds: 1800,
};

/** The checked-in workloads of each environment. */
export const WORKLOADS: Readonly<Record<EnvironmentName, WorkloadSettings>> = {
  // Development: the schedules exist but are disabled (runs cost money and
  // hit rate-limited APIs); start one by hand or enable it while testing.
  development: {
    dataSources: EXAMPLE_DATA_SOURCES,
    apiSecrets: [],
    jobs: exampleJobs(false),
    migration: MIGRATION,
    // Rebuildable: a destroyed secret's name is free again at once.
    secretRecoveryWindowDays: 0,
    logRetentionDays: 7,
  },
  staging: {
    dataSources: EXAMPLE_DATA_SOURCES,
    apiSecrets: [],
    jobs: exampleJobs(true),
    migration: MIGRATION,
    secretRecoveryWindowDays: 7,
    logRetentionDays: 30,
  },
  production: {
    dataSources: EXAMPLE_DATA_SOURCES,
    apiSecrets: [],
    jobs: exampleJobs(true),
    migration: MIGRATION,
    secretRecoveryWindowDays: 30,
    logRetentionDays: 30,
  },
};

// ------------------------------------------------------------- validation

/** Environment variable a data source's API key is injected as: `nse-kenya` → `NSE_KENYA_API_KEY`. */
export function apiKeyVariable(dataSource: string): string {
  return `${dataSource.toUpperCase().replace(/-/g, "_")}_API_KEY`;
}

/** The BusinessAlarms props of each data source (the jobs stack and the check read the same). */
export function businessAlarmSettings(
  dataSources: WorkloadSettings["dataSources"],
): Record<string, DataSourceAlarmSettings> {
  return Object.fromEntries(
    Object.entries(dataSources).map(([name, s]) => [
      name,
      {
        freshnessThresholdSeconds: s.freshnessThresholdSeconds,
        minSuccessRatePercent: s.minSuccessRatePercent,
        minRecordsPerMinute: s.throughput?.minRecordsPerMinute,
        throughputPeriodSeconds: s.throughput?.periodSeconds,
        marketHours: s.marketHours,
      },
    ]),
  );
}

/** Checks that each of `names` is a defined data source, and none twice. */
function checkSourceList(
  problems: Problems,
  p: string,
  names: readonly string[],
  defined: readonly string[],
): void {
  names.forEach((name, i) =>
    problems.check(
      defined.includes(name),
      `${p}[${i}]`,
      name,
      `is not a data source defined in workloads.dataSources (${defined.join(", ") || "none"})`,
    ),
  );
  problems.check(
    new Set(names).size === names.length,
    p,
    names,
    "names a data source twice",
  );
}

/**
 * Checks `env.workloads`, recording each bad setting in `problems`: the
 * checks of the constructs the settings become (DataSourceSecrets,
 * BusinessAlarms, ScheduledJob, the migration's TaskDefinition) under the
 * settings' paths, and the rules across settings of this configuration.
 */
export function validateWorkloads(
  problems: Problems,
  env: EnvironmentConfig,
): void {
  const p = `${env.name}.workloads`;
  const w = env.workloads;
  if (w === undefined) {
    problems.check(false, p, w, "is missing");
    return;
  }
  const names = Object.keys(w.dataSources);

  // ------------------------------------------------- what AWS accepts
  checkDataSourceSecretsProps(
    problems.at(p, { recoveryWindowDays: "secretRecoveryWindowDays" }),
    {
      dataSources: Object.fromEntries(
        Object.entries(w.dataSources).map(([n, s]) => [n, s.description]),
      ),
      recoveryWindowDays: w.secretRecoveryWindowDays,
    },
  );
  checkBusinessAlarmsProps(
    problems.at(
      p,
      Object.fromEntries(
        names.flatMap((n) => [
          [
            `dataSources.${n}.minRecordsPerMinute`,
            `dataSources.${n}.throughput.minRecordsPerMinute`,
          ],
          [
            `dataSources.${n}.throughputPeriodSeconds`,
            `dataSources.${n}.throughput.periodSeconds`,
          ],
        ]),
      ),
    ),
    { dataSources: businessAlarmSettings(w.dataSources) },
  );
  w.jobs.forEach((job, i) =>
    checkScheduledJobProps(
      problems.at(`${p}.jobs[${i}]`, {
        jobName: "name",
        family: "name",
        scheduleExpression: "schedule",
      }),
      {
        jobName: job.name,
        family: `${env.project}-${env.name}-job-${job.name}`,
        command: job.command,
        scheduleExpression: job.schedule,
        timeZone: job.timeZone,
        cpu: job.cpu,
        memoryMiB: job.memoryMiB,
        timeoutSeconds: job.timeoutSeconds,
        capacityProvider: job.capacityProvider,
        maxRetryAttempts: job.maxRetryAttempts,
        maxEventAgeSeconds: job.maxEventAgeSeconds,
      },
    ),
  );
  checkTaskDefinitionProps(problems.at(`${p}.migration`), w.migration);
  checkTaskDefinitionProps(problems.at(p), {
    logRetentionDays: w.logRetentionDays,
  });

  // ----------------------------------------------------------- policy
  checkSourceList(problems, `${p}.apiSecrets`, w.apiSecrets, names);
  w.jobs.forEach((job, i) => {
    checkSourceList(problems, `${p}.jobs[${i}].secrets`, job.secrets, names);
    problems.check(
      job.dataSource === undefined || names.includes(job.dataSource),
      `${p}.jobs[${i}].dataSource`,
      job.dataSource,
      `is not a data source defined in workloads.dataSources (${names.join(", ") || "none"})`,
    );
  });
  const jobNames = w.jobs.map((j) => j.name);
  problems.check(
    new Set(jobNames).size === jobNames.length,
    `${p}.jobs`,
    jobNames,
    "names a job twice",
  );
  problems.check(
    env.name !== "production" || w.secretRecoveryWindowDays > 0,
    `${p}.secretRecoveryWindowDays`,
    w.secretRecoveryWindowDays,
    "must not be 0 in production (a destroyed API key must be recoverable)",
  );
}
