import { PropChecks } from "../core/prop-checks";

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

/** Checks a log group retention against the values CloudWatch Logs accepts. */
export function checkLogRetentionDays(
  checks: PropChecks,
  prop: string,
  days: number | undefined,
): void {
  checks.oneOf(
    prop,
    days,
    LOG_RETENTION_DAYS as readonly number[],
    `must be one of CloudWatch Logs' retention values (${LOG_RETENTION_DAYS.join(", ")})`,
  );
}
