import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { checkDnsName } from "./domain-name";

/** Properties of {@link AliasRecords}. */
export interface AliasRecordsProps {
  /** Public hosted zone of the name. */
  readonly zoneId: string;
  /** The name clients use, e.g. `api.production.example.com`. */
  readonly name: string;
  /** DNS name of the target (a load balancer's `dns_name`). */
  readonly targetDnsName: string;
  /** Hosted zone of the target (a load balancer's `zone_id`). */
  readonly targetZoneId: string;
  /**
   * Route 53 answers only while the target passes its health checks.
   * @default true
   */
  readonly evaluateTargetHealth?: boolean;
}

/**
 * `A` and `AAAA` alias records of one name to a load balancer (no charge
 * for alias queries to AWS resources). The `AAAA` record answers only
 * while the load balancer has IPv6 addresses (`dualstack`); otherwise IPv6
 * clients fall back to the `A` record.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html
 */
export class AliasRecords extends Construct {
  /** The `A` record. */
  public readonly ipv4: Route53Record;
  /** The `AAAA` record. */
  public readonly ipv6: Route53Record;

  constructor(scope: Construct, id: string, props: AliasRecordsProps) {
    super(scope, id);
    checkDnsName(
      new PropChecks(throwOnBadProp(`AliasRecords ${id}`)),
      "name",
      props.name,
    );
    const record = (type: "A" | "AAAA") =>
      new Route53Record(this, type.toLowerCase(), {
        zoneId: props.zoneId,
        name: props.name,
        type,
        alias: {
          name: props.targetDnsName,
          zoneId: props.targetZoneId,
          evaluateTargetHealth: props.evaluateTargetHealth ?? true,
        },
      });
    this.ipv4 = record("A");
    this.ipv6 = record("AAAA");
  }
}
