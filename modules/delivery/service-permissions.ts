/** Rows of RESOURCE_PERMISSIONS (resource-permissions.ts): storage, database, containers, jobs. */
import type { ResourcePermissions } from "./resource-permission-types";

const S3_BUCKET_READ = [
  "s3:GetAccelerateConfiguration",
  "s3:GetBucket*",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListBucket",
];
const BUCKETS = ["arn:aws:s3:::{prefix}-*"];
const RDS = (kind: string) => [
  `arn:aws:rds:{region}:{account}:${kind}:{prefix}-*`,
];
const LB = [
  "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/{prefix}/*",
  "arn:aws:elasticloadbalancing:{region}:{account}:listener/app/{prefix}/*",
  // Target groups have a name prefix ("api-") and a generated suffix.
  "arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/*",
];
const ECS_CLUSTER = "arn:aws:ecs:{region}:{account}:cluster/{prefix}";
const SECRETS = [
  "arn:aws:secretsmanager:{region}:{account}:secret:{prefix}/*",
  // The database logins' secrets (the proxy authenticates with them).
  "arn:aws:secretsmanager:{region}:{account}:secret:{prefix}-postgres/logins/*",
];
// A proxy's target group has a generated id (prx-tg-...).
const PROXY = ["arn:aws:rds:{region}:{account}:target-group:*"];

/** Storage, database, container and job resource types. */
export const SERVICE_PERMISSIONS: Readonly<
  Record<string, ResourcePermissions>
> = {
  // ------------------------------------------------------------ storage
  aws_s3_bucket: {
    deploy: ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketTagging"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_policy: {
    deploy: ["s3:DeleteBucketPolicy", "s3:PutBucketPolicy"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_ownership_controls: {
    deploy: ["s3:PutBucketOwnershipControls"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_public_access_block: {
    deploy: ["s3:PutBucketPublicAccessBlock"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    deploy: ["s3:PutEncryptionConfiguration"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_versioning: {
    deploy: ["s3:PutBucketVersioning"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },
  aws_s3_bucket_lifecycle_configuration: {
    deploy: ["s3:PutLifecycleConfiguration"],
    read: S3_BUCKET_READ,
    arns: BUCKETS,
  },

  // ------------------------------------------------------------ database
  aws_db_instance: {
    deploy: [
      "rds:AddTagsToResource",
      "rds:CreateDBInstance",
      // Read replicas (database.readReplicas); promotion: docs/database.md.
      "rds:CreateDBInstanceReadReplica",
      "rds:DeleteDBInstance",
      "rds:ModifyDBInstance",
      "rds:PromoteReadReplica",
      "rds:RebootDBInstance",
      "rds:RemoveTagsFromResource",
    ],
    read: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
    arns: [
      ...RDS("db"),
      ...RDS("pg"),
      ...RDS("subgrp"),
      "arn:aws:rds:{region}:{account}:og:default*",
    ],
  },
  aws_db_parameter_group: {
    deploy: [
      "rds:AddTagsToResource",
      "rds:CreateDBParameterGroup",
      "rds:DeleteDBParameterGroup",
      "rds:ModifyDBParameterGroup",
      "rds:RemoveTagsFromResource",
    ],
    read: ["rds:DescribeDBParameterGroups", "rds:DescribeDBParameters"],
    arns: RDS("pg"),
  },
  aws_db_subnet_group: {
    deploy: [
      "rds:AddTagsToResource",
      "rds:CreateDBSubnetGroup",
      "rds:DeleteDBSubnetGroup",
      "rds:ModifyDBSubnetGroup",
      "rds:RemoveTagsFromResource",
    ],
    read: ["rds:DescribeDBSubnetGroups"],
    arns: RDS("subgrp"),
  },
  aws_db_proxy: {
    // Its role is passed to rds.amazonaws.com (STACK_PASSED_ROLES).
    deploy: [
      "rds:AddTagsToResource",
      "rds:CreateDBProxy",
      "rds:DeleteDBProxy",
      "rds:ModifyDBProxy",
      "rds:RemoveTagsFromResource",
    ],
    read: ["rds:DescribeDBProxies", "rds:ListTagsForResource"],
    // CreateDBProxy is authorized on "*" only; the proxy's id is generated.
  },
  aws_db_proxy_default_target_group: {
    deploy: ["rds:ModifyDBProxyTargetGroup"],
    read: ["rds:DescribeDBProxyTargetGroups"],
    arns: PROXY,
  },
  aws_db_proxy_target: {
    deploy: ["rds:DeregisterDBProxyTargets", "rds:RegisterDBProxyTargets"],
    read: ["rds:DescribeDBProxyTargets"],
    arns: [...PROXY, ...RDS("db")],
  },
  aws_db_instance_automated_backups_replication: {
    // The replicated backups' ARNs (auto-backup:ab-...) are generated.
    deploy: [
      "rds:StartDBInstanceAutomatedBackupsReplication",
      "rds:StopDBInstanceAutomatedBackupsReplication",
    ],
    read: ["rds:DescribeDBInstanceAutomatedBackups"],
  },
  aws_secretsmanager_secret_rotation: {
    // The RDS-managed master secret is named "rds!db-<generated id>".
    // RDS creates the secret with the caller's permissions (manage_master_user_password).
    deploy: [
      "secretsmanager:CancelRotateSecret",
      "secretsmanager:CreateSecret",
      "secretsmanager:RotateSecret",
      "secretsmanager:TagResource",
    ],
    read: ["secretsmanager:DescribeSecret"],
    arns: ["arn:aws:secretsmanager:{region}:{account}:secret:rds!db-*"],
  },
  aws_secretsmanager_secret: {
    deploy: [
      "secretsmanager:CreateSecret",
      "secretsmanager:DeleteResourcePolicy",
      "secretsmanager:DeleteSecret",
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:TagResource",
      "secretsmanager:UntagResource",
      "secretsmanager:UpdateSecret",
    ],
    read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
    arns: SECRETS,
  },

  // ------------------------------------------------------------ containers
  aws_ecr_repository: {
    deploy: [
      "ecr:CreateRepository",
      "ecr:DeleteRepository",
      "ecr:PutImageScanningConfiguration",
      "ecr:PutImageTagMutability",
      "ecr:TagResource",
      "ecr:UntagResource",
    ],
    read: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
    arns: ["arn:aws:ecr:{region}:{account}:repository/{prefix}-*"],
  },
  aws_ecr_lifecycle_policy: {
    deploy: ["ecr:DeleteLifecyclePolicy", "ecr:PutLifecyclePolicy"],
    read: ["ecr:GetLifecyclePolicy"],
    arns: ["arn:aws:ecr:{region}:{account}:repository/{prefix}-*"],
  },
  aws_ecs_cluster: {
    deploy: [
      "ecs:CreateCluster",
      "ecs:DeleteCluster",
      "ecs:TagResource",
      "ecs:UntagResource",
      "ecs:UpdateCluster",
      "ecs:UpdateClusterSettings",
    ],
    read: ["ecs:DescribeClusters", "ecs:ListTagsForResource"],
    arns: [ECS_CLUSTER],
  },
  aws_ecs_cluster_capacity_providers: {
    deploy: ["ecs:PutClusterCapacityProviders"],
    read: ["ecs:DescribeClusters"],
    arns: [ECS_CLUSTER],
  },
  aws_ecs_service: {
    deploy: [
      "ecs:CreateService",
      "ecs:DeleteService",
      "ecs:TagResource",
      "ecs:UpdateService",
    ],
    read: ["ecs:DescribeServices", "ecs:ListTagsForResource"],
    arns: ["arn:aws:ecs:{region}:{account}:service/{prefix}/{prefix}-*"],
  },
  aws_ecs_task_definition: {
    // Registration takes no resource ARN (a new revision).
    deploy: [
      "ecs:DeregisterTaskDefinition",
      "ecs:RegisterTaskDefinition",
      "ecs:TagResource",
    ],
    read: ["ecs:DescribeTaskDefinition"],
  },
  aws_appautoscaling_target: {
    deploy: [
      "application-autoscaling:DeregisterScalableTarget",
      "application-autoscaling:RegisterScalableTarget",
      "application-autoscaling:TagResource",
      "application-autoscaling:UntagResource",
    ],
    read: [
      "application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:ListTagsForResource",
    ],
  },
  aws_appautoscaling_policy: {
    deploy: [
      "application-autoscaling:DeleteScalingPolicy",
      "application-autoscaling:PutScalingPolicy",
    ],
    read: ["application-autoscaling:DescribeScalingPolicies"],
  },
  aws_lb: {
    deploy: [
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:CreateLoadBalancer",
      "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:RemoveTags",
      "elasticloadbalancing:SetSecurityGroups",
      "elasticloadbalancing:SetSubnets",
    ],
    read: ["elasticloadbalancing:Describe*"],
    arns: LB,
  },
  aws_lb_listener: {
    deploy: [
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:CreateListener",
      "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:ModifyListener",
    ],
    read: ["elasticloadbalancing:Describe*"],
    arns: LB,
  },
  aws_lb_target_group: {
    deploy: [
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:CreateTargetGroup",
      "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes",
    ],
    read: ["elasticloadbalancing:Describe*"],
    arns: LB,
  },

  // ------------------------------------------------------------ jobs
  aws_scheduler_schedule: {
    deploy: [
      "scheduler:CreateSchedule",
      "scheduler:DeleteSchedule",
      "scheduler:UpdateSchedule",
    ],
    read: ["scheduler:GetSchedule"],
    arns: ["arn:aws:scheduler:{region}:{account}:schedule/default/{prefix}-*"],
  },
  aws_sqs_queue: {
    deploy: [
      "sqs:CreateQueue",
      "sqs:DeleteQueue",
      "sqs:SetQueueAttributes",
      "sqs:TagQueue",
      "sqs:UntagQueue",
    ],
    read: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
    arns: ["arn:aws:sqs:{region}:{account}:{prefix}-*"],
  },
  aws_sqs_queue_policy: {
    deploy: ["sqs:SetQueueAttributes"],
    read: ["sqs:GetQueueAttributes"],
    arns: ["arn:aws:sqs:{region}:{account}:{prefix}-*"],
  },
};
