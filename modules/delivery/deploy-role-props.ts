import { PropChecks } from "../core/prop-checks";

/** The roles of one purpose and the one service they may be passed to. */
export interface PassedRoles {
  /** Role name patterns after `<roleNamePrefix>-`, e.g. `*-task`. */
  readonly names: readonly string[];
  /** The service principal, e.g. `ecs-tasks.amazonaws.com` (`iam:PassedToService`). */
  readonly service: string;
}

/** Properties of a {@link DeployRole}. */
export interface DeployRoleProps {
  readonly roleName: string;
  readonly oidcProviderArn: string;
  /** The one token subject that may deploy: `repo:<owner>/<repo>:environment:<github environment>`. */
  readonly subject: string;
  /** The environment's account. */
  readonly accountId: string;
  /** Regions the stacks create resources in (the environment's, and its backup region). */
  readonly regions: readonly string[];
  /** Prefix of every resource name the stacks create, e.g. `financial-pipeline-production`. */
  readonly roleNamePrefix: string;
  /** ARN of the permissions boundary every role the stacks create must carry. */
  readonly permissionsBoundaryArn: string;
  /** AWS managed policies the stacks attach to their roles (`iam:PolicyARN`); nothing else can be attached. */
  readonly managedPolicyArns: readonly string[];
  /** Which roles may be passed to which service (`iam:PassRole`). */
  readonly passedRoles: readonly PassedRoles[];
  /** Tag every resource of the environment carries (`Environment`): scopes the customer keys. */
  readonly environmentTag: { readonly key: string; readonly value: string };
  /**
   * The environment may be destroyed: its trail and Config recorder may be
   * stopped and deleted. Otherwise those calls are denied.
   * @default false
   */
  readonly mayDeleteAuditLogging?: boolean;
  /**
   * The state access role the stacks' S3 backend assumes (in the state account).
   * @default - none (Terraform Cloud keeps the state)
   */
  readonly stateAccessRoleArn?: string;
  /** IAM ARNs the role must never change: the CI roles, the OIDC provider, the boundary (no self-escalation). */
  readonly protectedArns: readonly string[];
  /**
   * Longest session, seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

/** The checks of {@link DeployRoleProps}. */
export function checkDeployRoleProps(
  checks: PropChecks,
  props: Partial<DeployRoleProps>,
): void {
  checks.check(
    "regions",
    props.regions,
    (r) => r.length > 0,
    "must name at least one region",
  );
  checks.matches(
    "roleNamePrefix",
    props.roleNamePrefix,
    /^[A-Za-z0-9+=,.@_-]+$/,
    "must be IAM role name characters",
  );
  checks.matches(
    "permissionsBoundaryArn",
    props.permissionsBoundaryArn,
    /^arn:aws:iam::\d{12}:policy\/[A-Za-z0-9+=,.@_/-]+$/,
    "must be the ARN of a customer managed policy",
  );
  checks.check(
    "passedRoles",
    props.passedRoles,
    (roles) =>
      roles.every(
        (r) =>
          r.names.length > 0 && /^[a-z0-9.-]+\.amazonaws\.com$/.test(r.service),
      ),
    "each entry must name role patterns and one service principal (<name>.amazonaws.com)",
  );
}
