/**
 * CloudFront: HTTPS requests and data out to viewers, at the rates of the
 * viewers' price zone (the price file's zone is South Africa, Kenya,
 * Nigeria and the Middle East: the analysts'). Data from the origins to
 * CloudFront and the origin access control cost nothing.
 * https://aws.amazon.com/cloudfront/pricing/
 */
import { req, type ServiceRules } from "./rule";

/** Priced and free resource types of this service. */
export const CLOUDFRONT_RULES: ServiceRules = {
  priced: {
    aws_cloudfront_distribution: (ctx) => {
      const requests = req(ctx, "cdn-requests");
      const gib = req(ctx, "cdn-data-out-gib");
      return {
        lines: [
          {
            item: `HTTPS requests (${requests.toLocaleString("en-US")})`,
            rate: "cloudfront.10k-https-requests",
            quantity: requests / 10_000,
            assumptions: ["cdn-requests"],
          },
          {
            item: `data out to viewers (${gib} GiB)`,
            rate: "cloudfront.data-out-gb",
            quantity: gib,
            assumptions: ["cdn-data-out-gib"],
          },
        ],
      };
    },
  },
  free: {
    aws_cloudfront_origin_access_control: "no charge",
  },
};
