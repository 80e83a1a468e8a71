/**
 * The gap list's entries that are not shims (gaps.ts): resources moto 5.2.1
 * cannot create, attributes it does not return, deletes it refuses, checks it
 * does not make, and deleted resources it still lists. Each entry's probe,
 * probes/<id>.py, runs against plain moto (no shims) and fails once moto behaves as described no
 * more.
 */
import { Gap } from "./gap-types";

export const RESOURCE_GAPS: readonly Gap[] = [
  // ---------------------------------------------------------- left out
  {
    id: "rds-automated-backups-replication",
    kind: "left-out",
    resource: "aws_db_instance_automated_backups_replication",
    limitation:
      "StartDBInstanceAutomatedBackupsReplication is not implemented: production's cross-region backup copy cannot be created",
  },
  {
    id: "elasticache-member-clusters",
    kind: "left-out",
    resource: "aws_elasticache_replication_group",
    limitation:
      "CreateReplicationGroup answers with MemberClusters (<group>-001, ...) but creates no cache cluster for them: DescribeCacheClusters of a member answers CacheClusterNotFound (and lists none), so the provider's read after the create fails and the group cannot be applied. Only reached with cache.enabled, off in the checked-in configuration: the cache is proven by synth and plan only (docs/cache.md)",
  },
  // ------------------------------------------------------- idempotency
  // The CDN's distribution (modules/cdn, applied by __tests__/emulator/cdn.test.ts).
  {
    id: "cloudfront-viewer-certificate-default",
    kind: "idempotency",
    resource: "aws_cloudfront_distribution",
    attributes: ["viewer_certificate"],
    limitation:
      "GetDistribution answers CloudFrontDefaultCertificate true for a distribution created with an ACM certificate (ACMCertificateArn, sni-only), so the provider reads a default certificate beside the ACM one",
  },
  {
    id: "cloudfront-origin-access-control-id",
    kind: "idempotency",
    resource: "aws_cloudfront_distribution",
    attributes: ["origin"],
    limitation:
      "CreateDistribution accepts an origin's OriginAccessControlId and GetDistribution returns the origin without it",
  },
  {
    id: "cloudfront-cache-policy-forwarded-values",
    kind: "idempotency",
    resource: "aws_cloudfront_distribution",
    attributes: ["default_cache_behavior", "ordered_cache_behavior"],
    limitation:
      "GetDistribution returns legacy ForwardedValues (no query string, no cookies) for a cache behaviour created with a CachePolicyId, where AWS returns none, so the provider reads forwarded_values the configuration does not have",
  },
  {
    id: "rds-monitoring-performance-insights",
    kind: "idempotency",
    resource: "aws_db_instance",
    attributes: [
      "monitoring_interval",
      "monitoring_role_arn",
      "performance_insights_enabled",
      "performance_insights_kms_key_id",
      "performance_insights_retention_period",
    ],
    limitation:
      "CreateDBInstance accepts Enhanced Monitoring and Performance Insights settings and DescribeDBInstances returns none of them",
  },
  {
    id: "rds-parameter-source",
    kind: "idempotency",
    resource: "aws_db_parameter_group",
    attributes: ["parameter"],
    limitation:
      "DescribeDBParameters ignores Source and returns no Source field, so the provider finds none of the group's user parameters on refresh",
  },
  {
    id: "ecs-service-capacity-provider-strategy",
    kind: "idempotency",
    resource: "aws_ecs_service",
    attributes: ["capacity_provider_strategy"],
    replaces: true,
    // Measured: the plan JSON's after_unknown (or null) for a service
    // replaced on moto with the api stack's settings.
    computedOnReplace: [
      "iam_role",
      "id",
      "launch_type",
      "platform_version",
      "tags",
      "tags_all",
      "triggers",
    ],
    limitation:
      "DescribeServices returns no capacityProviderStrategy (and launchType EC2) for a service created with one, so the provider plans to replace the service on every run; beside the strategy, that replacement may change only the other listed attributes and what the plan leaves to the create",
  },
  {
    id: "ecs-service-settings",
    kind: "idempotency",
    resource: "aws_ecs_service",
    attributes: [
      "availability_zone_rebalancing",
      "enable_ecs_managed_tags",
      "enable_execute_command",
      "health_check_grace_period_seconds",
    ],
    limitation:
      "CreateService accepts availabilityZoneRebalancing, enableECSManagedTags, enableExecuteCommand and healthCheckGracePeriodSeconds and DescribeServices returns none of them",
  },
  // ----------------------------------------------------------- destroy
  {
    id: "secret-rotation-cancel-managed",
    kind: "destroy",
    resource: "aws_secretsmanager_secret_rotation",
    limitation:
      "CancelRotateSecret is refused for a secret without a rotation Lambda (RDS-managed rotation), so the rotation cannot be destroyed",
  },
  // ------------------------------------------------------ not enforced
  {
    id: "sts-trust-policy",
    kind: "not-enforced",
    resource:
      "aws_iam_role (assume_role_policy of the state access roles: the environment accounts' :root)",
    limitation:
      "without IAM enforcement (the lifecycle) AssumeRole checks nothing. With it, moto reads the trust policy only of a role in the caller's own account (it looks the role up there; a role of another account is not found and any caller whose own policy allows sts:AssumeRole gets in), and then admits only a principal ARN equal to the caller's: an account principal (arn:aws:iam::<account>:root), which in AWS admits that account's principals, refuses everyone. The state roles are assumed across accounts, so 'only the environment's own account may assume its state role' is proven by plan and the unit tests only; the role's permissions are enforced (state-isolation test)",
  },
  {
    id: "sts-web-identity-conditions",
    kind: "not-enforced",
    resource:
      "aws_iam_role (assume_role_policy of the CI deploy and plan roles: token.actions.githubusercontent.com:aud / :sub)",
    limitation:
      "AssumeRoleWithWebIdentity accepts any token string and checks neither its signature nor the trust policy's StringEquals on aud and sub, so 'only this repository's jobs in the production GitHub environment' is proven by the unit tests (modules/delivery) only; what the assumed roles may do is enforced (delivery-roles test)",
  },
  {
    id: "iam-identity-policy-scope",
    kind: "not-enforced",
    resource:
      "aws_iam_policy / aws_iam_role_policy (the CI roles' statements: Resource ARNs and Condition)",
    limitation:
      "with IAM enforcement on, an identity policy's Resource is matched against the real ARN only for S3, IAM calls on an existing role, SQS calls on an existing queue and STS AssumeRole; every other call, creates included (CreateLogGroup, CreateTopic, CreateQueue, CreateRole), is matched against '*', so an Allow scoped to ARNs never applies to it. Condition values are never read from the request: a conditioned Allow applies as if its condition held, a conditioned Deny always. The deploy role, scoped by ARN, tag and boundary, therefore cannot apply its stacks on moto with enforcement on; its scopes and conditions are proven by the access matrix (iam-simulate) only",
  },
  {
    id: "vpc-destroy-with-dependents",
    kind: "not-enforced",
    resource: "aws_subnet / aws_security_group of the vpc stack",
    limitation:
      "DeleteSubnet and DeleteSecurityGroup succeed while a DB instance still uses them (AWS refuses with DependencyViolation), so a wrong destroy order would pass on moto; the lifecycle checks the order through npm run deploy's report and leftovers through the API",
  },
  // ----------------------------------------------- listed after delete
  {
    id: "ecs-inactive-listed",
    kind: "listed-after-delete",
    resource: "aws_ecs_cluster / aws_ecs_service / aws_ecs_task_definition",
    limitation:
      "after DeleteService, DeregisterTaskDefinition and DeleteCluster, ListClusters still returns the (INACTIVE) cluster and the Resource Groups Tagging API still returns the cluster, the service and every task definition revision; the leftover check asks DescribeClusters / DescribeServices / DescribeTaskDefinition and counts only what is not INACTIVE",
  },
  {
    id: "nat-gateway-deleted-tagged",
    kind: "listed-after-delete",
    resource: "aws_nat_gateway",
    limitation:
      "a deleted NAT gateway (State deleted) is still returned by the Resource Groups Tagging API; the leftover check asks DescribeNatGateways and counts it only while it is not deleted",
  },
];
