/**
 * Route 53: a hosted zone's monthly charge and the standard queries of its
 * non-alias records; alias queries to a load balancer cost nothing.
 * https://aws.amazon.com/route53/pricing/
 */
import { req, type ServiceRules } from "./rule";

/** Priced and free resource types of this service. */
export const ROUTE53_RULES: ServiceRules = {
  priced: {
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
      const queries = req(ctx, "dns-queries-per-record");
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
  },
  free: {},
};
