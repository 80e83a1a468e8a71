/** Checks shared by the validators of each configuration section. */
import { Problems } from "./errors";

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Project names: the prefix of stack, role and resource names. */
export const PROJECT_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;

/** Checks that `value` is a 12-digit AWS account id. */
export function checkAccountId(
  problems: Problems,
  path: string,
  value: string,
): void {
  problems.check(
    ACCOUNT_ID_PATTERN.test(value),
    path,
    value,
    "must be a 12-digit AWS account id",
  );
}

/** Checks that `value` names an AWS region. */
export function checkRegion(
  problems: Problems,
  path: string,
  value: string,
): void {
  problems.check(
    REGION_PATTERN.test(value),
    path,
    value,
    "must be an AWS region name such as af-south-1",
  );
}

/** Checks a project name. */
export function checkProject(
  problems: Problems,
  path: string,
  value: string,
): void {
  problems.check(
    PROJECT_PATTERN.test(value),
    path,
    value,
    "must be lower-case letters, digits and dashes",
  );
}

/** Checks that every tag value is a non-empty string AWS accepts (at most 256 characters). */
export function checkTags(
  problems: Problems,
  path: string,
  tags: Readonly<Record<string, string>>,
): void {
  for (const [tag, value] of Object.entries(tags)) {
    problems.check(
      value.length > 0 && value.length <= 256,
      `${path}.${tag}`,
      value,
      "must be a non-empty string of at most 256 characters",
    );
  }
}
