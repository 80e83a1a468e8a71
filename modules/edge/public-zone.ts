import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { checkDnsName } from "./domain-name";

/** A Route 53 hosted zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** Properties of a {@link PublicZone}. */
export interface PublicZoneProps {
  /** Name of the zone, e.g. `production.example.com`. */
  readonly zoneName: string;
  /**
   * Id of an existing public hosted zone of that name, which then holds the
   * records instead of a new zone.
   * @default - a new public hosted zone is created
   */
  readonly hostedZoneId?: string;
  /**
   * Let `destroy` delete the created zone with records that Terraform does
   * not manage still in it.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/** Checks {@link PublicZoneProps}; undefined props are skipped. */
export function checkPublicZoneProps(
  checks: PropChecks,
  props: Partial<PublicZoneProps>,
): void {
  checkDnsName(checks, "zoneName", props.zoneName);
  checks.matches(
    "hostedZoneId",
    props.hostedZoneId,
    HOSTED_ZONE_ID,
    "must be a Route 53 hosted zone id (Z followed by capital letters and digits)",
  );
}

/**
 * The public hosted zone that answers for a service's names: created here,
 * or an existing one by id (no lookup: plans stay offline). A created zone
 * must be delegated from its parent domain to {@link nameServers}.
 */
export class PublicZone extends Construct {
  /** Id of the zone the records go into. */
  public readonly zoneId: string;
  public readonly zoneName: string;
  /** The created zone; undefined when an existing zone is used. */
  public readonly zone?: Route53Zone;
  /** Name servers to delegate to; undefined when an existing zone is used. */
  public readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: PublicZoneProps) {
    super(scope, id);
    checkPublicZoneProps(
      new PropChecks(throwOnBadProp(`PublicZone ${id}`)),
      props,
    );
    this.zoneName = props.zoneName;
    if (props.hostedZoneId !== undefined) {
      this.zoneId = props.hostedZoneId;
      return;
    }
    this.zone = new Route53Zone(this, "zone", {
      name: props.zoneName,
      comment: `Public names of ${props.zoneName} (managed by cdktf)`,
      forceDestroy: props.forceDestroy ?? false,
    });
    this.zoneId = this.zone.zoneId;
    this.nameServers = this.zone.nameServers;
  }
}
