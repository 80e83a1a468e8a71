/**
 * The API stack's public edge (docs/api.md): the zone and certificate of
 * `edge.domainName`, and, once the load balancer exists, the CDN, the alias
 * records and the web ACL. Functions of the stack, not a construct of their
 * own: each part keeps the stack as its scope, so its Terraform addresses
 * are the ones it had inside the stack.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CLOUDFRONT_CERTIFICATE_REGION, ContentDelivery } from "../modules/cdn";
import {
  AliasRecords,
  DnsValidatedCertificate,
  parentDomain,
  PublicZone,
  WebFirewall,
} from "../modules/edge";
import { LoadBalancer } from "../modules/load-balancing";
import type { LayerStack } from "./layer-stack";
import type { VpcStack } from "./vpc-stack";

/** The header CloudFront adds the viewer's address to (the last entry; a viewer may send its own first). */
const FORWARDED_FOR = "X-Forwarded-For";

/** Zone and certificate of `edge.domainName`; both undefined without a domain. */
export interface DomainParts {
  readonly zone?: PublicZone;
  readonly certificate?: DnsValidatedCertificate;
}

/** The zone (created or configured) and the DNS-validated certificate of `edge.domainName`. */
export function domainParts(stack: LayerStack): DomainParts {
  const edge = stack.environment.edge;
  if (edge.domainName === undefined) return {};
  const zone = new PublicZone(stack, "zone", {
    zoneName: edge.zoneName ?? parentDomain(edge.domainName),
    hostedZoneId: edge.hostedZoneId,
  });
  const certificate = new DnsValidatedCertificate(stack, "certificate", {
    domainName: edge.domainName,
    zoneId: zone.zoneId,
  });
  return { zone, certificate };
}

/** The load balancer's ingress: CloudFront's origin-facing prefix list while the CDN is on. */
export function loadBalancerIngress(stack: LayerStack): {
  ingressCidrs: readonly string[];
  ingressPrefixListId?: string;
} {
  const edge = stack.environment.edge;
  return edge.cdn.enabled
    ? {
        ingressCidrs: edge.ingressCidrs,
        ingressPrefixListId: edge.cdn.originPrefixListId,
      }
    : { ingressCidrs: edge.ingressCidrs };
}

/** What {@link publicEdge} built; each undefined when its setting is off. */
export interface PublicEdgeParts {
  readonly cdn?: ContentDelivery;
  readonly aliasRecords?: AliasRecords;
  readonly firewall?: WebFirewall;
}

/**
 * After the load balancer: the CDN (`edge.cdn.enabled`), the alias records
 * of `edge.domainName` (to the CDN when it is on, else to the load
 * balancer) and the web ACL (`edge.waf.enabled`).
 */
export function publicEdge(
  stack: LayerStack,
  domain: DomainParts,
  loadBalancer: LoadBalancer,
  vpc: VpcStack,
): PublicEdgeParts {
  const env = stack.environment;
  const edge = env.edge;
  const prefix = `${env.project}-${env.name}`;
  let cdn: ContentDelivery | undefined;
  let aliasRecords: AliasRecords | undefined;
  if (domain.zone && edge.domainName !== undefined) {
    if (edge.cdn.enabled) {
      // CloudFront takes its viewer certificate from us-east-1 only; same
      // account guard and tags as the stack's provider.
      const usEast1 = new AwsProvider(stack, "aws-us-east-1", {
        alias: "us_east_1",
        region: CLOUDFRONT_CERTIFICATE_REGION,
        allowedAccountIds: stack.provider.allowedAccountIds,
        defaultTags: stack.provider.defaultTags,
      });
      cdn = new ContentDelivery(stack, "cdn", {
        name: prefix,
        domainName: edge.domainName,
        zoneId: domain.zone.zoneId,
        certificateProvider: usEast1,
        apiOriginDomainName: loadBalancer.dnsName,
        staticBucketName: `${prefix}-static-${env.accountId}-${env.region}`,
        staticPathPattern: edge.cdn.staticPathPattern,
        priceClass: edge.cdn.priceClass,
      });
    }
    aliasRecords = new AliasRecords(stack, "alias-records", {
      zoneId: domain.zone.zoneId,
      name: edge.domainName,
      ...(cdn
        ? // Route 53 cannot evaluate a distribution's health.
          {
            targetDnsName: cdn.dnsName,
            targetZoneId: cdn.hostedZoneId,
            evaluateTargetHealth: false,
          }
        : {
            targetDnsName: loadBalancer.dnsName,
            targetZoneId: loadBalancer.loadBalancer.zoneId,
          }),
    });
  }
  const firewall = edge.waf.enabled
    ? new WebFirewall(stack, "firewall", {
        name: `${prefix}-api`,
        resourceArn: loadBalancer.loadBalancer.arn,
        rateLimitPerFiveMinutes: edge.waf.rateLimitPerFiveMinutes,
        countOnly: edge.waf.countOnly,
        logRetentionDays: env.api.logRetentionDays,
        logKmsKeyArn: vpc.observabilityKey.arn,
        alarmTopicArn: vpc.alerts.topicArn,
        region: env.region,
        blockedRequestsAlarmThreshold: edge.waf.blockedRequestsAlarmThreshold,
        clientIpHeader: cdn ? FORWARDED_FOR : undefined,
      })
    : undefined;
  return { cdn, aliasRecords, firewall };
}
