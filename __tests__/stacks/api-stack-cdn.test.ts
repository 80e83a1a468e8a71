/**
 * The API stack with the CDN on (`edge.cdn`, on in the `scale-out`
 * profile): what changes at the load balancer, the records and the web ACL.
 */
import { PIPELINE_CONFIG } from "../../config";
import { applyProfile } from "../../config/profiles";
import { StackJson } from "../../tools/offline-plan";
import { synthEnvironmentStacks } from "../support/environment-synth";

/* eslint-disable @typescript-eslint/no-explicit-any */
const scaleOut = applyProfile(PIPELINE_CONFIG, "scale-out");
let cdnApi: StackJson;
let plainApi: StackJson;
beforeAll(() => {
  cdnApi = synthEnvironmentStacks(scaleOut, "production").api;
  plainApi = synthEnvironmentStacks(PIPELINE_CONFIG, "production").api;
});

const resources = (json: StackJson, type: string): any[] =>
  Object.values(json.resource?.[type] ?? {});
/** `${<type>.<name>.<attribute>}` of the one resource of `type` whose name starts with `prefix`. */
const ref = (
  json: StackJson,
  type: string,
  attribute: string,
  prefix = "",
): string => {
  const names = Object.keys(json.resource?.[type] ?? {}).filter((n) =>
    n.startsWith(prefix),
  );
  expect(names).toHaveLength(1);
  return `\${${type}.${names[0]}.${attribute}}`;
};

describe("the API stack with the CDN on", () => {
  it("GIVEN the CDN WHEN synthesized THEN the load balancer admits only CloudFront's prefix list, on 443", () => {
    const rules = resources(
      cdnApi,
      "aws_vpc_security_group_ingress_rule",
    ).filter(
      (r) =>
        r.security_group_id ===
        ref(cdnApi, "aws_security_group", "id", "load-balancer_"),
    );
    expect(
      rules.map((r) => [r.from_port, r.prefix_list_id, r.cidr_ipv4]),
    ).toEqual([
      [
        443,
        scaleOut.environments.production.edge.cdn.originPrefixListId,
        undefined,
      ],
    ]);
  });

  it("GIVEN the CDN WHEN synthesized THEN the domain's A and AAAA records alias the distribution, without health evaluation", () => {
    const aliases = resources(cdnApi, "aws_route53_record")
      .filter((r) => r.alias)
      .map((r) => [r.type, r.alias]);
    const target = {
      name: ref(cdnApi, "aws_cloudfront_distribution", "domain_name"),
      zone_id: ref(cdnApi, "aws_cloudfront_distribution", "hosted_zone_id"),
      evaluate_target_health: false,
    };
    expect(aliases).toEqual([
      ["A", target],
      ["AAAA", target],
    ]);
  });

  it("GIVEN the CDN WHEN synthesized THEN the viewer certificate is requested and validated through the us-east-1 provider", () => {
    const providers = cdnApi.provider.aws as any[];
    const usEast1 = providers.find((p) => p.alias === "us_east_1");
    expect(usEast1).toMatchObject({
      region: "us-east-1",
      allowed_account_ids: providers[0].allowed_account_ids,
      default_tags: providers[0].default_tags,
    });
    const regions = (type: string) =>
      resources(cdnApi, type).map((r) => r.provider ?? "aws");
    expect(regions("aws_acm_certificate").sort()).toEqual([
      "aws",
      "aws.us_east_1",
    ]);
    expect(regions("aws_acm_certificate_validation").sort()).toEqual([
      "aws",
      "aws.us_east_1",
    ]);
  });

  it("GIVEN the CDN WHEN synthesized THEN the web ACL's rate rule counts the X-Forwarded-For address, not CloudFront's", () => {
    const rate = (json: StackJson) =>
      resources(json, "aws_wafv2_web_acl")[0].rule.find(
        (r: any) => r.name === "rate-limit-per-ip",
      ).statement.rate_based_statement;
    expect(rate(cdnApi)).toMatchObject({
      aggregate_key_type: "FORWARDED_IP",
      forwarded_ip_config: {
        header_name: "X-Forwarded-For",
        fallback_behavior: "MATCH",
      },
    });
    expect(rate(plainApi)).toMatchObject({ aggregate_key_type: "IP" });
    expect(rate(plainApi).forwarded_ip_config).toBeUndefined();
  });

  it("GIVEN the checked-in production WHEN synthesized THEN no CloudFront resource and no second provider exist", () => {
    expect(resources(plainApi, "aws_cloudfront_distribution")).toEqual([]);
    expect(
      (plainApi.provider.aws as any[]).map((p) => p.alias ?? "default"),
    ).toEqual(["default"]);
  });
});
