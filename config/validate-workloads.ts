/**
 * Validation of the workloads settings: the checks of the constructs they
 * become (DataSourceSecrets, BusinessAlarms, ScheduledJob, the migration's
 * TaskDefinition) under the settings' paths, and the rules across settings
 * of this configuration.
 */
import { checkTaskDefinitionProps } from "../modules/container";
import {
  checkBusinessAlarmsProps,
  checkDataSourceSecretsProps,
  checkScheduledJobProps,
} from "../modules/workloads";
import { Problems } from "./errors";
import type { EnvironmentConfig } from "./types";
import { businessAlarmSettings } from "./workloads";

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
