import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { throwOnBadProp } from "../core/prop-checks";
import {
  checkLoadBalancerProps,
  DEFAULT_SSL_POLICY,
  HTTP_PORT,
  HTTPS_PORT,
  LoadBalancerProps,
} from "./load-balancer-props";

export * from "./load-balancer-props";

/**
 * An internet-facing Application Load Balancer with its own security group
 * (inbound on the listener ports only; outbound rules are added by whoever
 * connects it to targets), one `ip` target group, a plain HTTP listener and,
 * with a certificate, an HTTPS listener that every plain listener (the
 * listener port and the redirect ports) only redirects to.
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
    const redirectPorts = https ? (props.redirectPorts ?? [HTTP_PORT]) : [];
    checkLoadBalancerProps(throwOnBadProp(`LoadBalancer ${id}`), {
      ...props,
      ingressCidrs,
      redirectPorts,
      listenerPort,
      targetGroupNamePrefix,
      deregistrationDelaySeconds,
      healthCheck: check,
    });
    if (props.ingressPrefixListId !== undefined && !https)
      throwOnBadProp(`LoadBalancer ${id}`)(
        "ingressPrefixListId",
        props.ingressPrefixListId,
        "admits HTTPS only: set certificateArn too",
      );
    const plainPorts = [listenerPort, ...redirectPorts];
    this.listenerPorts = https
      ? [...plainPorts, HTTPS_PORT].sort((a, b) => a - b)
      : [listenerPort];

    // ------------------------------------------------------- security group
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.name}-alb`,
      description: `Load balancer ${props.name}: clients in on the listener ports, out to its targets only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-alb` },
    });
    this.securityGroupId = this.securityGroup.id;
    if (props.ingressPrefixListId !== undefined)
      new VpcSecurityGroupIngressRule(
        this,
        `ingress-${HTTPS_PORT}-prefix-list`,
        {
          securityGroupId: this.securityGroup.id,
          description: `HTTPS on ${HTTPS_PORT} from the prefix list ${props.ingressPrefixListId} only`,
          ipProtocol: "tcp",
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          prefixListId: props.ingressPrefixListId,
        },
      );
    const cidrPorts =
      props.ingressPrefixListId === undefined ? this.listenerPorts : [];
    for (const port of cidrPorts) {
      ingressCidrs.forEach((cidr, i) => {
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${i}`, {
          securityGroupId: this.securityGroup.id,
          description:
            plainPorts.includes(port) && https
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
    // #{host}, #{path} and #{query} are kept: only scheme and port change.
    const redirect = [
      {
        type: "redirect",
        redirect: {
          protocol: "HTTPS",
          port: String(HTTPS_PORT),
          statusCode: "HTTP_301",
        },
      },
    ];
    this.listeners.push(
      new LbListener(this, "http-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: listenerPort,
        protocol: "HTTP",
        defaultAction: https ? redirect : forward,
      }),
    );
    for (const port of redirectPorts) {
      this.listeners.push(
        new LbListener(this, `redirect-listener-${port}`, {
          loadBalancerArn: this.loadBalancer.arn,
          port,
          protocol: "HTTP",
          defaultAction: redirect,
        }),
      );
    }
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
