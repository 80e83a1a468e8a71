import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IAspect } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Sets `permissions_boundary` on every IAM role of the scope it is added
 * to (`Aspects.of(stack).add(...)`), so that no role a module creates can
 * be forgotten; a role that names another boundary is an error.
 */
export class RoleBoundary implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof IamRole)) return;
    const current = node.permissionsBoundaryInput;
    if (current !== undefined && current !== this.boundaryArn) {
      throw new Error(
        `RoleBoundary: ${node.node.path}: permissionsBoundary = "${current}": must be the environment's boundary ${this.boundaryArn}`,
      );
    }
    node.permissionsBoundary = this.boundaryArn;
  }
}
