import { Construct } from "constructs";
import { PolicyStatement } from "../security/policy";
import { GithubActionsRole } from "./github-actions-role";

/**
 * What `terraform plan` with refresh reads of the stacks' resources:
 * Describe / Get / List actions only, and none that returns secret data
 * (no `secretsmanager:GetSecretValue`, no `s3:GetObject`, no `kms:Decrypt`).
 */
export const PLAN_READ_ACTIONS = [
  "application-autoscaling:Describe*",
  "application-autoscaling:ListTagsForResource",
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetEventSelectors",
  "cloudtrail:GetInsightSelectors",
  "cloudtrail:GetTrail",
  "cloudtrail:GetTrailStatus",
  "cloudtrail:ListTags",
  "cloudwatch:DescribeAlarms",
  "cloudwatch:GetDashboard",
  "cloudwatch:ListTagsForResource",
  "config:Describe*",
  "config:ListTagsForResource",
  "ec2:Describe*",
  "ecr:DescribeImages",
  "ecr:DescribeRepositories",
  "ecr:GetLifecyclePolicy",
  "ecr:GetRepositoryPolicy",
  "ecr:ListTagsForResource",
  "ecs:Describe*",
  "ecs:List*",
  "elasticloadbalancing:Describe*",
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
  "logs:Describe*",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "s3:GetAccelerateConfiguration",
  "s3:GetBucket*",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "sns:GetSubscriptionAttributes",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:ListTagsForResource",
] as const;

/** Properties of a {@link PlanRole}. */
export interface PlanRoleProps {
  readonly roleName: string;
  readonly oidcProviderArn: string;
  /** Token subjects that may plan: pull requests, and the default branch (scheduled drift checks). */
  readonly subjects: readonly string[];
  /**
   * The read-only state role (in the state account): reads this
   * environment's state and takes its lock, never writes a state file.
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
