/**
 * AWS-managed CloudFront policies, by their fixed ids (the same in every
 * account): referring to them needs no API call at plan time and no policy
 * of our own to keep. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 * and .../using-managed-origin-request-policies.html
 */

/** `Managed-CachingDisabled`: nothing is cached (TTLs 0), for the API's answers. */
export const CACHING_DISABLED_POLICY_ID =
  "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/** `Managed-CachingOptimized`: long TTLs, gzip and Brotli, no headers or cookies in the key, for static files. */
export const CACHING_OPTIMIZED_POLICY_ID =
  "658327ea-f89d-4fab-a63d-7e88639e58f6";

/**
 * `Managed-AllViewer` origin request policy: every viewer header (`Host`
 * included), cookie and query string goes to the origin. The forwarded
 * `Host` is what lets CloudFront accept the load balancer's certificate,
 * which is for the API's name, not for the load balancer's own DNS name.
 */
export const ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID =
  "216adef6-5c7f-47e4-b989-5492eafa07d3";

/** Price classes: which edge locations serve viewers (https://aws.amazon.com/cloudfront/pricing/). */
export const PRICE_CLASSES = [
  "PriceClass_100",
  "PriceClass_200",
  "PriceClass_All",
] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** The only region CloudFront takes viewer certificates from (ACM). */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";
