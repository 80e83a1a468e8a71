/** Checks shared by the validators of each configuration section. */
import { Problems } from "./errors";

/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks a retention setting against CloudWatch's allowed values. */
export function checkLogRetention(
  problems: Problems,
  path: string,
  days: number,
): void {
  problems.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    path,
    days,
    `must be one of CloudWatch Logs' retention values (${LOG_RETENTION_DAYS.join(", ")})`,
  );
}

/** Checks that `value` is an integer within [min, max]. */
export function checkIntegerRange(
  problems: Problems,
  path: string,
  value: number,
  min: number,
  max: number,
): void {
  problems.check(
    Number.isInteger(value) && value >= min && value <= max,
    path,
    value,
    `must be a whole number from ${min} to ${max}`,
  );
}
