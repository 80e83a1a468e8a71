/**
 * Types of the API's public edge settings (issue 20): its domain and
 * certificate, the web application firewall in front of the load balancer,
 * and who may reach the load balancer at all. Their values are in
 * config/edge.ts, their validation in config/validate-edge.ts; the API stack
 * builds them (docs/api.md).
 */
import type { PriceClass } from "../modules/cdn";
import type { ManagedRuleGroup } from "../modules/edge";

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

/** The optional CloudFront distribution in front of the load balancer (docs/api.md "CDN"). */
export interface CdnSettings {
  /**
   * CloudFront serves `edge.domainName` (HTTPS only; the API's answers not
   * cached, the static path cached from a private bucket) and the load
   * balancer admits CloudFront only. Needs `edge.domainName` and
   * `originPrefixListId`; not together with a restricted `ingressCidrs`.
   */
  readonly enabled: boolean;
  /**
   * Id (`pl-...`) of the AWS-managed prefix list
   * `com.amazonaws.global.cloudfront.origin-facing` in the environment's
   * region: the only addresses the load balancer admits while the CDN is on.
   * Written here, not looked up at plan time (docs/api.md "CDN").
   * @default - none (required when enabled)
   */
  readonly originPrefixListId?: string;
  /** Edge locations that serve viewers: `PriceClass_200` already has Africa's (South Africa, Kenya, Nigeria, Egypt); `PriceClass_All` adds South America and Oceania. */
  readonly priceClass: PriceClass;
  /** Folder pattern answered, cached, from the static-content bucket, e.g. `/static/*`. */
  readonly staticPathPattern: string;
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
  /** The CDN in front of the load balancer. */
  readonly cdn: CdnSettings;
}
