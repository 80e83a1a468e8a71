import { PropChecks } from "../core/prop-checks";

/**
 * A fully qualified DNS name as Route 53 and ACM take it: lower-case labels
 * of letters, digits and inner dashes, at least two, no trailing dot, at
 * most 253 characters. https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html
 */
export const DNS_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks that `value` is a DNS name (see {@link DNS_NAME}). */
export function checkDnsName(
  checks: PropChecks,
  prop: string,
  value: string | undefined,
): void {
  checks.matches(
    prop,
    value,
    DNS_NAME,
    "must be a lower-case DNS name such as api.example.com (letters, digits, inner dashes, no trailing dot)",
  );
}

/** True when `name` is `zone` or lies under it. */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** `name` without its first label: the zone an `api.<zone>` name lies in by default. */
export function parentDomain(name: string): string {
  return name.slice(name.indexOf(".") + 1);
}
