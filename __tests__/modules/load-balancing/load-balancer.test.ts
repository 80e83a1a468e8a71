import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { AccessLogBucket } from "../../../modules/load-balancing/access-log-bucket";
import {
  LoadBalancer,
  LoadBalancerProps,
} from "../../../modules/load-balancing/load-balancer";
import { listOf, parse, referencedName } from "../../support/synth";

const CERTIFICATE =
  "arn:aws:acm:af-south-1:123456789012:certificate/0d3c5d1e-1111-2222-3333-444455556666";

function synthLoadBalancer(
  overrides: Partial<LoadBalancerProps> = {},
  withLogs = false,
): string {
  return Testing.synthScope((scope) => {
    const accessLogs = withLogs
      ? new AccessLogBucket(scope, "logs", {
          bucketName: "team-alb-logs",
          accountId: "123456789012",
        })
      : undefined;
    new LoadBalancer(scope, "alb", {
      name: "team",
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      targetPort: 8000,
      accessLogs,
      ...overrides,
    });
  });
}

describe("LoadBalancer", () => {
  it("GIVEN public subnets WHEN synthesized THEN the ALB is internet-facing across them", () => {
    expect(synthLoadBalancer()).toHaveResourceWithProperties(Lb, {
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
    });
  });

  it("GIVEN a load balancer WHEN synthesized THEN invalid header fields are dropped", () => {
    expect(synthLoadBalancer()).toHaveResourceWithProperties(Lb, {
      drop_invalid_header_fields: true,
    });
  });

  it("GIVEN deletionProtection false WHEN synthesized THEN deletion protection is off", () => {
    expect(
      synthLoadBalancer({ deletionProtection: false }),
    ).toHaveResourceWithProperties(Lb, { enable_deletion_protection: false });
  });

  it("GIVEN no deletionProtection WHEN synthesized THEN deletion protection defaults to on", () => {
    expect(synthLoadBalancer()).toHaveResourceWithProperties(Lb, {
      enable_deletion_protection: true,
    });
  });

  it("GIVEN an access log bucket WHEN synthesized THEN logs go to it and the ALB waits for its policy", () => {
    const json = parse(synthLoadBalancer({}, true));
    const [lb] = listOf(json, "aws_lb");
    const [policy] = Object.keys(json.resource.aws_s3_bucket_policy);
    expect(lb.access_logs).toMatchObject({ enabled: true, prefix: "alb" });
    expect(lb.depends_on).toEqual([`aws_s3_bucket_policy.${policy}`]);
  });

  it("GIVEN no access log bucket WHEN synthesized THEN the ALB has no access_logs block", () => {
    const [lb] = listOf(parse(synthLoadBalancer()), "aws_lb");
    expect(lb.access_logs).toBeUndefined();
  });

  it("GIVEN target port 8000 WHEN synthesized THEN the target group is of type ip on 8000 with the document's health check", () => {
    expect(synthLoadBalancer()).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: "ip",
      port: 8000,
      protocol: "HTTP",
      health_check: {
        enabled: true,
        path: "/health",
        port: "traffic-port",
        protocol: "HTTP",
        interval: 30,
        timeout: 5,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
        matcher: "200",
      },
    });
  });

  it("GIVEN the defaults WHEN synthesized THEN the target group has a generated name and is replaced create-before-destroy", () => {
    const [group] = listOf(parse(synthLoadBalancer()), "aws_lb_target_group");
    expect(group).toMatchObject({
      name_prefix: "tg-",
      lifecycle: { create_before_destroy: true },
    });
    expect(group.name).toBeUndefined();
  });

  it("GIVEN targetGroupNamePrefix api- WHEN synthesized THEN the target group's name starts with it", () => {
    expect(
      synthLoadBalancer({ targetGroupNamePrefix: "api-" }),
    ).toHaveResourceWithProperties(LbTargetGroup, { name_prefix: "api-" });
  });

  it("GIVEN a target group name prefix of 7 characters WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthLoadBalancer({ targetGroupNamePrefix: "abcdefg" }),
    ).toThrow(/targetGroupNamePrefix = "abcdefg"/);
  });

  it("GIVEN a stateless API WHEN synthesized THEN stickiness is off", () => {
    expect(synthLoadBalancer()).toHaveResourceWithProperties(LbTargetGroup, {
      stickiness: { type: "lb_cookie", enabled: false },
    });
  });

  it("GIVEN deregistrationDelaySeconds 15 WHEN synthesized THEN draining targets are kept 15 s", () => {
    expect(
      synthLoadBalancer({ deregistrationDelaySeconds: 15 }),
    ).toHaveResourceWithProperties(LbTargetGroup, {
      deregistration_delay: "15",
    });
  });

  it("GIVEN no certificate WHEN synthesized THEN one HTTP listener on 8000 forwards to the target group", () => {
    const json = parse(synthLoadBalancer());
    const listeners = listOf(json, "aws_lb_listener");
    const [group] = Object.keys(json.resource.aws_lb_target_group);
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({ port: 8000, protocol: "HTTP" });
    expect(listeners[0].default_action).toEqual([
      {
        type: "forward",
        target_group_arn: `\${aws_lb_target_group.${group}.arn}`,
      },
    ]);
  });

  it("GIVEN a certificate WHEN synthesized THEN an HTTPS listener on 443 with the TLS 1.3 policy forwards to the targets", () => {
    expect(
      synthLoadBalancer({ certificateArn: CERTIFICATE }),
    ).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: CERTIFICATE,
    });
  });

  it("GIVEN a certificate WHEN synthesized THEN the plain listener on 8000 redirects to HTTPS 443", () => {
    const plain = listOf(
      parse(synthLoadBalancer({ certificateArn: CERTIFICATE })),
      "aws_lb_listener",
    ).find((l) => l.port === 8000);
    expect(plain?.default_action).toEqual([
      {
        type: "redirect",
        redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" },
      },
    ]);
  });

  it("GIVEN no certificate WHEN synthesized THEN the security group admits the internet on 8000 only", () => {
    const rules = listOf(
      parse(synthLoadBalancer()),
      "aws_vpc_security_group_ingress_rule",
    );
    expect(rules.map((r) => [r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      [8000, 8000, "0.0.0.0/0"],
    ]);
  });

  it("GIVEN a certificate WHEN synthesized THEN the security group admits the internet on 80, 443 and 8000", () => {
    const rules = listOf(
      parse(synthLoadBalancer({ certificateArn: CERTIFICATE })),
      "aws_vpc_security_group_ingress_rule",
    );
    expect(rules.map((r) => r.from_port).sort()).toEqual([443, 80, 8000]);
  });

  it("GIVEN a certificate WHEN synthesized THEN every plain listener (80 and 8000) only answers 301 to HTTPS 443", () => {
    const plain = listOf(
      parse(synthLoadBalancer({ certificateArn: CERTIFICATE })),
      "aws_lb_listener",
    )
      .filter((l) => l.protocol === "HTTP")
      .map((l) => [l.port, l.default_action]);
    const redirect = [
      {
        type: "redirect",
        redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" },
      },
    ];
    expect(plain).toEqual([
      [8000, redirect],
      [80, redirect],
    ]);
  });

  it("GIVEN no certificate WHEN synthesized THEN port 80 stays closed", () => {
    const json = parse(synthLoadBalancer({ redirectPorts: [80] }));
    expect([
      ...listOf(json, "aws_lb_listener").map((l) => l.port),
      ...listOf(json, "aws_vpc_security_group_ingress_rule").map(
        (r) => r.from_port,
      ),
    ]).toEqual([8000, 8000]);
  });

  it("GIVEN redirectPorts [] WHEN synthesized with a certificate THEN only 8000 redirects", () => {
    const ports = listOf(
      parse(
        synthLoadBalancer({ certificateArn: CERTIFICATE, redirectPorts: [] }),
      ),
      "aws_lb_listener",
    ).map((l) => l.port);
    expect(ports).toEqual([8000, 443]);
  });

  it("GIVEN a redirect port equal to the listener port WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthLoadBalancer({ certificateArn: CERTIFICATE, redirectPorts: [8000] }),
    ).toThrow(
      /redirectPorts\[0\] = 8000: is taken by the HTTPS or the plain listener/,
    );
  });

  it("GIVEN an allow-list of two blocks WHEN synthesized THEN each listener port admits exactly those blocks", () => {
    const rules = listOf(
      parse(
        synthLoadBalancer({
          ingressCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
        }),
      ),
      "aws_vpc_security_group_ingress_rule",
    );
    expect(rules.map((r) => `${r.cidr_ipv4}:${r.from_port}`)).toEqual([
      "203.0.113.0/24:8000",
      "198.51.100.7/32:8000",
    ]);
  });

  it.each([
    [
      ["10.0.0.1/16"],
      /ingressCidrs\[0\] = "10\.0\.0\.1\/16": must be an IPv4 CIDR block without host bits/,
    ],
    [
      ["0.0.0.0/0", "0.0.0.0/0"],
      /ingressCidrs = .*: must list at least one block, each once/,
    ],
    [[], /ingressCidrs = \[\]: must list at least one block, each once/],
  ])(
    "GIVEN ingressCidrs %j WHEN constructed THEN it throws naming the prop",
    (ingressCidrs, message) => {
      expect(() => synthLoadBalancer({ ingressCidrs })).toThrow(message);
    },
  );

  it("GIVEN the security group WHEN synthesized THEN it has no inline rules and every rule a description", () => {
    const json = parse(synthLoadBalancer());
    const [group] = listOf(json, "aws_security_group");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(group.description).toMatch(/\S/);
    for (const rule of listOf(json, "aws_vpc_security_group_ingress_rule")) {
      expect(rule.description).toMatch(/\S/);
      expect(referencedName(rule.security_group_id)).toBe(
        Object.keys(json.resource.aws_security_group)[0],
      );
    }
  });

  it("GIVEN a name of 33 characters WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthLoadBalancer({ name: "a".repeat(33) })).toThrow(
      /name = "a{33}"/,
    );
  });

  it("GIVEN one subnet WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthLoadBalancer({ subnetIds: ["subnet-a"] })).toThrow(
      /subnetIds = \["subnet-a"\]: an ALB needs subnets in two availability zones/,
    );
  });

  it("GIVEN a health check path without a leading slash WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthLoadBalancer({ healthCheck: { path: "health" } }),
    ).toThrow(/healthCheck\.path = "health"/);
  });
});
