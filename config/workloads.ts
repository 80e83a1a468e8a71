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
import { checkIntegerRange, checkLogRetention } from "./checks";
import { Problems } from "./errors";
import { isTimeZone, parseSchedule } from "./schedule";
import type { EnvironmentConfig, EnvironmentName } from "./types";
import { FARGATE_MEMORY_BY_CPU } from "./validate-api";

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

/** Names of data sources and jobs: they end up in secret, role and alarm names. */
export const WORKLOAD_NAME_PATTERN = /^[a-z][a-z0-9-]{0,16}[a-z0-9]$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAYS =
  /^(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))?(,(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))?)*$/;

/** Environment variable a data source's API key is injected as: `nse-kenya` → `NSE_KENYA_API_KEY`. */
export function apiKeyVariable(dataSource: string): string {
  return `${dataSource.toUpperCase().replace(/-/g, "_")}_API_KEY`;
}

function checkSize(
  problems: Problems,
  p: string,
  cpu: number,
  memoryMiB: number,
): void {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  problems.check(
    memories !== undefined,
    `${p}.cpu`,
    cpu,
    `must be a Fargate CPU value (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})`,
  );
  if (memories)
    problems.check(
      memories.includes(memoryMiB),
      `${p}.memoryMiB`,
      memoryMiB,
      `is not a memory size Fargate accepts with cpu ${cpu}`,
    );
}

function checkSecretList(
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

function checkCommand(
  problems: Problems,
  p: string,
  command: readonly string[],
): void {
  problems.check(
    Array.isArray(command) &&
      command.length > 0 &&
      command.every((part) => typeof part === "string" && part !== ""),
    p,
    command,
    "must be a non-empty list of non-empty strings",
  );
}

function minutesOf(clock: string): number {
  const m = CLOCK.exec(clock)!;
  return Number(m[1]) * 60 + Number(m[2]);
}

function validateDataSource(
  problems: Problems,
  p: string,
  name: string,
  source: DataSourceSettings,
): void {
  problems.check(
    WORKLOAD_NAME_PATTERN.test(name),
    p,
    name,
    "must be 2-18 lower-case letters, digits and dashes, starting with a letter",
  );
  problems.check(
    typeof source.description === "string" &&
      source.description.length > 0 &&
      source.description.length <= 2048,
    `${p}.description`,
    source.description,
    "must say what the source is (at most 2048 characters)",
  );
  checkIntegerRange(
    problems,
    `${p}.freshnessThresholdSeconds`,
    source.freshnessThresholdSeconds,
    60,
    7 * 86400,
  );
  checkIntegerRange(
    problems,
    `${p}.minSuccessRatePercent`,
    source.minSuccessRatePercent,
    1,
    100,
  );
  const hours = source.marketHours;
  if (hours) {
    problems.check(
      isTimeZone(hours.timeZone),
      `${p}.marketHours.timeZone`,
      hours.timeZone,
      "is not an IANA time zone (e.g. Africa/Johannesburg)",
    );
    problems.check(
      WEEKDAYS.test(hours.days),
      `${p}.marketHours.days`,
      hours.days,
      "must be cron weekday names, e.g. MON-FRI or MON,WED,FRI",
    );
    const clocksOk = CLOCK.test(hours.open) && CLOCK.test(hours.close);
    problems.check(
      CLOCK.test(hours.open),
      `${p}.marketHours.open`,
      hours.open,
      'must be a time "hh:mm"',
    );
    problems.check(
      CLOCK.test(hours.close),
      `${p}.marketHours.close`,
      hours.close,
      'must be a time "hh:mm"',
    );
    if (clocksOk)
      problems.check(
        minutesOf(hours.close) - minutesOf(hours.open) >= 5,
        `${p}.marketHours.close`,
        hours.close,
        `must be at least 5 minutes after open (${hours.open}) on the same day`,
      );
  }
  if (source.throughput) {
    checkIntegerRange(
      problems,
      `${p}.throughput.minRecordsPerMinute`,
      source.throughput.minRecordsPerMinute,
      1,
      100_000_000,
    );
    problems.check(
      Number.isInteger(source.throughput.periodSeconds) &&
        source.throughput.periodSeconds >= 60 &&
        source.throughput.periodSeconds <= 86400 &&
        source.throughput.periodSeconds % 60 === 0,
      `${p}.throughput.periodSeconds`,
      source.throughput.periodSeconds,
      "must be a multiple of 60 from 60 to 86400",
    );
  }
}

function validateJob(
  problems: Problems,
  p: string,
  job: JobSettings,
  dataSources: readonly string[],
): void {
  problems.check(
    WORKLOAD_NAME_PATTERN.test(job.name),
    `${p}.name`,
    job.name,
    "must be 2-18 lower-case letters, digits and dashes, starting with a letter",
  );
  checkCommand(problems, `${p}.command`, job.command);
  problems.check(
    isTimeZone(job.timeZone),
    `${p}.timeZone`,
    job.timeZone,
    "is not an IANA time zone (e.g. Africa/Johannesburg)",
  );
  checkSize(problems, p, job.cpu, job.memoryMiB);
  checkIntegerRange(
    problems,
    `${p}.timeoutSeconds`,
    job.timeoutSeconds,
    60,
    86400,
  );
  let interval: number | undefined;
  try {
    interval = parseSchedule(job.schedule).minIntervalSeconds;
  } catch (error) {
    problems.check(
      false,
      `${p}.schedule`,
      job.schedule,
      (error as Error).message,
    );
  }
  if (interval !== undefined)
    problems.check(
      job.timeoutSeconds <= interval,
      `${p}.timeoutSeconds`,
      job.timeoutSeconds,
      `is longer than the shortest interval of ${job.schedule} (${interval} s): a run could still be going when the next one starts`,
    );
  checkSecretList(problems, `${p}.secrets`, job.secrets, dataSources);
  if (job.dataSource !== undefined)
    problems.check(
      dataSources.includes(job.dataSource),
      `${p}.dataSource`,
      job.dataSource,
      `is not a data source defined in workloads.dataSources (${dataSources.join(", ") || "none"})`,
    );
  problems.check(
    job.capacityProvider === "FARGATE" ||
      job.capacityProvider === "FARGATE_SPOT",
    `${p}.capacityProvider`,
    job.capacityProvider,
    'must be "FARGATE" or "FARGATE_SPOT"',
  );
  // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
  checkIntegerRange(
    problems,
    `${p}.maxRetryAttempts`,
    job.maxRetryAttempts,
    0,
    185,
  );
  checkIntegerRange(
    problems,
    `${p}.maxEventAgeSeconds`,
    job.maxEventAgeSeconds,
    60,
    86400,
  );
}

/** Checks `env.workloads`, recording each bad setting in `problems`. */
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
  for (const [name, source] of Object.entries(w.dataSources))
    validateDataSource(problems, `${p}.dataSources.${name}`, name, source);
  checkSecretList(problems, `${p}.apiSecrets`, w.apiSecrets, names);
  w.jobs.forEach((job, i) =>
    validateJob(problems, `${p}.jobs[${i}]`, job, names),
  );
  const jobNames = w.jobs.map((j) => j.name);
  problems.check(
    new Set(jobNames).size === jobNames.length,
    `${p}.jobs`,
    jobNames,
    "names a job twice",
  );
  checkCommand(problems, `${p}.migration.command`, w.migration.command);
  checkSize(problems, `${p}.migration`, w.migration.cpu, w.migration.memoryMiB);
  checkIntegerRange(
    problems,
    `${p}.migration.timeoutSeconds`,
    w.migration.timeoutSeconds,
    60,
    86400,
  );
  checkLogRetention(problems, `${p}.logRetentionDays`, w.logRetentionDays);
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
  problems.check(
    w.secretRecoveryWindowDays === 0 ||
      (Number.isInteger(w.secretRecoveryWindowDays) &&
        w.secretRecoveryWindowDays >= 7 &&
        w.secretRecoveryWindowDays <= 30),
    `${p}.secretRecoveryWindowDays`,
    w.secretRecoveryWindowDays,
    "must be 0 (delete at once) or 7-30",
  );
  problems.check(
    env.name !== "production" || w.secretRecoveryWindowDays > 0,
    `${p}.secretRecoveryWindowDays`,
    w.secretRecoveryWindowDays,
    "must not be 0 in production (a destroyed API key must be recoverable)",
  );
}
