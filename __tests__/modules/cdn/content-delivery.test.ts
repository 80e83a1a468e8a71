import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import {
  ContentDelivery,
  ContentDeliveryProps,
} from "../../../modules/cdn/content-delivery";
import {
  ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
} from "../../../modules/cdn/managed-policies";
import { listOf, parse } from "../../support/synth";

/* eslint-disable @typescript-eslint/no-explicit-any */
function synthCdn(overrides: Partial<ContentDeliveryProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      const usEast1 = new AwsProvider(scope, "us-east-1", {
        alias: "us_east_1",
        region: "us-east-1",
      });
      new ContentDelivery(scope, "cdn", {
        name: "financial-pipeline-production",
        domainName: "api.production.example.com",
        zoneId: "Z0123456789ABCDEFGHIJ",
        certificateProvider: usEast1,
        apiOriginDomainName: "alb-1.af-south-1.elb.amazonaws.com",
        staticBucketName: "financial-pipeline-production-static-1-af-south-1",
        ...overrides,
      });
    }),
  );
}

const json = synthCdn();
const [distribution] = listOf(json, "aws_cloudfront_distribution") as any[];
const distributionName = Object.keys(
  json.resource.aws_cloudfront_distribution,
)[0];
const origin = (id: string) =>
  distribution.origin.find((o: any) => o.origin_id === id);

describe("ContentDelivery", () => {
  it("GIVEN a domain WHEN synthesized THEN viewers get the name's us-east-1 certificate over TLS 1.2 or later, SNI, HTTPS only", () => {
    const [certificate] = Object.keys(
      json.resource.aws_acm_certificate_validation,
    );
    expect(distribution.aliases).toEqual(["api.production.example.com"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: `\${aws_acm_certificate_validation.${certificate}.certificate_arn}`,
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
    expect(
      [
        distribution.default_cache_behavior,
        ...distribution.ordered_cache_behavior,
      ].map((b: any) => b.viewer_protocol_policy),
    ).toEqual(["https-only", "https-only"]);
    expect(
      listOf(json, "aws_acm_certificate").map((c: any) => c.provider),
    ).toEqual(["aws.us_east_1"]);
  });

  it("GIVEN the API origin WHEN synthesized THEN it is reached over HTTPS (TLS 1.2) only, with every viewer header and nothing cached", () => {
    expect(origin("api")).toMatchObject({
      domain_name: "alb-1.af-south-1.elb.amazonaws.com",
      custom_origin_config: {
        origin_protocol_policy: "https-only",
        origin_ssl_protocols: ["TLSv1.2"],
      },
    });
    expect(distribution.default_cache_behavior).toMatchObject({
      target_origin_id: "api",
      cache_policy_id: CACHING_DISABLED_POLICY_ID,
      origin_request_policy_id: ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
    });
    expect(distribution.default_cache_behavior.allowed_methods).toContain(
      "POST",
    );
  });

  it("GIVEN the static path WHEN synthesized THEN it is read-only and cached from the bucket through origin access control", () => {
    const [control] = Object.keys(
      json.resource.aws_cloudfront_origin_access_control,
    );
    expect(origin("static").origin_access_control_id).toBe(
      `\${aws_cloudfront_origin_access_control.${control}.id}`,
    );
    expect(distribution.ordered_cache_behavior).toEqual([
      expect.objectContaining({
        path_pattern: "/static/*",
        target_origin_id: "static",
        allowed_methods: ["GET", "HEAD"],
        cache_policy_id: CACHING_OPTIMIZED_POLICY_ID,
      }),
    ]);
  });

  it("GIVEN the bucket WHEN synthesized THEN its policy lets CloudFront read objects for this distribution only, and denies plain HTTP", () => {
    const [policy] = listOf(json, "aws_s3_bucket_policy") as any[];
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Condition: {
          StringEquals: {
            "AWS:SourceArn": `\${aws_cloudfront_distribution.${distributionName}.arn}`,
          },
        },
      }),
    );
    expect(statements.filter((s: any) => s.Effect === "Allow")).toHaveLength(1);
    expect(statements.some((s: any) => s.Effect === "Deny")).toBe(true);
  });

  it("GIVEN a path pattern that is not a folder WHEN constructed THEN it fails naming staticPathPattern", () => {
    expect(() => synthCdn({ staticPathPattern: "static" })).toThrow(
      /ContentDelivery cdn: staticPathPattern = "static": must be a folder pattern/,
    );
  });

  it("GIVEN an unknown price class WHEN constructed THEN it fails naming priceClass", () => {
    expect(() =>
      synthCdn({ priceClass: "PriceClass_Africa" as "PriceClass_All" }),
    ).toThrow(
      /priceClass = "PriceClass_Africa": must be one of PriceClass_100/,
    );
  });
});
