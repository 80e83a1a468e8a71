import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkDnsName, DnsValidatedCertificate } from "../edge";
import { SecureBucket } from "../storage";
import {
  ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  PRICE_CLASSES,
  PriceClass,
} from "./managed-policies";

/**
 * A cache behaviour's path pattern for a folder of static files: `/<path>/*`
 * with the characters CloudFront accepts, at most 255.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */
export const STATIC_PATH_PATTERN =
  /^(?=.{3,255}$)\/[A-Za-z0-9_.~@:+$&/-]+\/\*$/;

/** Properties of {@link ContentDelivery}. */
export interface ContentDeliveryProps {
  /** Start of the names of the distribution's parts (origin access control, comment). */
  readonly name: string;
  /** The name viewers use, the distribution's alias, e.g. `api.production.example.com`. */
  readonly domainName: string;
  /** Public hosted zone of `domainName`: the certificate's validation record goes there. */
  readonly zoneId: string;
  /**
   * A provider in us-east-1: CloudFront takes its viewer certificate from
   * ACM there only.
   */
  readonly certificateProvider: TerraformProvider;
  /**
   * DNS name of the API's origin (the load balancer's `dns_name`): reached
   * over HTTPS only, with the viewer's `Host`, so the origin's certificate
   * must be for `domainName`.
   */
  readonly apiOriginDomainName: string;
  /** Name of the private bucket of static files (globally unique: include the account and region). */
  readonly staticBucketName: string;
  /**
   * Requests under this pattern are answered from the bucket, cached.
   * @default "/static/*"
   */
  readonly staticPathPattern?: string;
  /**
   * Edge locations that serve viewers. `PriceClass_200` already has South
   * Africa, Kenya, Nigeria and Egypt; `PriceClass_All` adds the rest (South
   * America, Oceania), so no viewer is sent to a far edge.
   * @default "PriceClass_All"
   */
  readonly priceClass?: PriceClass;
}

/** Checks {@link ContentDeliveryProps}; undefined props are skipped. */
export function checkContentDeliveryProps(
  report: PropReport,
  props: Partial<ContentDeliveryProps>,
): void {
  const checks = new PropChecks(report);
  checkDnsName(checks, "domainName", props.domainName);
  checks.matches(
    "staticPathPattern",
    props.staticPathPattern,
    STATIC_PATH_PATTERN,
    "must be a folder pattern like /static/* (at most 255 characters: letters, digits and _ . ~ @ : + $ & / -)",
  );
  checks.check(
    "priceClass",
    props.priceClass,
    (c) => (PRICE_CLASSES as readonly string[]).includes(c),
    `must be one of ${PRICE_CLASSES.join(", ")}`,
  );
}

const API_ORIGIN = "api";
const STATIC_ORIGIN = "static";

/**
 * A CloudFront distribution in front of the API: HTTPS only to viewers
 * (TLS 1.2 or later, the name's own certificate from us-east-1) and to the
 * origin; the API's answers are never cached (every header, cookie and
 * query string reaches it); one path pattern is answered, cached, from a
 * private bucket that only this distribution may read (origin access
 * control, SigV4). No web ACL of its own: the regional one on the load
 * balancer inspects what CloudFront forwards (docs/api.md "CDN").
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 */
export class ContentDelivery extends Construct {
  public readonly certificate: DnsValidatedCertificate;
  public readonly staticBucket: SecureBucket;
  public readonly originAccessControl: CloudfrontOriginAccessControl;
  public readonly distribution: CloudfrontDistribution;
  /** The distribution's DNS name (`<id>.cloudfront.net`): the alias target. */
  public readonly dnsName: string;
  /** The distribution's hosted zone (the same for every distribution): the alias target's zone. */
  public readonly hostedZoneId: string;

  constructor(scope: Construct, id: string, props: ContentDeliveryProps) {
    super(scope, id);
    const staticPathPattern = props.staticPathPattern ?? "/static/*";
    const priceClass = props.priceClass ?? "PriceClass_All";
    checkContentDeliveryProps(throwOnBadProp(`ContentDelivery ${id}`), {
      ...props,
      staticPathPattern,
      priceClass,
    });

    this.certificate = new DnsValidatedCertificate(this, "certificate", {
      domainName: props.domainName,
      zoneId: props.zoneId,
      provider: props.certificateProvider,
    });

    // SSE-S3: origin access control reads SSE-KMS objects only with a key
    // policy for CloudFront, and these files are public through it anyway.
    // The policy reads the distribution's ARN when it is rendered (after
    // the distribution below exists in the tree).
    this.staticBucket = new SecureBucket(this, "static", {
      bucketName: props.staticBucketName,
      policyStatements: (bucketArn) => [
        {
          Sid: "ReadByThisDistributionOnly",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${bucketArn}/*`,
          Condition: {
            StringEquals: {
              "AWS:SourceArn": Lazy.stringValue({
                produce: () => this.distribution.arn,
              }),
            },
          },
        },
      ],
    });
    this.originAccessControl = new CloudfrontOriginAccessControl(
      this,
      "origin-access-control",
      {
        name: `${props.name}-static`,
        description: `CloudFront reads ${props.staticBucketName} signed (SigV4)`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
    );

    const readOnly = ["GET", "HEAD"];
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      comment: `${props.name}: ${props.domainName}`,
      enabled: true,
      aliases: [props.domainName],
      priceClass,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      origin: [
        {
          originId: API_ORIGIN,
          domainName: props.apiOriginDomainName,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
            originReadTimeout: 30,
            originKeepaliveTimeout: 5,
          },
        },
        {
          originId: STATIC_ORIGIN,
          domainName: this.staticBucket.bucket.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: API_ORIGIN,
        viewerProtocolPolicy: "https-only",
        allowedMethods: [
          "DELETE",
          "GET",
          "HEAD",
          "OPTIONS",
          "PATCH",
          "POST",
          "PUT",
        ],
        cachedMethods: readOnly,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          pathPattern: staticPathPattern,
          targetOriginId: STATIC_ORIGIN,
          viewerProtocolPolicy: "https-only",
          allowedMethods: readOnly,
          cachedMethods: readOnly,
          cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
          compress: true,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: {
        acmCertificateArn: this.certificate.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      // Minutes to reach every edge location: the records may point at it
      // meanwhile (it answers once deployed), the deploy need not wait.
      waitForDeployment: false,
      tags: { Name: props.domainName },
    });
    this.dnsName = this.distribution.domainName;
    this.hostedZoneId = this.distribution.hostedZoneId;
  }
}
