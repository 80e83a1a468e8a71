/**
 * The pipeline's own workloads (issue 10): the checked-in data sources,
 * scheduled collector jobs and migration task of each environment, and the
 * values the stacks derive from them. Their types are in
 * config/types-workloads.ts, their validation in config/validate-workloads.ts.
 *
 * The jobs and data sources below are EXAMPLES: they show the shape of a
 * collector for a few African exchanges (JSE, NGX, NSE Kenya). Replace the
 * commands with the pipeline image's real ones; docs/workloads.md explains
 * how to add a data source and set its key.
 */
import type { DataSourceAlarmSettings } from "../modules/workloads";
import type { EnvironmentName } from "./environment-names";
import type {
  DataSourceSettings,
  JobSettings,
  MigrationSettings,
  WorkloadSettings,
} from "./types-workloads";

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

// ------------------------------------------------------------ derivations

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
