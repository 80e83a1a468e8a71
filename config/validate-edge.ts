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
import { PropChecks } from "../modules/core/prop-checks";
import { checkLoadBalancerProps } from "../modules/load-balancing";
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
