import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  WebFirewall,
  WebFirewallProps,
} from "../../../modules/edge/web-firewall";
import { listOf, parse } from "../../support/synth";

const ALB =
  "arn:aws:elasticloadbalancing:af-south-1:123456789012:loadbalancer/app/team/0123456789abcdef";
const KEY =
  "arn:aws:kms:af-south-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const TOPIC = "arn:aws:sns:af-south-1:123456789012:alerts";

function synthFirewall(overrides: Partial<WebFirewallProps> = {}) {
  let firewall: WebFirewall | undefined;
  const json = Testing.synthScope((scope) => {
    firewall = new WebFirewall(scope, "firewall", {
      name: "team-api",
      resourceArn: ALB,
      rateLimitPerFiveMinutes: 2000,
      logRetentionDays: 30,
      logKmsKeyArn: KEY,
      alarmTopicArn: TOPIC,
      region: "af-south-1",
      blockedRequestsAlarmThreshold: 100,
      ...overrides,
    });
  });
  return { json, firewall: firewall! };
}

type Rule = {
  name: string;
  priority: number;
  action?: object;
  override_action?: object;
  statement: Record<string, Record<string, unknown>>;
};
const rulesOf = (json: string): Rule[] =>
  listOf(parse(json), "aws_wafv2_web_acl")[0].rule;

describe("WebFirewall", () => {
  it("GIVEN a load balancer WHEN synthesized THEN a regional web ACL allows what no rule blocks and is associated with it", () => {
    const { json } = synthFirewall();
    expect(json).toHaveResourceWithProperties(Wafv2WebAcl, {
      name: "team-api",
      scope: "REGIONAL",
      default_action: { allow: {} },
    });
    expect(json).toHaveResourceWithProperties(Wafv2WebAclAssociation, {
      resource_arn: ALB,
    });
  });

  it("GIVEN the defaults WHEN synthesized THEN the four AWS managed groups block, in order, before the rate rule", () => {
    expect(
      rulesOf(synthFirewall().json).map((r) => [
        r.priority,
        r.statement.managed_rule_group_statement?.name ?? r.name,
        r.override_action ?? r.action,
      ]),
    ).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList", { none: {} }],
      [1, "AWSManagedRulesKnownBadInputsRuleSet", { none: {} }],
      [2, "AWSManagedRulesCommonRuleSet", { none: {} }],
      [3, "AWSManagedRulesSQLiRuleSet", { none: {} }],
      [4, "rate-limit-per-ip", { block: {} }],
    ]);
  });

  it("GIVEN a limit of 2000 WHEN synthesized THEN the rate rule blocks a client IP above 2000 requests in 5 minutes", () => {
    const rate = rulesOf(synthFirewall().json).find(
      (r) => r.statement.rate_based_statement,
    )!;
    expect(rate.statement.rate_based_statement).toEqual({
      limit: 2000,
      aggregate_key_type: "IP",
      evaluation_window_sec: 300,
    });
  });

  it("GIVEN countOnly core WHEN synthesized THEN only the core rule set counts and the others still block", () => {
    const actions = Object.fromEntries(
      rulesOf(synthFirewall({ countOnly: ["core"] }).json)
        .filter((r) => r.override_action)
        .map((r) => [r.name, r.override_action]),
    );
    expect(actions).toEqual({
      AWSManagedRulesAmazonIpReputationList: { none: {} },
      AWSManagedRulesKnownBadInputsRuleSet: { none: {} },
      AWSManagedRulesCommonRuleSet: { count: {} },
      AWSManagedRulesSQLiRuleSet: { none: {} },
    });
  });

  it("GIVEN the logs WHEN synthesized THEN they go to a KMS-encrypted aws-waf-logs- group with the given retention", () => {
    expect(synthFirewall().json).toHaveResourceWithProperties(
      CloudwatchLogGroup,
      {
        name: "aws-waf-logs-team-api",
        retention_in_days: 30,
        kms_key_id: KEY,
      },
    );
  });

  it("GIVEN the logging configuration WHEN synthesized THEN the web ACL logs to that group with the authorization header redacted", () => {
    const json = parse(synthFirewall().json);
    const [acl] = Object.keys(json.resource.aws_wafv2_web_acl);
    const [group] = Object.keys(json.resource.aws_cloudwatch_log_group);
    expect(listOf(json, "aws_wafv2_web_acl_logging_configuration")).toEqual([
      expect.objectContaining({
        resource_arn: `\${aws_wafv2_web_acl.${acl}.arn}`,
        log_destination_configs: [`\${aws_cloudwatch_log_group.${group}.arn}`],
        redacted_fields: [{ single_header: { name: "authorization" } }],
      }),
    ]);
  });

  it("GIVEN a threshold of 100 WHEN synthesized THEN more than 100 blocked requests in 5 minutes notify the topic, and recovery too", () => {
    expect(synthFirewall().json).toHaveResourceWithProperties(
      CloudwatchMetricAlarm,
      {
        alarm_name: "team-api-blocked-requests",
        namespace: "AWS/WAFV2",
        metric_name: "BlockedRequests",
        dimensions: { WebACL: "team-api", Region: "af-south-1", Rule: "ALL" },
        statistic: "Sum",
        period: 300,
        threshold: 100,
        comparison_operator: "GreaterThanThreshold",
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      },
    );
  });

  it("GIVEN a firewall WHEN its dashboard lines are read THEN they chart allowed, blocked and counted requests of its web ACL", () => {
    expect(
      synthFirewall().firewall.dashboardMetrics.map((m) => [m[1], m[3]]),
    ).toEqual([
      ["AllowedRequests", "team-api"],
      ["BlockedRequests", "team-api"],
      ["CountedRequests", "team-api"],
    ]);
  });

  it.each([
    [
      { rateLimitPerFiveMinutes: 5 },
      /rateLimitPerFiveMinutes = 5: must be a whole number from 10 to 2000000000/,
    ],
    [
      { countOnly: ["crs"] as never },
      /countOnly\[0\] = "crs": must be one of ip-reputation, known-bad-inputs, core, sql-injection/,
    ],
    [
      { countOnly: ["core", "core"] as const },
      /countOnly = \["core","core"\]: must name each group once/,
    ],
    [
      { logRetentionDays: 10 },
      /logRetentionDays = 10: must be one of CloudWatch Logs' retention values/,
    ],
    [{ name: "team api" }, /name = "team api": must be 1-115 letters/],
    [
      { blockedRequestsAlarmThreshold: 0 },
      /blockedRequestsAlarmThreshold = 0: must be a whole number of at least 1/,
    ],
    [
      { clientIpHeader: "X Forwarded For" },
      /clientIpHeader = "X Forwarded For": must be a header name/,
    ],
  ])(
    "GIVEN %j WHEN constructed THEN it throws naming the prop",
    (overrides, message) => {
      expect(() => synthFirewall(overrides)).toThrow(message);
    },
  );
});
