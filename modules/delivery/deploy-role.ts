import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, PolicyStatement } from "../security/policy";
import { checkDeployRoleProps, DeployRoleProps } from "./deploy-role-props";
import { deployIdentityStatements } from "./deploy-statements";
import { GithubActionsRole } from "./github-actions-role";
import { packStatements } from "./policy-size";
import { GLOBAL_REQUEST_REGION } from "./resource-permission-types";
import { RESOURCE_PERMISSIONS } from "./resource-permissions";
import { readActions, writeStatements } from "./resource-statements";

/**
 * The role an environment's deploy jobs assume. Its actions come from the
 * table of the stacks' resource types (resource-permissions.ts), scoped to
 * the environment's names, regions and tagged keys; it creates and changes
 * roles only with the environment's permissions boundary, attaches only the
 * stacks' managed policies, passes each role only to its service, reads no
 * secret value, and never changes the CI roles, the provider or the
 * boundary. The table's statements are customer managed policies attached
 * to the role (an inline policy holds 10,240 characters; they need more).
 */
export class DeployRole extends Construct {
  public readonly role: GithubActionsRole;
  public readonly roleArn: string;
  /** The managed policies with the table's statements. */
  public readonly resourcePolicies: IamPolicy[];

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    checkDeployRoleProps(
      new PropChecks(throwOnBadProp(`DeployRole ${id}`)),
      props,
    );
    const arnScope = {
      regions: props.regions,
      accountId: props.accountId,
      prefix: props.roleNamePrefix,
    };
    this.role = new GithubActionsRole(this, "role", {
      roleName: props.roleName,
      description:
        "GitHub Actions: deploy this environment's stacks (approved jobs only)",
      oidcProviderArn: props.oidcProviderArn,
      subjects: [props.subject],
      statements: deployIdentityStatements(props),
      maxSessionSeconds: props.maxSessionSeconds,
    });
    const tableStatements: PolicyStatement[] = [
      {
        Sid: "ReadStackResources",
        Effect: "Allow",
        Action: readActions(RESOURCE_PERMISSIONS, "regional"),
        Resource: "*",
        Condition: {
          StringEquals: { "aws:RequestedRegion": [...props.regions] },
        },
      },
      {
        Sid: "ReadGlobalStackResources",
        Effect: "Allow",
        Action: readActions(RESOURCE_PERMISSIONS, "global"),
        Resource: "*",
        Condition: {
          StringEquals: { "aws:RequestedRegion": [GLOBAL_REQUEST_REGION] },
        },
      },
      ...writeStatements(arnScope, {
        mayDeleteAuditLogging: props.mayDeleteAuditLogging,
      }),
    ];
    this.resourcePolicies = packStatements(tableStatements).map(
      (statements, index) => {
        const policy = new IamPolicy(this, `resources-${index + 1}`, {
          name: `${props.roleName}-resources-${index + 1}`,
          description: `Deploy role: the stacks' resource types (${index + 1})`,
          policy: policyDocument(statements),
        });
        new IamRolePolicyAttachment(this, `resources-${index + 1}-attachment`, {
          role: this.role.role.name,
          policyArn: policy.arn,
        });
        return policy;
      },
    );
    this.roleArn = this.role.roleArn;
  }
}
