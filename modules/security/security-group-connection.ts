import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/**
 * Characters AWS accepts in a security group rule description:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
 */
const RULE_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/** Checks a rule description against the characters AWS accepts; reports under `prop`. */
export function checkRuleDescription(
  report: PropReport,
  prop: string,
  description: string | undefined,
): void {
  new PropChecks(report).matches(
    prop,
    description,
    RULE_DESCRIPTION,
    "must say why the port is open, in 1-255 of a-z A-Z 0-9 . _-:/()#,@[]+=&;{}!$* and spaces",
  );
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
    const report = throwOnBadProp(`SecurityGroupConnection ${id}`);
    new PropChecks(report).wholeNumber("port", props.port, 1, 65535);
    checkRuleDescription(report, "egressDescription", props.egressDescription);
    checkRuleDescription(
      report,
      "ingressDescription",
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
