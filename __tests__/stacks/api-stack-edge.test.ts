/**
 * The API stack's public edge (config/types-edge.ts): domain, certificate, alias
 * records, redirects, web ACL and ingress allow-list, per environment.
 */
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import "cdktf/lib/testing/adapters/jest";
import { EnvironmentName, PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { ApiStack } from "../../stacks/api-stack";
import { DatabaseStack } from "../../stacks/database-stack";
import { VpcStack } from "../../stacks/vpc-stack";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { listOf } from "../support/synth";

interface Synthesized {
  /** The API stack's Terraform JSON, as text (for the cdktf matchers) and parsed. */
  readonly text: string;
  readonly json: StackJson;
  /** The VPC stack's Terraform JSON. */
  readonly vpc: StackJson;
}

/** Synthesizes an environment's vpc, database and api stacks as the app does. */
function synthApi(
  environment: EnvironmentName,
  config: PipelineConfig = PIPELINE_CONFIG,
): Synthesized {
  const app: App = Testing.app();
  const props = {
    environment: config.environments[environment],
    state: config.state,
  };
  const vpc = new VpcStack(app, props);
  const database = new DatabaseStack(app, { ...props, vpc });
  const api = new ApiStack(app, { ...props, vpc, database });
  app.synth();
  const read = (name: string) =>
    fs.readFileSync(
      path.join(app.outdir, "stacks", name, "cdk.tf.json"),
      "utf8",
    );
  const text = read(api.node.id);
  const vpcJson = JSON.parse(read(vpc.node.id)) as StackJson;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { text, json: JSON.parse(text) as StackJson, vpc: vpcJson };
}

const cache = new Map<EnvironmentName, Synthesized>();
function synthesized(environment: EnvironmentName): Synthesized {
  if (!cache.has(environment)) cache.set(environment, synthApi(environment));
  return cache.get(environment)!;
}

const nameOf = (json: StackJson, type: string) =>
  Object.keys(json.resource[type])[0];

describe("ApiStack edge", () => {
  // ------------------------------------------------ domain and certificate
  it.each(["staging", "production"] as const)(
    "GIVEN %s WHEN synthesized THEN the HTTPS listener serves the DNS-validated certificate of its domain with the TLS 1.3 policy",
    (environment) => {
      const { text, json } = synthesized(environment);
      const domain = PIPELINE_CONFIG.environments[environment].edge.domainName;
      expect(text).toHaveResourceWithProperties(AcmCertificate, {
        domain_name: domain,
        validation_method: "DNS",
      });
      expect(text).toHaveResourceWithProperties(LbListener, {
        port: 443,
        protocol: "HTTPS",
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificate_arn: `\${aws_acm_certificate_validation.${nameOf(json, "aws_acm_certificate_validation")}.certificate_arn}`,
      });
    },
  );

  it("GIVEN production WHEN synthesized THEN the zone production.pipeline.example.com is created and holds the validation record and the aliases", () => {
    const { text, json } = synthesized("production");
    expect(text).toHaveResourceWithProperties(Route53Zone, {
      name: "production.pipeline.example.com",
    });
    const zone = `\${aws_route53_zone.${nameOf(json, "aws_route53_zone")}.zone_id}`;
    expect(
      listOf(json, "aws_route53_record").map((r) => [r.zone_id, r.type]),
    ).toEqual([
      [zone, "A"],
      [zone, "AAAA"],
      [zone, expect.stringContaining("resource_record_type")],
    ]);
  });

  it("GIVEN production WHEN synthesized THEN its domain is an alias of the load balancer", () => {
    const { json } = synthesized("production");
    const lb = nameOf(json, "aws_lb");
    const aliases = listOf(json, "aws_route53_record").filter((r) => r.alias);
    expect(aliases.map((r) => [r.name, r.alias.name, r.alias.zone_id])).toEqual(
      ["A", "AAAA"].map(() => [
        "api.production.pipeline.example.com",
        `\${aws_lb.${lb}.dns_name}`,
        `\${aws_lb.${lb}.zone_id}`,
      ]),
    );
  });

  it("GIVEN production WHEN synthesized THEN the name servers to delegate to are an output", () => {
    const { json } = synthesized("production");
    expect(json.output.name_servers.value).toBe(
      `\${join(",", aws_route53_zone.${nameOf(json, "aws_route53_zone")}.name_servers)}`,
    );
  });

  it("GIVEN an existing zone id WHEN synthesized THEN no zone is created, the records go into it and no name servers are output", () => {
    const config = configWith(
      (c) =>
        (c.environments.production.edge.hostedZoneId = "Z0123456789ABCDEFGHIJ"),
    );
    const { json } = synthApi("production", config);
    expect({
      zones: listOf(json, "aws_route53_zone").length,
      recordZones: [
        ...new Set(listOf(json, "aws_route53_record").map((r) => r.zone_id)),
      ],
      nameServers: json.output.name_servers,
    }).toEqual({
      zones: 0,
      recordZones: ["Z0123456789ABCDEFGHIJ"],
      nameServers: undefined,
    });
  });

  it.each(["development", "staging", "production"] as const)(
    "GIVEN %s WHEN synthesized THEN the API stack reads nothing from AWS at plan time (other stacks' state and the provider's own table of ELB accounts only)",
    (environment) => {
      const data = synthesized(environment).json.data ?? {};
      expect(
        Object.keys(data).filter(
          (type) =>
            // aws_elb_service_account is a table inside the provider (access logs): no API call.
            type !== "terraform_remote_state" &&
            type !== "aws_elb_service_account",
        ),
      ).toEqual([]);
    },
  );

  // ------------------------------------------------------------- redirects
  it("GIVEN production WHEN synthesized THEN the plain listeners on 80 and 8000 only redirect to HTTPS and only 443 forwards", () => {
    const listeners = listOf(synthesized("production").json, "aws_lb_listener")
      .map((l) => [l.port, l.protocol, l.default_action[0].type])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(listeners).toEqual([
      [80, "HTTP", "redirect"],
      [443, "HTTPS", "forward"],
      [8000, "HTTP", "redirect"],
    ]);
  });

  it("GIVEN development on plain HTTP WHEN synthesized THEN it has no zone, certificate or HTTPS listener and 8000 forwards", () => {
    const { json } = synthesized("development");
    expect({
      zones: listOf(json, "aws_route53_zone").length,
      certificates: listOf(json, "aws_acm_certificate").length,
      listeners: listOf(json, "aws_lb_listener").map((l) => [
        l.port,
        l.default_action[0].type,
      ]),
    }).toEqual({
      zones: 0,
      certificates: 0,
      listeners: [[8000, "forward"]],
    });
  });

  // ------------------------------------------------------------------- WAF
  it.each(["staging", "production"] as const)(
    "GIVEN %s WHEN synthesized THEN a regional web ACL with the four managed groups and a rate rule is associated with the ALB",
    (environment) => {
      const { text, json } = synthesized(environment);
      expect(text).toHaveResourceWithProperties(Wafv2WebAcl, {
        scope: "REGIONAL",
      });
      const [acl] = listOf(json, "aws_wafv2_web_acl");
      expect(
        acl.rule.map(
          (r: { statement: Record<string, { name?: string }> }) =>
            r.statement.managed_rule_group_statement?.name ??
            Object.keys(r.statement)[0],
        ),
      ).toEqual([
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesSQLiRuleSet",
        "rate_based_statement",
      ]);
      expect(
        listOf(json, "aws_wafv2_web_acl_association")[0].resource_arn,
      ).toBe(`\${aws_lb.${nameOf(json, "aws_lb")}.arn}`);
    },
  );

  it("GIVEN production WHEN synthesized THEN the rate rule uses production's configured limit", () => {
    const [acl] = listOf(synthesized("production").json, "aws_wafv2_web_acl");
    const rate = acl.rule.find(
      (r: { statement: object }) => "rate_based_statement" in r.statement,
    );
    expect(rate.statement.rate_based_statement.limit).toBe(
      PIPELINE_CONFIG.environments.production.edge.waf.rateLimitPerFiveMinutes,
    );
  });

  it("GIVEN production WHEN synthesized THEN WAF logs go to aws-waf-logs-financial-pipeline-production-api, encrypted with the VPC stack's observability key, kept as long as the API's logs", () => {
    const { json, vpc } = synthesized("production");
    const group = listOf(json, "aws_cloudwatch_log_group").find((g) =>
      g.name.startsWith("aws-waf-logs-"),
    )!;
    const output = /outputs\.([A-Za-z0-9_-]+)\}$/.exec(group.kms_key_id)![1];
    expect({
      name: group.name,
      retention: group.retention_in_days,
      key: vpc.output[output].value,
    }).toEqual({
      name: "aws-waf-logs-financial-pipeline-production-api",
      retention: PIPELINE_CONFIG.environments.production.api.logRetentionDays,
      key: expect.stringMatching(/^\$\{aws_kms_key\.[^}]+\.arn\}$/),
    });
  });

  it("GIVEN production WHEN synthesized THEN the blocked-requests alarm notifies the environment's topic", () => {
    const { json, vpc } = synthesized("production");
    const alarm = listOf(json, "aws_cloudwatch_metric_alarm").find(
      (a) => a.namespace === "AWS/WAFV2",
    )!;
    const output = /outputs\.([A-Za-z0-9_-]+)\}$/.exec(
      alarm.alarm_actions[0],
    )![1];
    expect([
      alarm.metric_name,
      alarm.threshold,
      vpc.output[output].value,
    ]).toEqual([
      "BlockedRequests",
      PIPELINE_CONFIG.environments.production.edge.waf
        .blockedRequestsAlarmThreshold,
      expect.stringMatching(/^\$\{aws_sns_topic\.[^}]+\.arn\}$/),
    ]);
  });

  it("GIVEN production WHEN synthesized THEN the dashboard charts the web ACL's requests", () => {
    const [dashboard] = listOf(
      synthesized("production").json,
      "aws_cloudwatch_dashboard",
    );
    const waf = JSON.parse(dashboard.dashboard_body).widgets.filter(
      (w: { properties: { metrics: unknown[][] } }) =>
        w.properties.metrics.some((m) => m[0] === "AWS/WAFV2"),
    );
    expect(
      waf.map((w: { properties: { title: string } }) => w.properties.title),
    ).toEqual(["WAF requests: allowed, blocked, counted"]);
  });

  it("GIVEN development WHEN synthesized THEN it has no web ACL (its switch is off)", () => {
    expect(
      listOf(synthesized("development").json, "aws_wafv2_web_acl"),
    ).toEqual([]);
  });

  // ------------------------------------------------------------ allow-list
  it("GIVEN production allowing one gateway block WHEN synthesized THEN only that block reaches each listener port", () => {
    const config = configWith(
      (c) => (c.environments.production.edge.ingressCidrs = ["203.0.113.0/24"]),
    );
    const rules = listOf(
      synthApi("production", config).json,
      "aws_vpc_security_group_ingress_rule",
    ).filter((r) => r.cidr_ipv4 !== undefined);
    expect(rules.map((r) => `${r.cidr_ipv4}:${r.from_port}`).sort()).toEqual([
      "203.0.113.0/24:443",
      "203.0.113.0/24:80",
      "203.0.113.0/24:8000",
    ]);
  });
});
