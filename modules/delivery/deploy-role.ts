import { Construct } from "constructs";
import { PolicyStatement } from "../security/policy";
import { GithubActionsRole } from "./github-actions-role";

/** Services the environment stacks create resources in (all of their API actions, in the allowed regions). */
export const DEPLOY_SERVICES = [
  "application-autoscaling",
  "cloudtrail",
  "cloudwatch",
  "config",
  "ec2",
  "ecr",
  "ecs",
  "elasticloadbalancing",
  "kms",
  "logs",
  "rds",
  "s3",
  "secretsmanager",
  "sns",
] as const;

/** IAM actions on the stacks' own roles (task, execution, flow log, Config, RDS monitoring). */
const ROLE_ACTIONS = [
  "iam:AttachRolePolicy",
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListRolePolicies",
  "iam:PassRole",
  "iam:PutRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
];

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
  /** Prefix of the IAM roles the stacks create, e.g. `financial-pipeline-production`. */
  readonly roleNamePrefix: string;
  /**
   * The state access role the stacks' S3 backend assumes (in the state account).
   * @default - none (Terraform Cloud keeps the state)
   */
  readonly stateAccessRoleArn?: string;
  /** IAM ARNs the role must never change: the CI roles and the OIDC provider (no self-escalation). */
  readonly protectedArns: readonly string[];
  /**
   * Longest session, seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

/**
 * The role an environment's deploy jobs assume: every action of the services
 * the stacks use in the environment's regions, IAM on the stacks' own roles
 * only, the state access role; never the CI roles or provider themselves,
 * and never an IAM user or access key.
 */
export class DeployRole extends Construct {
  public readonly role: GithubActionsRole;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    if (props.regions.length === 0) {
      throw new Error(
        `DeployRole ${id}: regions = []: must name at least one region`,
      );
    }
    if (!/^[A-Za-z0-9+=,.@_-]+$/.test(props.roleNamePrefix)) {
      throw new Error(
        `DeployRole ${id}: roleNamePrefix = "${props.roleNamePrefix}": must be IAM role name characters`,
      );
    }
    const iam = `arn:aws:iam::${props.accountId}`;
    const statements: PolicyStatement[] = [
      {
        Sid: "StackServicesInTheEnvironmentRegions",
        Effect: "Allow",
        Action: DEPLOY_SERVICES.map((service) => `${service}:*`),
        Resource: "*",
        Condition: {
          StringEquals: { "aws:RequestedRegion": [...props.regions] },
        },
      },
      {
        Sid: "StackRoles",
        Effect: "Allow",
        Action: ROLE_ACTIONS,
        Resource: `${iam}:role/${props.roleNamePrefix}-*`,
      },
      {
        // ECS, RDS, ELB, auto scaling and Config create their service-linked roles on first use.
        Sid: "ServiceLinkedRoles",
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: `${iam}:role/aws-service-role/*`,
      },
      {
        Sid: "ReadManagedPolicies",
        Effect: "Allow",
        Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
        Resource: "arn:aws:iam::aws:policy/*",
      },
      {
        Sid: "NoChangesToDelivery",
        Effect: "Deny",
        Action: "iam:*",
        Resource: [...props.protectedArns].sort(),
      },
      {
        Sid: "NoLongLivedCredentials",
        Effect: "Deny",
        Action: [
          "iam:CreateAccessKey",
          "iam:CreateLoginProfile",
          "iam:CreateUser",
          "iam:UpdateAccessKey",
        ],
        Resource: "*",
      },
    ];
    if (props.stateAccessRoleArn !== undefined) {
      statements.splice(4, 0, {
        Sid: "StateOfThisEnvironment",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: props.stateAccessRoleArn,
      });
    }
    this.role = new GithubActionsRole(this, "role", {
      roleName: props.roleName,
      description:
        "GitHub Actions: deploy this environment's stacks (approved jobs only)",
      oidcProviderArn: props.oidcProviderArn,
      subjects: [props.subject],
      statements,
      maxSessionSeconds: props.maxSessionSeconds,
    });
    this.roleArn = this.role.roleArn;
  }
}
