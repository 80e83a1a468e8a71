/**
 * AWS WAF: a web ACL's monthly charge, one monthly charge per rule (a
 * managed rule group counts as one rule; the AWS managed groups used here
 * carry no subscription fee) and the requests it inspects.
 * https://aws.amazon.com/waf/pricing/
 */
import { req, type ServiceRules } from "./rule";

const HOLDS =
  "no charge of its own (the web ACL is priced on aws_wafv2_web_acl)";

/** Priced and free resource types of this service. */
export const WAF_RULES: ServiceRules = {
  priced: {
    aws_wafv2_web_acl: (ctx) => {
      const rules = (ctx.config.rule ?? []) as unknown[];
      const requests = req(ctx, "waf-requests");
      return {
        lines: [
          {
            item: "web ACL",
            rate: "waf.web-acl-month",
            quantity: 1,
            assumptions: [],
          },
          {
            item: `rules (${rules.length}: each managed group counts as one)`,
            rate: "waf.rule-month",
            quantity: rules.length,
            assumptions: [],
          },
          {
            item: `requests inspected (${requests.toLocaleString("en-US")})`,
            rate: "waf.million-requests",
            quantity: requests / 1_000_000,
            assumptions: ["waf-requests"],
          },
        ],
      };
    },
  },
  free: {
    aws_wafv2_web_acl_association: HOLDS,
    aws_wafv2_web_acl_logging_configuration: `${HOLDS}; its logs are priced on their log group`,
  },
};
