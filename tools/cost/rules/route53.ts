/**
 * Route 53 and ACM: a hosted zone's monthly charge and the standard queries
 * of its non-alias records; alias queries to a load balancer and public ACM
 * certificates cost nothing.
 * https://aws.amazon.com/route53/pricing/ · https://aws.amazon.com/certificate-manager/pricing/
 */
import type { FreeTypes, Rules } from "../rules";
import { assumed } from "./edge-usage";

export const ROUTE53_RULES: Rules = {
  aws_route53_zone: () => ({
    lines: [
      {
        item: "hosted zone",
        rate: "route53.zone-month",
        quantity: 1,
        assumptions: [],
      },
    ],
  }),
  aws_route53_record: (ctx) => {
    if (ctx.config.alias)
      return { free: "alias queries to AWS resources have no charge" };
    const queries = assumed(ctx, "dns-queries-per-record");
    return {
      lines: [
        {
          item: `standard queries (${queries.toLocaleString("en-US")})`,
          rate: "route53.million-queries",
          quantity: queries / 1_000_000,
          assumptions: ["dns-queries-per-record"],
        },
      ],
    };
  },
};

export const ROUTE53_FREE_TYPES: FreeTypes = {
  aws_acm_certificate: "public ACM certificates have no charge",
  aws_acm_certificate_validation:
    "no charge (a Terraform wait, no AWS resource)",
};
