import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { AccessLogBucket } from "./access-log-bucket";

/** TLS 1.3 with TLS 1.2 fallback: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Port of the HTTPS listener when a certificate is given. */
export const HTTPS_PORT = 443;
/** Longest `name_prefix` of a target group: Terraform appends 26 characters to reach the 32-character limit. */
export const MAX_TARGET_GROUP_NAME_PREFIX_LENGTH = 6;
/** An ACM certificate ARN; group 1 is its region. */
export const ACM_CERTIFICATE_ARN =
  /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;

/** Target group health check settings. */
export interface TargetHealthCheckProps {
  /**
   * Path requested on each target.
   * @default "/health"
   */
  readonly path?: string;
  /**
   * Seconds between checks.
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds to wait for an answer; must be shorter than the interval.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive successes before a target is healthy.
   * @default 2
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures before a target is unhealthy.
   * @default 3
   */
  readonly unhealthyThreshold?: number;
  /**
   * HTTP codes that count as healthy.
   * @default "200"
   */
  readonly matcher?: string;
}

/** Properties of a {@link LoadBalancer}. */
export interface LoadBalancerProps {
  /** Name of the load balancer (at most 32 characters). */
  readonly name: string;
  /**
   * Prefix of the target group's generated name (at most 6 characters).
   * The group gets a unique name so that a replacement can be created
   * before the old one is destroyed.
   * @default "tg-"
   */
  readonly targetGroupNamePrefix?: string;
  readonly vpcId: string;
  /** Public subnets, one per availability zone (at least two). */
  readonly subnetIds: readonly string[];
  /** Port the targets (containers) listen on. */
  readonly targetPort: number;
  /**
   * Port of the plain HTTP listener.
   * @default - the target port (the architecture document's ALB listens on 8000)
   */
  readonly listenerPort?: number;
  /**
   * ACM certificate (same region). When set, an HTTPS listener on 443
   * forwards to the targets and the plain listener redirects to it.
   * @default - no HTTPS listener; the plain listener forwards
   */
  readonly certificateArn?: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
   */
  readonly sslPolicy?: string;
  /** @default - see {@link TargetHealthCheckProps} */
  readonly healthCheck?: TargetHealthCheckProps;
  /**
   * Seconds a draining target keeps its in-flight requests.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * ALB deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Bucket that receives the access logs.
   * @default - no access logs
   */
  readonly accessLogs?: AccessLogBucket;
  /**
   * IPv4 ranges admitted on the listener ports.
   * @default ["0.0.0.0/0"] (internet-facing)
   */
  readonly ingressCidrs?: readonly string[];
}

/**
 * Checks {@link LoadBalancerProps} as Elastic Load Balancing would. Props
 * left undefined (their default applies) are skipped.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export function checkLoadBalancerProps(
  report: PropReport,
  props: Partial<LoadBalancerProps>,
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "name",
    props.name,
    /^(?=.{1,32}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    "must be at most 32 letters, digits and inner dashes",
  );
  checks.matches(
    "targetGroupNamePrefix",
    props.targetGroupNamePrefix,
    new RegExp(
      `^[A-Za-z0-9][A-Za-z0-9-]{0,${MAX_TARGET_GROUP_NAME_PREFIX_LENGTH - 1}}$`,
    ),
    `must be 1-${MAX_TARGET_GROUP_NAME_PREFIX_LENGTH} letters, digits and dashes, starting with a letter or digit`,
  );
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length >= 2,
    "an ALB needs subnets in two availability zones",
  );
  checks.wholeNumber("targetPort", props.targetPort, 1, 65535);
  checks.wholeNumber("listenerPort", props.listenerPort, 1, 65535);
  checks.check(
    "listenerPort",
    props.certificateArn === undefined ? undefined : props.listenerPort,
    (port) => port !== HTTPS_PORT,
    "is taken by the HTTPS listener",
  );
  checks.matches(
    "certificateArn",
    props.certificateArn,
    ACM_CERTIFICATE_ARN,
    "must be an ACM certificate ARN",
  );
  checks.wholeNumber(
    "deregistrationDelaySeconds",
    props.deregistrationDelaySeconds,
    0,
    3600,
  );
  const check = props.healthCheck ?? {};
  checks.httpPath("healthCheck.path", check.path);
  checks.wholeNumber(
    "healthCheck.intervalSeconds",
    check.intervalSeconds,
    5,
    300,
  );
  checks.wholeNumber(
    "healthCheck.timeoutSeconds",
    check.timeoutSeconds,
    2,
    120,
  );
  checks.check(
    "healthCheck.timeoutSeconds",
    check.intervalSeconds === undefined ? undefined : check.timeoutSeconds,
    (timeout) => timeout < check.intervalSeconds!,
    `must be shorter than intervalSeconds (${check.intervalSeconds})`,
  );
  checks.wholeNumber(
    "healthCheck.healthyThreshold",
    check.healthyThreshold,
    2,
    10,
  );
  checks.wholeNumber(
    "healthCheck.unhealthyThreshold",
    check.unhealthyThreshold,
    2,
    10,
  );
}

/**
 * An internet-facing Application Load Balancer with its own security group
 * (inbound on the listener ports only; outbound rules are added by whoever
 * connects it to targets), one `ip` target group, a plain HTTP listener and,
 * with a certificate, an HTTPS listener that the plain one redirects to.
 */
export class LoadBalancer extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly loadBalancer: Lb;
  public readonly targetGroup: LbTargetGroup;
  /** Every listener; targets must register only after they exist. */
  public readonly listeners: LbListener[] = [];
  /** Ports open to clients, in ascending order. */
  public readonly listenerPorts: number[];
  public readonly dnsName: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of CloudWatch metrics. */
  public readonly arnSuffix: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of CloudWatch metrics. */
  public readonly targetGroupArnSuffix: string;
  /** Base URL clients use (HTTPS when a certificate is set). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const listenerPort = props.listenerPort ?? props.targetPort;
    const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
    const deregistrationDelaySeconds = props.deregistrationDelaySeconds ?? 30;
    const ingressCidrs = props.ingressCidrs ?? ["0.0.0.0/0"];
    const targetGroupNamePrefix = props.targetGroupNamePrefix ?? "tg-";
    const check = {
      path: props.healthCheck?.path ?? "/health",
      intervalSeconds: props.healthCheck?.intervalSeconds ?? 30,
      timeoutSeconds: props.healthCheck?.timeoutSeconds ?? 5,
      healthyThreshold: props.healthCheck?.healthyThreshold ?? 2,
      unhealthyThreshold: props.healthCheck?.unhealthyThreshold ?? 3,
      matcher: props.healthCheck?.matcher ?? "200",
    };
    const https = props.certificateArn !== undefined;
    checkLoadBalancerProps(throwOnBadProp(`LoadBalancer ${id}`), {
      ...props,
      listenerPort,
      targetGroupNamePrefix,
      deregistrationDelaySeconds,
      healthCheck: check,
    });
    this.listenerPorts = https
      ? [listenerPort, HTTPS_PORT].sort((a, b) => a - b)
      : [listenerPort];

    // ------------------------------------------------------- security group
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-alb`,
      description: `Load balancer ${props.name}: clients in on the listener ports, out to its targets only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-alb` },
    });
    this.securityGroupId = this.securityGroup.id;
    for (const port of this.listenerPorts) {
      ingressCidrs.forEach((cidr, i) => {
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${i}`, {
          securityGroupId: this.securityGroup.id,
          description:
            port === listenerPort && https
              ? `HTTP on ${port} from ${cidr}, redirected to HTTPS`
              : `Clients on ${port} from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      });
    }

    // -------------------------------------------------------- load balancer
    this.loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      loadBalancerType: "application",
      internal: false,
      subnets: [...props.subnetIds],
      securityGroups: [this.securityGroup.id],
      // Malformed headers are a request-smuggling vector: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: props.accessLogs
        ? {
            bucket: props.accessLogs.bucketName,
            prefix: props.accessLogs.prefix,
            enabled: true,
          }
        : undefined,
      // ELB checks that it may write to the bucket when access logs are switched on.
      dependsOn: props.accessLogs ? [props.accessLogs.policy] : undefined,
    });
    this.dnsName = this.loadBalancer.dnsName;
    this.arnSuffix = this.loadBalancer.arnSuffix;

    // --------------------------------------------------------- target group
    // A change of port, protocol, target type or VPC replaces the group. A
    // fixed name would make that fail (DuplicateTargetGroupName), and the
    // listeners still forward to the old group, so it cannot go first: a
    // generated name lets Terraform create the new group, point the listeners
    // (and the ECS service) at it, then destroy the old one.
    this.targetGroup = new LbTargetGroup(this, "target-group", {
      namePrefix: targetGroupNamePrefix,
      targetType: "ip", // Fargate tasks register by ENI address
      port: props.targetPort,
      protocol: "HTTP",
      vpcId: props.vpcId,
      deregistrationDelay: String(deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        path: check.path,
        port: "traffic-port",
        protocol: "HTTP",
        interval: check.intervalSeconds,
        timeout: check.timeoutSeconds,
        healthyThreshold: check.healthyThreshold,
        unhealthyThreshold: check.unhealthyThreshold,
        matcher: check.matcher,
      },
      // Stateless API: any task may answer any request.
      stickiness: { type: "lb_cookie", enabled: false },
      lifecycle: { createBeforeDestroy: true },
    });
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;

    // ------------------------------------------------------------ listeners
    const forward = [{ type: "forward", targetGroupArn: this.targetGroup.arn }];
    this.listeners.push(
      new LbListener(this, "http-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: listenerPort,
        protocol: "HTTP",
        defaultAction: https
          ? [
              {
                type: "redirect",
                redirect: {
                  protocol: "HTTPS",
                  port: String(HTTPS_PORT),
                  statusCode: "HTTP_301",
                },
              },
            ]
          : forward,
      }),
    );
    if (https) {
      this.listeners.push(
        new LbListener(this, "https-listener", {
          loadBalancerArn: this.loadBalancer.arn,
          port: HTTPS_PORT,
          protocol: "HTTPS",
          sslPolicy,
          certificateArn: props.certificateArn,
          defaultAction: forward,
        }),
      );
    }
    this.url = https
      ? `https://${this.dnsName}`
      : `http://${this.dnsName}:${listenerPort}`;
  }
}
