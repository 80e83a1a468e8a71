/**
 * Types of the workloads settings (docs/workloads.md): data sources and
 * their API keys, scheduled collector jobs, the migration task. Their values
 * are in config/workloads.ts, their validation in config/validate-workloads.ts;
 * `EnvironmentConfig.workloads` hooks them into the configuration.
 */

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
