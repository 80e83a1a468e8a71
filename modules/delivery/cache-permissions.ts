/** Rows of RESOURCE_PERMISSIONS (resource-permissions.ts): the cache (ElastiCache), reached only with `cache.enabled`. */
import type { ResourcePermissions } from "./resource-permission-types";

const ELASTICACHE = (kind: string) =>
  `arn:aws:elasticache:{region}:{account}:${kind}:{prefix}-*`;
const TAGS = [
  "elasticache:AddTagsToResource",
  "elasticache:RemoveTagsFromResource",
];

/** ElastiCache resource types. */
export const CACHE_PERMISSIONS: Readonly<Record<string, ResourcePermissions>> =
  {
    aws_elasticache_replication_group: {
      // CreateReplicationGroup is authorized on the group, its nodes
      // (cluster:<group>-00n), subnet group, user group and the default
      // parameter group; a changed num_cache_clusters adds or removes nodes.
      deploy: [
        ...TAGS,
        "elasticache:CreateReplicationGroup",
        "elasticache:DecreaseReplicaCount",
        "elasticache:DeleteReplicationGroup",
        "elasticache:IncreaseReplicaCount",
        "elasticache:ModifyReplicationGroup",
      ],
      read: [
        "elasticache:DescribeCacheClusters",
        "elasticache:DescribeReplicationGroups",
        "elasticache:ListTagsForResource",
      ],
      arns: [
        ELASTICACHE("replicationgroup"),
        ELASTICACHE("cluster"),
        ELASTICACHE("subnetgroup"),
        ELASTICACHE("usergroup"),
        "arn:aws:elasticache:{region}:{account}:parametergroup:default.valkey*",
      ],
    },
    aws_elasticache_subnet_group: {
      deploy: [
        ...TAGS,
        "elasticache:CreateCacheSubnetGroup",
        "elasticache:DeleteCacheSubnetGroup",
        "elasticache:ModifyCacheSubnetGroup",
      ],
      read: ["elasticache:DescribeCacheSubnetGroups"],
      arns: [ELASTICACHE("subnetgroup")],
    },
    aws_elasticache_user: {
      deploy: [
        ...TAGS,
        "elasticache:CreateUser",
        "elasticache:DeleteUser",
        "elasticache:ModifyUser",
      ],
      read: ["elasticache:DescribeUsers"],
      arns: [ELASTICACHE("user")],
    },
    aws_elasticache_user_group: {
      // Creating or changing a group is authorized on its users too.
      deploy: [
        ...TAGS,
        "elasticache:CreateUserGroup",
        "elasticache:DeleteUserGroup",
        "elasticache:ModifyUserGroup",
      ],
      read: ["elasticache:DescribeUserGroups"],
      arns: [ELASTICACHE("usergroup"), ELASTICACHE("user")],
    },
  };
