/**
 * The API's public edge (issue 20): its domain and certificate, the web
 * application firewall in front of the load balancer, and who may reach the
 * load balancer at all. Types, the checked-in values of each environment and
 * their validation live here; `EnvironmentConfig.edge` hooks them into the
 * configuration, and the API stack builds them (docs/api.md).
 *
 * The domains below are PLACEHOLDERS under example.com: set your own before
 * the first deploy, then delegate each created zone (docs/api.md).
 */
import {
  checkDnsName,
  checkPublicZoneProps,
  checkWebFirewallProps,
  isInZone,
  ManagedRuleGroup,
} from "../modules/edge";
import { PropChecks } from "../modules/core/prop-checks";
import { checkLoadBalancerProps } from "../modules/load-balancing";
import { Problems } from "./errors";
import type { EnvironmentConfig, EnvironmentName } from "./types";

// ------------------------------------------------------------------ types

/** The regional web ACL on the API's load balancer. */
export interface WafSettings {
  /** A web ACL with the AWS managed rule groups and a per-IP rate limit on the load balancer; required in staging and production. */
  readonly enabled: boolean;
  /** Requests one client IP may send in 5 minutes before it is blocked (10–2,000,000,000; an analysts' gateway is one IP). */
  readonly rateLimitPerFiveMinutes: number;
  /** Managed rule groups (`core`, `known-bad-inputs`, `ip-reputation`, `sql-injection`) that only count their matches, for tuning; usually empty. */
  readonly countOnly: readonly ManagedRuleGroup[];
  /** Blocked requests within 5 minutes that page the environment's topic. */
  readonly blockedRequestsAlarmThreshold: number;
}

/** Domain, certificate, firewall and ingress of the API's load balancer. */
export interface EdgeSettings {
  /**
   * The API's DNS name, e.g. `api.production.example.com`: the API stack
   * then creates its ACM certificate (validated through DNS), alias records
   * to the load balancer and an HTTPS listener (TLS 1.3), and every plain
   * listener redirects. Not together with `api.certificateArn`.
   * @default - no domain (HTTPS only with `api.certificateArn`)
   */
  readonly domainName?: string;
  /**
   * Name of the public hosted zone the stack creates for `domainName`.
   * @default - `domainName` without its first label
   */
  readonly zoneName?: string;
  /**
   * An existing public hosted zone for `domainName`, used instead of
   * creating one (its id, `Z...`; no lookup at plan time).
   * @default - the stack creates the zone
   */
  readonly hostedZoneId?: string;
  /** IPv4 blocks admitted to the load balancer's listeners; `0.0.0.0/0` is the internet. */
  readonly ingressCidrs: readonly string[];
  /** The web application firewall. */
  readonly waf: WafSettings;
}

// ----------------------------------------------------------------- values

/** A placeholder: replace `example.com` with a domain you own. */
const placeholderDomain = (environment: EnvironmentName) =>
  `api.${environment}.pipeline.example.com`;

const INTERNET = ["0.0.0.0/0"] as const;

/** The edge of each environment. */
export const EDGE: Readonly<Record<EnvironmentName, EdgeSettings>> = {
  // Plain HTTP and no web ACL: both are security exceptions with their reasons.
  development: {
    ingressCidrs: INTERNET,
    waf: {
      enabled: false,
      rateLimitPerFiveMinutes: 2000,
      countOnly: [],
      blockedRequestsAlarmThreshold: 100,
    },
  },
  staging: {
    domainName: placeholderDomain("staging"),
    ingressCidrs: INTERNET,
    waf: {
      enabled: true,
      rateLimitPerFiveMinutes: 2000,
      countOnly: [],
      blockedRequestsAlarmThreshold: 100,
    },
  },
  production: {
    domainName: placeholderDomain("production"),
    ingressCidrs: INTERNET,
    waf: {
      enabled: true,
      // 20 requests a second from one address: room for a shared gateway.
      rateLimitPerFiveMinutes: 6000,
      countOnly: [],
      blockedRequestsAlarmThreshold: 500,
    },
  },
};

// ------------------------------------------------------------- validation

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
