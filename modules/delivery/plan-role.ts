import { Construct } from "constructs";
import { PolicyStatement } from "../security/policy";
import { GithubActionsRole } from "./github-actions-role";
import { readActions } from "./resource-statements";

/** Reads beyond the resource table: the roles and keys, the OIDC provider, images (current-image). */
const PLAN_EXTRA_READS = [
  "ecr:DescribeImages",
  "ecs:ListTasks",
  "iam:GetOpenIDConnectProvider",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListRolePolicies",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListResourceTags",
];

/**
 * What `terraform plan` with refresh reads of the stacks' resources: the
 * `read` actions of every resource type of the table
 * (resource-permissions.ts) and the reads above, none that returns secret
 * data (no `secretsmanager:GetSecretValue`, no `s3:GetObject`, no
 * `kms:Decrypt`).
 */
export const PLAN_READ_ACTIONS: readonly string[] = [
  ...new Set([...readActions(), ...PLAN_EXTRA_READS]),
].sort();

/** Properties of a {@link PlanRole}. */
export interface PlanRoleProps {
  readonly roleName: string;
  readonly oidcProviderArn: string;
  /** Token subjects that may plan: pull requests, and the default branch (scheduled drift checks). */
  readonly subjects: readonly string[];
  /**
   * The read-only state role (in the state account): reads this
   * environment's state, never writes a state or lock file.
   * @default - none (Terraform Cloud keeps the state)
   */
  readonly stateReadRoleArn?: string;
  /**
   * Longest session, seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

/**
 * The role pull-request plans and drift checks assume: it describes the
 * environment's resources and reads its state, and can change nothing.
 */
export class PlanRole extends Construct {
  public readonly role: GithubActionsRole;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: PlanRoleProps) {
    super(scope, id);
    const statements: PolicyStatement[] = [
      {
        Sid: "DescribeStackResources",
        Effect: "Allow",
        Action: [...PLAN_READ_ACTIONS],
        Resource: "*",
      },
    ];
    if (props.stateReadRoleArn !== undefined) {
      statements.push({
        Sid: "ReadStateOfThisEnvironment",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: props.stateReadRoleArn,
      });
    }
    this.role = new GithubActionsRole(this, "role", {
      roleName: props.roleName,
      description: "GitHub Actions: plan and drift checks, read-only",
      oidcProviderArn: props.oidcProviderArn,
      subjects: props.subjects,
      statements,
      maxSessionSeconds: props.maxSessionSeconds,
    });
    this.roleArn = this.role.roleArn;
  }
}
