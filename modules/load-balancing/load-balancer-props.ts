import { PropChecks, PropReport } from "../core/prop-checks";
import { parseCidr } from "../network/cidr";
import type { AccessLogBucket } from "./access-log-bucket";

/** TLS 1.3 with TLS 1.2 fallback: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Port of the HTTPS listener when a certificate is given. */
export const HTTPS_PORT = 443;
/** Plain HTTP port that, with a certificate, only redirects to HTTPS. */
export const HTTP_PORT = 80;
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
   * Further plain HTTP ports opened only with a certificate, whose listeners
   * answer nothing but a 301 to HTTPS.
   * @default [80]
   */
  readonly redirectPorts?: readonly number[];
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
  /**
   * A managed prefix list (`pl-...`), e.g. CloudFront's origin-facing one:
   * only its addresses are admitted, on the HTTPS port only (the plain
   * listeners stay, unreachable), instead of `ingressCidrs`. Needs
   * `certificateArn`. A rule referring to a prefix list counts its maximum
   * entries against the group's rules quota (55 for CloudFront's).
   * @default - `ingressCidrs` are admitted
   */
  readonly ingressPrefixListId?: string;
}

/** A prefix list id as EC2 writes it. */
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const PREFIX_LIST_ID_REASON =
  "must be a prefix list id: pl- and 8 or 17 hex digits";

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
  (props.redirectPorts ?? []).forEach((port, i) => {
    checks.wholeNumber(`redirectPorts[${i}]`, port, 1, 65535);
    checks.check(
      `redirectPorts[${i}]`,
      port,
      (p) => p !== HTTPS_PORT && p !== props.listenerPort,
      "is taken by the HTTPS or the plain listener",
    );
  });
  checks.check(
    "ingressCidrs",
    props.ingressCidrs,
    (cidrs) => cidrs.length > 0 && new Set(cidrs).size === cidrs.length,
    "must list at least one block, each once",
  );
  (props.ingressCidrs ?? []).forEach((cidr, i) =>
    checks.check(
      `ingressCidrs[${i}]`,
      cidr,
      (c) => parseCidr(c) !== undefined,
      "must be an IPv4 CIDR block without host bits, e.g. 203.0.113.0/24",
    ),
  );
  checks.matches(
    "ingressPrefixListId",
    props.ingressPrefixListId,
    PREFIX_LIST_ID,
    PREFIX_LIST_ID_REASON,
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
