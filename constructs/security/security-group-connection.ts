import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";

/** Characters AWS accepts in a security group rule description. */
const RULE_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** Checks a rule description against the characters AWS accepts; throws naming `what`. */
export function checkRuleDescription(what: string, description: string): void {
  if (!RULE_DESCRIPTION.test(description)) {
    throw new Error(
      `${what} = "${description}": a security group rule description holds 1-255 of a-z A-Z 0-9 . _-:/()#,@[]+=&;{}!$* and spaces`,
    );
  }
}

/** Properties of a {@link SecurityGroupConnection}. */
export interface SecurityGroupConnectionProps {
  /** The group whose members open the connections (gets the egress rule). */
  readonly fromSecurityGroupId: string;
  /** The group whose members accept them (gets the ingress rule). */
  readonly toSecurityGroupId: string;
  /** Destination port (a number or a token such as another stack's port output). */
  readonly port: number;
  /** Description of the egress rule on the source group. */
  readonly egressDescription: string;
  /** Description of the ingress rule on the destination group. */
  readonly ingressDescription: string;
  /**
   * IP protocol.
   * @default "tcp"
   */
  readonly protocol?: "tcp" | "udp";
}

/**
 * Allows one port from one security group to another, on both sides: an
 * egress rule on the source that references the destination group and an
 * ingress rule on the destination that references the source. Both are
 * standalone rule resources, so either group may live in another stack.
 */
export class SecurityGroupConnection extends Construct {
  public readonly egressRule: VpcSecurityGroupEgressRule;
  public readonly ingressRule: VpcSecurityGroupIngressRule;

  constructor(
    scope: Construct,
    id: string,
    props: SecurityGroupConnectionProps,
  ) {
    super(scope, id);
    const protocol = props.protocol ?? "tcp";
    const portIsKnown = !Token.isUnresolved(props.port);
    if (
      portIsKnown &&
      (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535)
    ) {
      throw new Error(
        `SecurityGroupConnection ${id}: port = ${props.port}: must be a port number (1-65535)`,
      );
    }
    checkRuleDescription(
      `SecurityGroupConnection ${id}: egressDescription`,
      props.egressDescription,
    );
    checkRuleDescription(
      `SecurityGroupConnection ${id}: ingressDescription`,
      props.ingressDescription,
    );

    this.egressRule = new VpcSecurityGroupEgressRule(this, "egress", {
      securityGroupId: props.fromSecurityGroupId,
      referencedSecurityGroupId: props.toSecurityGroupId,
      ipProtocol: protocol,
      fromPort: props.port,
      toPort: props.port,
      description: props.egressDescription,
    });
    this.ingressRule = new VpcSecurityGroupIngressRule(this, "ingress", {
      securityGroupId: props.toSecurityGroupId,
      referencedSecurityGroupId: props.fromSecurityGroupId,
      ipProtocol: protocol,
      fromPort: props.port,
      toPort: props.port,
      description: props.ingressDescription,
    });
  }
}
