/**
 * The checked-in edge settings of each environment. Their types are in
 * config/types-edge.ts, their validation in config/validate-edge.ts.
 *
 * The domains below are PLACEHOLDERS under example.com: set your own before
 * the first deploy, then delegate each created zone (docs/api.md).
 */
import type { EnvironmentName } from "./environment-names";
import type { EdgeSettings } from "./types-edge";

/** A placeholder: replace `example.com` with a domain you own. */
const placeholderDomain = (environment: EnvironmentName) =>
  `api.${environment}.pipeline.example.com`;

const INTERNET = ["0.0.0.0/0"] as const;

/**
 * Off in every checked-in environment; the `scale-out` profile turns it on
 * in staging and production. The prefix list id is a PLACEHOLDER: look up
 * your region's `com.amazonaws.global.cloudfront.origin-facing` (docs/api.md
 * "CDN") before the CDN is deployed.
 */
const CDN_OFF: EdgeSettings["cdn"] = {
  enabled: false,
  originPrefixListId: "pl-0000000000000000c",
  priceClass: "PriceClass_All",
  staticPathPattern: "/static/*",
};

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
    cdn: CDN_OFF,
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
    cdn: CDN_OFF,
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
    cdn: CDN_OFF,
  },
};
