/**
 * The edge's pricing rules (tools/cost/rules/waf.ts, route53.ts, acm.ts,
 * cloudfront.ts) against
 * hand-computed examples at the round rates of fixtures.ts.
 */
import { logGroupVolume } from "../../../../tools/cost/rules";
import { CLOUDFRONT_RULES } from "../../../../tools/cost/rules/cloudfront";
import { ROUTE53_RULES } from "../../../../tools/cost/rules/route53";
import { WAF_RULES } from "../../../../tools/cost/rules/waf";
import { priceStack } from "../fixtures";

const COVERED = new Set<string>();
const cover = (type: string) => {
  COVERED.add(type);
  return type;
};
const total = (s: { lines: readonly { monthlyUsd: number }[] }) =>
  s.lines.reduce((sum, l) => sum + l.monthlyUsd, 0);

describe("edge pricing rules", () => {
  it("GIVEN a web ACL of five rules and 2,000,000 requests WHEN priced THEN 5 + 5 × 1 + 2 × 0.5", () => {
    const s = priceStack(
      {
        [cover("aws_wafv2_web_acl")]: {
          acl: { rule: [{}, {}, {}, {}, {}] },
        },
      },
      { overrides: { "waf-requests": 2_000_000 } },
    );
    expect(total(s)).toBeCloseTo(5 + 5 + 1, 9);
  });

  it("GIVEN the association and the logging configuration WHEN priced THEN both are free", () => {
    const s = priceStack({
      aws_wafv2_web_acl_association: { a: {} },
      aws_wafv2_web_acl_logging_configuration: { l: {} },
    });
    expect([total(s), s.free.map((f) => f.type), s.unpriced]).toEqual([
      0,
      [
        "aws_wafv2_web_acl_association",
        "aws_wafv2_web_acl_logging_configuration",
      ],
      [],
    ]);
  });

  it("GIVEN a hosted zone WHEN priced THEN one zone-month at 0.5", () => {
    const s = priceStack({ [cover("aws_route53_zone")]: { z: {} } });
    expect(total(s)).toBeCloseTo(0.5, 9);
  });

  it("GIVEN a CNAME with 10,000 queries and an alias WHEN priced THEN 0.01 million × 0.4 and the alias is free", () => {
    const s = priceStack({
      [cover("aws_route53_record")]: {
        cname: { type: "CNAME", records: ["x"] },
        alias: { type: "A", alias: { name: "alb" } },
      },
    });
    expect([total(s), s.free.map((f) => f.type)]).toEqual([
      expect.closeTo(0.01 * 0.4, 9),
      ["aws_route53_record"],
    ]);
  });

  it("GIVEN a public certificate and its validation WHEN priced THEN both are free", () => {
    const s = priceStack({
      aws_acm_certificate: { c: {} },
      aws_acm_certificate_validation: { v: {} },
    });
    expect([total(s), s.unpriced]).toEqual([0, []]);
  });

  it("GIVEN a distribution with 3,000,000 requests and 50 GiB out WHEN priced THEN 300 × 0.02 + 50 × 0.1, and its origin access control is free", () => {
    const s = priceStack(
      {
        [cover("aws_cloudfront_distribution")]: { d: {} },
        aws_cloudfront_origin_access_control: { o: {} },
      },
      { overrides: { "cdn-requests": 3_000_000, "cdn-data-out-gib": 50 } },
    );
    expect([total(s), s.free.map((f) => f.type), s.unpriced]).toEqual([
      expect.closeTo(300 * 0.02 + 50 * 0.1, 9),
      ["aws_cloudfront_origin_access_control"],
      [],
    ]);
  });

  it("GIVEN a WAF log group WHEN its volume is chosen THEN it is sized by waf-log-gib", () => {
    expect(logGroupVolume("aws-waf-logs-p-production-api")).toBe("waf-log-gib");
  });

  it("GIVEN the edge rules WHEN this file has run THEN each has a hand-computed example above", () => {
    expect([...COVERED].sort()).toEqual(
      Object.keys({
        ...WAF_RULES.priced,
        ...ROUTE53_RULES.priced,
        ...CLOUDFRONT_RULES.priced,
      }).sort(),
    );
  });
});
