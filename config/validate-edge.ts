/**
 * Validation of the edge settings: the checks of the constructs they become
 * (PublicZone, WebFirewall, the load balancer's ingress) under the settings'
 * paths, and the policy: a domain or a certificate of one's own, not both;
 * staging and production serve HTTPS behind the web ACL.
 */
import {
  checkDnsName,
  checkPublicZoneProps,
  checkWebFirewallProps,
  isInZone,
} from "../modules/edge";
import { checkContentDeliveryProps } from "../modules/cdn";
import { PropChecks } from "../modules/core/prop-checks";
import {
  checkLoadBalancerProps,
  PREFIX_LIST_ID,
  PREFIX_LIST_ID_REASON,
} from "../modules/load-balancing";
import type { EnvironmentName } from "./environment-names";
import { Problems } from "./errors";
import type { EnvironmentConfig } from "./types";

/** HTTPS is on: a domain (and its certificate) or a certificate of one's own. */
export function servesHttps(env: EnvironmentConfig): boolean {
  return (
    env.edge.domainName !== undefined || env.api.certificateArn !== undefined
  );
}

/** Environments that must serve HTTPS and sit behind the web ACL; no security exception lifts this. */
const PROTECTED_ENVIRONMENTS: readonly EnvironmentName[] = [
  "staging",
  "production",
];

/** Checks `env.edge`, recording each bad setting in `problems`. */
export function validateEdge(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.edge`;
  const e = env.edge;
  const checks = new PropChecks(problems.at(p));

  // ------------------------------------------------- what AWS accepts
  checkDnsName(checks, "domainName", e.domainName);
  if (e.domainName !== undefined)
    checkPublicZoneProps(checks, {
      zoneName: e.zoneName,
      hostedZoneId: e.hostedZoneId,
    });
  checkLoadBalancerProps(problems.at(p), { ingressCidrs: e.ingressCidrs });
  // The log group's retention is api.logRetentionDays, checked with the API.
  checkWebFirewallProps(problems.at(`${p}.waf`), e.waf);
  checkContentDeliveryProps(problems.at(`${p}.cdn`), e.cdn);
  new PropChecks(problems.at(`${p}.cdn`)).matches(
    "originPrefixListId",
    e.cdn.originPrefixListId,
    PREFIX_LIST_ID,
    PREFIX_LIST_ID_REASON,
  );

  // ----------------------------------------------------------- policy
  problems.check(
    e.domainName === undefined || env.api.certificateArn === undefined,
    `${p}.domainName`,
    e.domainName,
    `must not be set together with ${env.name}.api.certificateArn: the domain brings its own certificate (unset one of them)`,
  );
  for (const setting of ["zoneName", "hostedZoneId"] as const)
    problems.check(
      e.domainName !== undefined || e[setting] === undefined,
      `${p}.${setting}`,
      e[setting],
      "is only used with edge.domainName: set that too, or remove this",
    );
  problems.check(
    e.zoneName === undefined ||
      e.domainName === undefined ||
      isInZone(e.domainName, e.zoneName),
    `${p}.zoneName`,
    e.zoneName,
    `must be ${e.domainName} or one of its parent domains`,
  );
  if (e.cdn.enabled) {
    problems.check(
      e.domainName !== undefined,
      `${p}.cdn.enabled`,
      e.cdn.enabled,
      `needs ${p}.domainName: CloudFront serves that name with its own certificate`,
    );
    problems.check(
      e.cdn.originPrefixListId !== undefined,
      `${p}.cdn.originPrefixListId`,
      e.cdn.originPrefixListId,
      "must be set while the CDN is on: the load balancer then admits CloudFront's origin-facing addresses only",
    );
    problems.check(
      e.ingressCidrs.length === 1 && e.ingressCidrs[0] === "0.0.0.0/0",
      `${p}.ingressCidrs`,
      e.ingressCidrs,
      `must be ["0.0.0.0/0"] while ${p}.cdn.enabled is on: viewers reach CloudFront, and the load balancer admits CloudFront only`,
    );
  }
  if (PROTECTED_ENVIRONMENTS.includes(env.name)) {
    problems.check(
      servesHttps(env),
      `${p}.domainName`,
      e.domainName,
      `must be set (or ${env.name}.api.certificateArn): ${env.name} serves the API over HTTPS only`,
    );
    problems.check(
      e.waf.enabled,
      `${p}.waf.enabled`,
      e.waf.enabled,
      `must be true: ${env.name}'s internet-facing load balancer sits behind the web ACL`,
    );
  }
}
