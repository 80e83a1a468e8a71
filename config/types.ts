/**
 * Types of the one environment configuration. Every difference between
 * development, staging and production is a value of these types, written in
 * `config/environments.ts` (as {@link EnvironmentSettings}: a shared base
 * plus each environment's differences), resolved by `config/resolve.ts` into
 * an {@link EnvironmentConfig} (name, tags and subnet blocks filled in) and
 * checked by `config/validate.ts` before any construct is created.
 *
 * {@link EnvironmentConfig} is the resolved shape every stack reads: each
 * field is set, except those documented as optional (with their default).
 */

import type {
  CapacityProviderStrategyItem,
  ServiceEgressRule,
} from "../modules/container";
import type { S3LockMode } from "../modules/state";
import type { DeliverySettings } from "./types-delivery";
import type { EdgeSettings } from "./types-edge";
import type { WorkloadSettings } from "./types-workloads";
import type { EnvironmentName } from "./environment-names";

export { ENVIRONMENT_NAMES, type EnvironmentName } from "./environment-names";

/** How NAT gateways are laid out over the availability zones. */
export type NatGatewayLayout = "single" | "one-per-az";

/** Subnet CIDR blocks of one tier, one per availability zone (same order). */
export type TierCidrs = readonly [string, string];

/** The settings that hold one subnet tier's CIDR blocks. */
export type SubnetCidrSetting =
  | "publicSubnetCidrs"
  | "privateSubnetCidrs"
  | "isolatedSubnetCidrs";

/**
 * Network (VPC stack) settings. The subnet blocks are derived from
 * `vpcCidr` (config/resolve.ts `SUBNET_PLAN`: the `10 * tier + AZ index`-th
 * /24) unless an environment sets a tier itself.
 */
export interface NetworkSettings {
  /** The VPC's CIDR block; must be a /16. */
  readonly vpcCidr: string;
  /** Public subnets (load balancer, NAT gateways), one /24 per AZ: `x.y.0.0/24`, `x.y.1.0/24`. */
  readonly publicSubnetCidrs: TierCidrs;
  /** Private subnets (ECS tasks, egress through NAT), one /24 per AZ: `x.y.10.0/24`, `x.y.11.0/24`. */
  readonly privateSubnetCidrs: TierCidrs;
  /** Isolated subnets (database, no route out of the VPC), one /24 per AZ: `x.y.20.0/24`, `x.y.21.0/24`. */
  readonly isolatedSubnetCidrs: TierCidrs;
  /** One NAT gateway shared by both AZs, or one in each AZ. */
  readonly natGateways: NatGatewayLayout;
  /** Interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager. */
  readonly interfaceEndpoints: boolean;
  /** Retention of the VPC flow log group, in days (a CloudWatch Logs value). */
  readonly flowLogRetentionDays: number;
}

/** {@link NetworkSettings} as written: each subnet tier may be left to its derived blocks. */
export type NetworkSettingsInput = Omit<NetworkSettings, SubnetCidrSetting> &
  Partial<Pick<NetworkSettings, SubnetCidrSetting>>;

/** The environment's alarm topic (SNS), shared by every stack's alarms. */
export interface AlertSettings {
  /** E-mail addresses subscribed to the topic (each must confirm by mail). */
  readonly emailSubscribers: readonly string[];
}

/** Account-level audit trail and resource compliance recording. */
export interface ComplianceSettings {
  /** A multi-region CloudTrail trail with log file validation. */
  readonly cloudTrail: boolean;
  /** An AWS Config recorder of all supported resources. */
  readonly awsConfig: boolean;
  /** Days before audit log objects expire from their bucket. */
  readonly auditLogRetentionDays: number;
}

/**
 * RDS Proxy in front of the database: every task connects through it with
 * IAM authentication (docs/database.md "Proxy and logins").
 */
export interface DatabaseProxySettings {
  /** A proxy; required in staging and production. Off: tasks connect to the instance itself with IAM authentication. */
  readonly enabled: boolean;
  /** Share of `max_connections` the proxy may open, percent (1–100). */
  readonly maxConnectionsPercent: number;
  /** Share of `max_connections` kept open while idle, percent (0 to `maxConnectionsPercent`). */
  readonly maxIdleConnectionsPercent: number;
  /** An idle client connection is closed after this long, seconds (1–28800). */
  readonly idleClientTimeoutSeconds: number;
  /** A client waits at most this long for a pooled connection, seconds (0–3600). */
  readonly connectionBorrowTimeoutSeconds: number;
}

/** RDS PostgreSQL (database stack) settings. */
export interface DatabaseSettings {
  /** PostgreSQL major version, e.g. `16`; RDS applies the minor versions (auto minor version upgrade). */
  readonly engineVersion: string;
  /** RDS instance class; one of `DB_INSTANCE_CLASSES` (config/database-instance-classes.ts). */
  readonly instanceClass: string;
  /** Storage allocated at creation, GiB (gp3). */
  readonly allocatedStorageGiB: number;
  /** Ceiling of storage autoscaling, GiB; at least 10 % above `allocatedStorageGiB`. */
  readonly maxAllocatedStorageGiB: number;
  /** Synchronous standby in the second AZ; required in production. */
  readonly multiAz: boolean;
  /** Automated backup retention (point-in-time recovery window), days (0–35; not 0 in production). */
  readonly backupRetentionDays: number;
  /** Daily backup window, UTC, `hh:mm-hh:mm`. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`. */
  readonly maintenanceWindow: string;
  /** RDS deletion protection. */
  readonly deletionProtection: boolean;
  /**
   * On deletion, take a final snapshot `<identifier>-final` and keep the
   * automated backups until they expire.
   */
  readonly finalSnapshotOnDelete: boolean;
  /** Terraform `prevent_destroy` on the instance and its KMS keys (main and DR). */
  readonly preventDestroy: boolean;
  /**
   * RDS applies changes during the deploy instead of in the maintenance
   * window. Off normally; on for the deploy of a major engine upgrade
   * (README "Versions and changes").
   */
  readonly applyImmediately: boolean;
  /** Enhanced Monitoring interval, seconds (0, 1, 5, 10, 15, 30 or 60). */
  readonly monitoringIntervalSeconds: number;
  /** Retention of the exported PostgreSQL log groups, days. */
  readonly logRetentionDays: number;
  /** Rotate the RDS-managed master secret every N days. */
  readonly secretRotationDays: number;
  /**
   * Also admit 5432 from the whole VPC CIDR. Off: only security groups that
   * add their own rule (the API tasks) reach the database.
   */
  readonly allowVpcCidrIngress: boolean;
  /** Region that receives replicated automated backups (its own KMS key); required in production. */
  readonly drRegion?: string;
  /** Retention of the replicated backups, days (1–35); set exactly when `drRegion` is. */
  readonly drBackupRetentionDays?: number;
  /** RDS Proxy and its connection pool. */
  readonly proxy: DatabaseProxySettings;
  /**
   * Same-region read replicas of the instance (0–5; 0: none), each with the
   * instance's class, key, parameter group and monitoring, and a replica-lag
   * alarm, in a security group of their own; the API reads from the first
   * (`DB_READ_HOST`) directly, as `pipeline_reader` with IAM authentication
   * (docs/database.md "Read replicas").
   * They need automated backups on the instance (`backupRetentionDays` above 0).
   */
  readonly readReplicas: number;
}

/**
 * ElastiCache (Valkey) in front of the database, for the API (database
 * stack; docs/cache.md). Off, no cache resource exists.
 */
export interface CacheSettings {
  /** A cache; the API gets `CACHE_HOST` and connects with TLS and IAM authentication. */
  readonly enabled: boolean;
  /** Node type of every node, `cache.<family>.<size>`, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Read replicas beside the primary, 0–5. */
  readonly replicas: number;
  /** Multi-AZ with automatic failover (needs a replica); required in production when enabled. */
  readonly multiAz: boolean;
}

/** ECS Fargate service, load balancer and registry (API stack) settings. */
export interface ApiSettings {
  /** Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192, 16384). */
  readonly cpu: number;
  /** Task memory, MiB; must be a combination Fargate accepts for `cpu`. */
  readonly memoryMiB: number;
  /** Tasks at first deployment; auto scaling owns the count afterwards. */
  readonly desiredCount: number;
  /** Fewest tasks auto scaling keeps (and the running-tasks alarm's floor). */
  readonly minCapacity: number;
  /** Most tasks auto scaling starts. */
  readonly maxCapacity: number;
  /** Port the container listens on and the ALB listens on. */
  readonly containerPort: number;
  /** Container and target group health check path. */
  readonly healthCheckPath: string;
  /** Seconds between health checks (target group and container). */
  readonly healthCheckIntervalSeconds: number;
  /** Consecutive passed target group checks before a task is healthy. */
  readonly healthyThreshold: number;
  /** Consecutive failed checks before a task is unhealthy (target group; container check retries). */
  readonly unhealthyThreshold: number;
  /** Seconds ECS ignores failing ALB health checks after a task starts. */
  readonly healthCheckGracePeriodSeconds: number;
  /** Seconds the target group waits before deregistering a draining target. */
  readonly deregistrationDelaySeconds: number;
  /** Average service CPU that target tracking holds, percent. */
  readonly cpuTargetPercent: number;
  /** Average service memory that target tracking holds, percent. */
  readonly memoryTargetPercent: number;
  /** Seconds after a scale-out before the next one. */
  readonly scaleOutCooldownSeconds: number;
  /** Seconds after a scaling activity before target tracking scales in. */
  readonly scaleInCooldownSeconds: number;
  /** Capacity provider strategy of the service. */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** Image tag deployed unless the `image_tag` Terraform variable overrides it. */
  readonly imageTag: string;
  /** ECR lifecycle policy keeps this many most recent images. */
  readonly ecrKeepImages: number;
  /**
   * Let `cdktf destroy` delete the ECR repository with its images in it
   * (`force_delete`). Off, destroying the stack fails once an image has been
   * pushed; must be false in production.
   */
  readonly registryForceDelete: boolean;
  /**
   * Allow `aws ecs execute-command` into the tasks. ECS Exec's SSM agent must
   * write to the container's root filesystem, so this excludes
   * `readonlyRootFilesystem`.
   */
  readonly enableExecuteCommand: boolean;
  /** Mount the container's root filesystem read-only (a writable scratch volume is mounted at /tmp). */
  readonly readonlyRootFilesystem: boolean;
  /**
   * Run the container as this numeric user, `uid` or `uid:gid`.
   * @default - the image's user
   */
  readonly containerUser?: string;
  /**
   * ACM certificate (of the environment's region) for an HTTPS listener on
   * 443; the plain listener then redirects to it.
   * @default - no HTTPS listener
   */
  readonly certificateArn?: string;
  /** ALB deletion protection. */
  readonly loadBalancerDeletionProtection: boolean;
  /** ALB access logs to an S3 bucket of this stack. */
  readonly accessLogs: boolean;
  /** Days before access log objects expire. */
  readonly accessLogRetentionDays: number;
  /** Retention of the application log group, days (a CloudWatch Logs value). */
  readonly logRetentionDays: number;
  /** Extra outbound rules of the tasks beyond 443 and the database; usually empty. */
  readonly extraEgress: readonly ServiceEgressRule[];
}

/** Where every stack but the bootstrap keeps its state. */
export type StateBackendKind = "s3" | "cloud";

/**
 * Where the bootstrap stack keeps its own state: a local file for the first
 * apply (the bucket does not exist yet), then the bucket it created.
 */
export type BootstrapStateLocation = "local" | "s3";

/** Remote state settings, shared by all environments (see README "State"). */
export interface StateSettings {
  /** Where every stack but the bootstrap keeps its state: the S3 bucket below, or Terraform Cloud. */
  readonly backend: StateBackendKind;
  /** Prefix of the bootstrap stack (`<project>-bootstrap`) and of the state access roles. */
  readonly project: string;
  /** Account that holds the state bucket and lock table (the bootstrap stack's). */
  readonly accountId: string;
  /** Region of the state bucket and lock table. */
  readonly region: string;
  /**
   * S3 bucket of the state files (global name: includes the account id);
   * required with backend `s3`.
   * @default - none (backend `cloud`)
   */
  readonly bucket?: string;
  /**
   * DynamoDB lock table, created by the bootstrap; required when `locking`
   * is `dynamodb` or `both`.
   * @default - no table
   */
  readonly lockTable?: string;
  /**
   * How Terraform locks the S3 state: an S3 lock file next to the state
   * (`lockfile`, Terraform >= 1.10; recommended), the DynamoDB lock table
   * (`dynamodb`, deprecated by Terraform 1.11), or `both` while migrating.
   */
  readonly locking: S3LockMode;
  /** Alias of the state bucket's KMS key, `alias/...` (not an AWS-managed `alias/aws/...`). */
  readonly kmsKeyAlias: string;
  /** Days before noncurrent state versions expire. */
  readonly noncurrentVersionExpirationDays: number;
  /** Where the bootstrap stack's own state lives. */
  readonly bootstrapState: BootstrapStateLocation;
  /**
   * The account of each environment. The bootstrap gives each environment a
   * role in the state account that only its account may assume and that
   * reaches only its own `<environment>/` state files; the environment's
   * stacks assume it in their backend.
   */
  readonly environmentAccounts: Readonly<Record<EnvironmentName, string>>;
  /**
   * Allow the state account to be an environment's account, and
   * environments to share an account (a single-account trial only).
   * @default false
   */
  readonly allowSharedAccounts?: boolean;
  /** Tags of the bootstrap stack's resources (its provider's `default_tags`). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Terraform Cloud organization; required with backend `cloud`.
   * @default - none (backend `s3`)
   */
  readonly cloudOrganization?: string;
  /**
   * Terraform Cloud project of the workspaces.
   * @default - the organization's default project
   */
  readonly cloudProject?: string;
}

/** Everything that makes one environment. */
export interface EnvironmentConfig {
  /** Which environment: its key in {@link PipelineConfig.environments}. */
  readonly name: EnvironmentName;
  /** Project name; prefix of stack and resource names. */
  readonly project: string;
  /** The only AWS account the provider may act on (`allowed_account_ids`). */
  readonly accountId: string;
  /** Region of every resource but the DR backups. */
  readonly region: string;
  /** Two availability zones of `region`, by name (no lookup: plans run offline). */
  readonly availabilityZones: readonly [string, string];
  /** Applied to every taggable resource through the provider's `default_tags`. */
  readonly tags: EnvironmentTags;
  /** The VPC stack's network. */
  readonly network: NetworkSettings;
  /** The alarm topic's subscribers. */
  readonly alerts: AlertSettings;
  /** CloudTrail and AWS Config. */
  readonly compliance: ComplianceSettings;
  /** The database stack. */
  readonly database: DatabaseSettings;
  /**
   * The cache (database stack).
   * @default - no cache
   */
  readonly cache?: CacheSettings;
  /** The API stack. */
  readonly api: ApiSettings;
  /** The API's domain, certificate, web ACL and ingress (config/types-edge.ts). */
  readonly edge: EdgeSettings;
  /** Data sources, collector jobs, migration, business alarms (config/workloads.ts). */
  readonly workloads: WorkloadSettings;
}

/** Tags every taggable resource carries. */
export interface EnvironmentTags {
  /** The project name. */
  readonly Project: string;
  /** The environment's name. */
  readonly Environment: EnvironmentName;
  /** Team that answers for the resources. */
  readonly Owner: string;
  /** Cost centre the bill goes to. */
  readonly CostCentre: string;
  /** What created the resource (`cdktf`): hands off in the console. */
  readonly ManagedBy: string;
}

/**
 * An environment as written in `config/environments.ts`: its name and
 * `Environment` tag come from its key, its subnet blocks (unless set) from
 * its VPC CIDR.
 */
export interface EnvironmentSettings
  extends Omit<EnvironmentConfig, "name" | "tags" | "network"> {
  /** The network, subnet tiers optional. */
  readonly network: NetworkSettingsInput;
}

/** The whole configuration: every environment plus the shared state backend. */
export interface PipelineConfig {
  /** Each environment, resolved. */
  readonly environments: Readonly<Record<EnvironmentName, EnvironmentConfig>>;
  /** The remote state, shared by every environment. */
  readonly state: StateSettings;
  /** GitHub Actions delivery: repository, GitHub environments, promotion (config/delivery.ts). */
  readonly delivery: DeliverySettings;
}
