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

/** Checks that `value` is a 12-digit AWS account id. */
export function checkAccountId(
  problems: Problems,
  path: string,
  value: unknown,
): void {
  problems.check(
    typeof value === "string" && ACCOUNT_ID_PATTERN.test(value),
    path,
    value,
    "must be a 12-digit AWS account id",
  );
}

/** Checks that every tag value is a non-empty string AWS accepts (at most 256 characters). */
export function checkTags(
  problems: Problems,
  path: string,
  tags: Readonly<Record<string, unknown>>,
): void {
  for (const [tag, value] of Object.entries(tags)) {
    problems.check(
      typeof value === "string" && value.length > 0 && value.length <= 256,
      `${path}.${tag}`,
      value,
      "must be a non-empty string of at most 256 characters",
    );
  }
}
