import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import {
  Wafv2WebAcl,
  Wafv2WebAclRule,
} from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkLogRetentionDays } from "../observability/log-retention";

/**
 * The AWS managed rule groups of the web ACL, by the short name the
 * configuration uses, in evaluation order (cheapest verdicts first).
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export const MANAGED_RULE_GROUPS = {
  "ip-reputation": "AWSManagedRulesAmazonIpReputationList",
  "known-bad-inputs": "AWSManagedRulesKnownBadInputsRuleSet",
  core: "AWSManagedRulesCommonRuleSet",
  "sql-injection": "AWSManagedRulesSQLiRuleSet",
} as const;

/** Short name of one of {@link MANAGED_RULE_GROUPS}. */
export type ManagedRuleGroup = keyof typeof MANAGED_RULE_GROUPS;

/** WAF's bounds of a rate-based rule's limit, requests per evaluation window. */
export const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

/** Properties of a {@link WebFirewall}. */
export interface WebFirewallProps {
  /** Name of the web ACL, its metrics and its alarm (letters, digits, `-`, `_`; at most 128). */
  readonly name: string;
  /** ARN of the regional resource the web ACL protects (an Application Load Balancer). */
  readonly resourceArn: string;
  /** Requests one client IP may send in 5 minutes before the rate rule blocks it. */
  readonly rateLimitPerFiveMinutes: number;
  /**
   * Managed rule groups that only count their matches (for tuning: their
   * matches show in the logs and metrics but nothing is blocked).
   * @default [] (every group blocks)
   */
  readonly countOnly?: readonly ManagedRuleGroup[];
  /** Retention of the `aws-waf-logs-<name>` log group, days. */
  readonly logRetentionDays: number;
  /** KMS key of the log group (its policy must admit CloudWatch Logs). */
  readonly logKmsKeyArn: string;
  /** SNS topic the blocked-requests alarm notifies on alarm and on recovery. */
  readonly alarmTopicArn: string;
  /** Region of the metrics (the web ACL's). */
  readonly region: string;
  /** Blocked requests within 5 minutes that raise the alarm. */
  readonly blockedRequestsAlarmThreshold: number;
  /**
   * Header with the client's address when a proxy (CloudFront) connects
   * instead of the client: the rate rule counts the header's first address,
   * not the proxy's (which would sum every client behind one edge node). A
   * client can put an address of its choice first (docs/api.md "CDN").
   * @default - the connection's source address
   */
  readonly clientIpHeader?: string;
}

/** Checks {@link WebFirewallProps}; undefined props are skipped. */
export function checkWebFirewallProps(
  report: PropReport,
  props: Partial<WebFirewallProps>,
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "name",
    props.name,
    /^[A-Za-z0-9_-]{1,115}$/,
    "must be 1-115 letters, digits, - and _ (the log group adds aws-waf-logs-)",
  );
  checks.wholeNumber(
    "rateLimitPerFiveMinutes",
    props.rateLimitPerFiveMinutes,
    RATE_LIMIT_BOUNDS.min,
    RATE_LIMIT_BOUNDS.max,
  );
  (props.countOnly ?? []).forEach((group, i) =>
    checks.oneOf(
      `countOnly[${i}]`,
      group,
      Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroup[],
    ),
  );
  checks.check(
    "countOnly",
    props.countOnly,
    (groups) => new Set(groups).size === groups.length,
    "must name each group once",
  );
  checkLogRetentionDays(checks, "logRetentionDays", props.logRetentionDays);
  checks.matches(
    "clientIpHeader",
    props.clientIpHeader,
    /^[A-Za-z0-9-]{1,255}$/,
    "must be a header name: letters, digits and -",
  );
  checks.wholeNumber(
    "blockedRequestsAlarmThreshold",
    props.blockedRequestsAlarmThreshold,
    1,
  );
}

/**
 * A regional WAFv2 web ACL in front of one resource: the AWS managed rule
 * groups of {@link MANAGED_RULE_GROUPS}, then a rate limit per client IP;
 * what no rule blocks is allowed. Full logs go to a KMS-encrypted
 * `aws-waf-logs-` log group with the `authorization` header redacted; a
 * surge of blocked requests notifies the topic.
 */
export class WebFirewall extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly association: Wafv2WebAclAssociation;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logging: Wafv2WebAclLoggingConfiguration;
  public readonly blockedRequestsAlarm: CloudwatchMetricAlarm;
  /** Metric lines (AWS/WAFV2, all rules) of a dashboard widget: allowed, blocked and counted requests. */
  public readonly dashboardMetrics: readonly (readonly unknown[])[];

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const countOnly = props.countOnly ?? [];
    checkWebFirewallProps(throwOnBadProp(`WebFirewall ${id}`), {
      ...props,
      countOnly,
    });
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const groups = Object.entries(MANAGED_RULE_GROUPS) as [
      ManagedRuleGroup,
      string,
    ][];
    const rules: Wafv2WebAclRule[] = groups.map(([key, name], priority) => ({
      name,
      priority,
      // A group in count mode still evaluates and labels, but blocks nothing.
      overrideAction: countOnly.includes(key) ? { count: {} } : { none: {} },
      statement: {
        managed_rule_group_statement: { name, vendor_name: "AWS" },
      },
      visibilityConfig: visibility(`${props.name}-${key}`),
    }));
    rules.push({
      name: "rate-limit-per-ip",
      priority: groups.length,
      action: { block: {} },
      statement: {
        rate_based_statement: {
          limit: props.rateLimitPerFiveMinutes,
          ...(props.clientIpHeader === undefined
            ? { aggregate_key_type: "IP" }
            : {
                aggregate_key_type: "FORWARDED_IP",
                // No header (a request that did not come through the proxy): counted.
                forwarded_ip_config: {
                  header_name: props.clientIpHeader,
                  fallback_behavior: "MATCH",
                },
              }),
          evaluation_window_sec: 300,
        },
      },
      visibilityConfig: visibility(`${props.name}-rate-limit`),
    });

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: `Managed rule groups and a per-IP rate limit in front of ${props.name}`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    this.association = new Wafv2WebAclAssociation(this, "association", {
      resourceArn: props.resourceArn,
      webAclArn: this.webAcl.arn,
    });

    // WAF writes to CloudWatch Logs only into groups named aws-waf-logs-*:
    // https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    this.logging = new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      // Bearer tokens and API keys never reach the logs.
      redactedFields: [{ singleHeader: { name: "authorization" } }],
    });

    const dimensions = { WebACL: props.name, Region: props.region };
    this.blockedRequestsAlarm = new CloudwatchMetricAlarm(
      this,
      "blocked-requests",
      {
        alarmName: `${props.name}-blocked-requests`,
        alarmDescription: `More than ${props.blockedRequestsAlarmThreshold} requests blocked by the web ACL in 5 minutes: an attack, or a rule blocking legitimate clients (see the aws-waf-logs-${props.name} log group)`,
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { ...dimensions, Rule: "ALL" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: props.blockedRequestsAlarmThreshold,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [props.alarmTopicArn],
        okActions: [props.alarmTopicArn],
      },
    );
    this.dashboardMetrics = ["Allowed", "Blocked", "Counted"].map((verdict) => [
      "AWS/WAFV2",
      `${verdict}Requests`,
      "WebACL",
      props.name,
      "Region",
      props.region,
      "Rule",
      "ALL",
      { label: verdict, stat: "Sum" },
    ]);
  }
}
