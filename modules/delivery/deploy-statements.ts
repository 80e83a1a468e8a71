import { PolicyStatement } from "../security/policy";
import type { DeployRoleProps } from "./deploy-role-props";
import { expandArns } from "./resource-permissions";

/** Services whose service-linked roles the stacks' resources create on first use. */
const SERVICE_LINKED = [
  "ecs.amazonaws.com",
  "ecs.application-autoscaling.amazonaws.com",
  // AWSServiceRoleForElastiCache: created with the first cache (cache.enabled).
  "elasticache.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "rds.amazonaws.com",
];

/**
 * The deploy role's inline statements: IAM on the stacks' roles (boundary,
 * managed policies, passed services), the environment's customer keys, the
 * image and migration calls of the workflows, its state role, and the
 * denies that no other statement can lift.
 */
export function deployIdentityStatements(
  props: DeployRoleProps,
): PolicyStatement[] {
  const iam = `arn:aws:iam::${props.accountId}`;
  const roles = `${iam}:role/${props.roleNamePrefix}-*`;
  const scope = {
    regions: props.regions,
    accountId: props.accountId,
    prefix: props.roleNamePrefix,
  };
  const regions = {
    StringEquals: { "aws:RequestedRegion": [...props.regions] },
  };
  const boundary = {
    "iam:PermissionsBoundary": props.permissionsBoundaryArn,
  };
  const tag = `aws:ResourceTag/${props.environmentTag.key}`;
  const statements: PolicyStatement[] = [
    // ------------------------------------------------------ IAM: roles
    {
      Sid: "ReadStackRoles",
      Effect: "Allow",
      Action: [
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
      ],
      Resource: [
        roles,
        props.permissionsBoundaryArn,
        "arn:aws:iam::aws:policy/*",
      ],
    },
    {
      // The condition key is the boundary the role has (or gets): a role
      // without this one can be neither created nor changed.
      Sid: "StackRolesOnlyWithTheBoundary",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:UpdateAssumeRolePolicy",
      ],
      Resource: roles,
      Condition: { StringEquals: boundary },
    },
    {
      Sid: "AttachOnlyTheStacksManagedPolicies",
      Effect: "Allow",
      Action: "iam:AttachRolePolicy",
      Resource: roles,
      Condition: {
        StringEquals: boundary,
        ArnEquals: { "iam:PolicyARN": [...props.managedPolicyArns].sort() },
      },
    },
    {
      Sid: "TagStackRoles",
      Effect: "Allow",
      Action: [
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      Resource: roles,
    },
    ...props.passedRoles.map(
      (passed): PolicyStatement => ({
        Sid: `PassRolesTo${passed.service
          .replace(/\.amazonaws\.com$/, "")
          .split(/[.-]/)
          .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
          .join("")}`,
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: passed.names.map(
          (name) => `${iam}:role/${props.roleNamePrefix}-${name}`,
        ),
        Condition: { StringEquals: { "iam:PassedToService": passed.service } },
      }),
    ),
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `${iam}:role/aws-service-role/*`,
      Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED } },
    },
    // ------------------------------------------------------------- KMS
    {
      Sid: "CreateKeysTaggedForThisEnvironment",
      Effect: "Allow",
      Action: "kms:CreateKey",
      Resource: "*",
      Condition: {
        StringEquals: {
          ...regions.StringEquals,
          [`aws:RequestTag/${props.environmentTag.key}`]:
            props.environmentTag.value,
        },
      },
    },
    {
      Sid: "KeysOfThisEnvironment",
      Effect: "Allow",
      Action: [
        "kms:CancelKeyDeletion",
        "kms:CreateAlias",
        "kms:CreateGrant",
        "kms:DeleteAlias",
        "kms:DisableKeyRotation",
        "kms:EnableKeyRotation",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateAlias",
        "kms:UpdateKeyDescription",
      ],
      Resource: expandArns(["arn:aws:kms:{region}:{account}:key/*"], scope),
      Condition: { StringEquals: { [tag]: props.environmentTag.value } },
    },
    {
      Sid: "AliasesOfThisEnvironment",
      Effect: "Allow",
      Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: expandArns(
        ["arn:aws:kms:{region}:{account}:alias/{prefix}-*"],
        scope,
      ),
    },
    {
      Sid: "ReadKeys",
      Effect: "Allow",
      Action: [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListAliases",
        "kms:ListResourceTags",
      ],
      Resource: "*",
      Condition: regions,
    },
    // ------------------------------------ workflows: image, migrate, roll-out
    {
      Sid: "PushImages",
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:DescribeImages",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
      Resource: expandArns(
        ["arn:aws:ecr:{region}:{account}:repository/{prefix}-*"],
        scope,
      ),
    },
    {
      Sid: "RegistryLogin",
      Effect: "Allow",
      Action: "ecr:GetAuthorizationToken",
      Resource: "*",
    },
    {
      Sid: "RunMigrations",
      Effect: "Allow",
      Action: ["ecs:DescribeTasks", "ecs:RunTask", "logs:GetLogEvents"],
      Resource: expandArns(
        [
          "arn:aws:ecs:{region}:{account}:task-definition/{prefix}-*",
          "arn:aws:ecs:{region}:{account}:task/{prefix}/*",
          "arn:aws:logs:{region}:{account}:log-group:/ecs/{prefix}-*",
        ],
        scope,
      ),
    },
  ];
  if (props.stateAccessRoleArn !== undefined) {
    statements.push({
      Sid: "StateOfThisEnvironment",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: props.stateAccessRoleArn,
    });
  }
  statements.push(
    {
      Sid: "NoChangesToDelivery",
      Effect: "Deny",
      Action: "iam:*",
      Resource: [...props.protectedArns].sort(),
    },
    {
      Sid: "BoundaryStays",
      Effect: "Deny",
      Action: "iam:DeleteRolePermissionsBoundary",
      Resource: "*",
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
    {
      Sid: "NoSecretValues",
      Effect: "Deny",
      Action: [
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
      ],
      Resource: "*",
    },
  );
  return statements;
}
