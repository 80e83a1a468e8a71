/**
 * Validation of the delivery settings; config/validate.ts runs it with the
 * rest. Each problem names its setting.
 */
import { ENVIRONMENT_NAMES, EnvironmentName } from "./environment-names";
import { Problems } from "./errors";
import type { DeliverySettings } from "./types-delivery";

/** GitHub owner (1-39 letters, digits, hyphens) / repository (letters, digits, . _ -). */
export const REPOSITORY_PATTERN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/**
 * A GitHub environment name that is safe inside an OIDC subject and an IAM
 * `StringEquals` condition: no `:` (subject separator), no `*` or `?` (IAM
 * wildcards), at most 255 characters.
 */
export const GITHUB_ENVIRONMENT_PATTERN =
  /^[A-Za-z0-9._-][A-Za-z0-9 ._-]{0,254}$/;
const BRANCH_PATTERN = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const CRON_FIELD = /^[0-9*/,-]+$/;

/** Checks the delivery settings; each problem names its setting. */
export function validateDelivery(
  problems: Problems,
  delivery: DeliverySettings | undefined,
): void {
  problems.check(delivery !== undefined, "delivery", delivery, "is missing");
  if (delivery === undefined) return;
  problems.check(
    typeof delivery.repository === "string" &&
      REPOSITORY_PATTERN.test(delivery.repository) &&
      !delivery.repository.endsWith(".git"),
    "delivery.repository",
    delivery.repository,
    'must be "<owner>/<repository>" as on GitHub (no .git, no URL)',
  );
  problems.check(
    typeof delivery.defaultBranch === "string" &&
      BRANCH_PATTERN.test(delivery.defaultBranch) &&
      !delivery.defaultBranch.includes(".."),
    "delivery.defaultBranch",
    delivery.defaultBranch,
    "must be a branch name (letters, digits, . _ - /)",
  );
  problems.check(
    Number.isInteger(delivery.maxSessionSeconds) &&
      delivery.maxSessionSeconds >= 3600 &&
      delivery.maxSessionSeconds <= 43200,
    "delivery.maxSessionSeconds",
    delivery.maxSessionSeconds,
    "must be a whole number from 3600 to 43200 (IAM's bounds)",
  );
  const seen = new Map<string, EnvironmentName>();
  for (const name of ENVIRONMENT_NAMES) {
    const p = `delivery.environments.${name}`;
    const env = delivery.environments?.[name];
    problems.check(env !== undefined, p, env, "is missing");
    if (env === undefined) continue;
    const gh = env.githubEnvironment;
    problems.check(
      typeof gh === "string" &&
        GITHUB_ENVIRONMENT_PATTERN.test(gh) &&
        gh.trim() === gh,
      `${p}.githubEnvironment`,
      gh,
      "must be a GitHub environment name: 1-255 letters, digits, spaces, . _ - (no : * ?), no surrounding spaces",
    );
    // GitHub compares environment names case-insensitively: two that differ in case are one.
    const clash = seen.get(String(gh).toLowerCase());
    problems.check(
      clash === undefined,
      `${p}.githubEnvironment`,
      gh,
      `is also ${clash}'s: each environment needs its own GitHub environment`,
    );
    seen.set(String(gh).toLowerCase(), name);
    problems.check(
      env.promotedFrom === "" ||
        ((ENVIRONMENT_NAMES as readonly string[]).includes(env.promotedFrom) &&
          env.promotedFrom !== name),
      `${p}.promotedFrom`,
      env.promotedFrom,
      `must be "" or another environment (${ENVIRONMENT_NAMES.join(", ")})`,
    );
    const fields = String(env.driftCron).trim().split(/\s+/);
    problems.check(
      fields.length === 5 && fields.every((f) => CRON_FIELD.test(f)),
      `${p}.driftCron`,
      env.driftCron,
      "must be a five-field cron expression (minute hour day month weekday)",
    );
  }
  checkPromotionChain(problems, delivery);
}

/** Exactly one environment deploys automatically, and every promotion chain reaches it. */
function checkPromotionChain(
  problems: Problems,
  delivery: DeliverySettings,
): void {
  const from = (name: EnvironmentName) =>
    delivery.environments?.[name]?.promotedFrom;
  const automatic = ENVIRONMENT_NAMES.filter((n) => from(n) === "");
  problems.check(
    automatic.length === 1,
    "delivery.environments.*.promotedFrom",
    automatic,
    'exactly one environment must have promotedFrom "" (deployed from the default branch)',
  );
  for (const name of ENVIRONMENT_NAMES) {
    const path: string[] = [name];
    for (let next = from(name); next; next = from(next as EnvironmentName)) {
      if (path.includes(next)) {
        problems.check(
          false,
          `delivery.environments.${name}.promotedFrom`,
          from(name),
          `forms a cycle (${[...path, next].join(" <- ")})`,
        );
        break;
      }
      path.push(next);
    }
  }
}
