/**
 * Types of the one environment configuration. Every difference between
 * development, staging and production is a value of these types, set in
 * `config/environments.ts` and checked by `config/validate.ts` before any
 * construct is created.
 */

import type { WorkloadSettings } from "./workloads";

/** The environments this project knows. */
export const ENVIRONMENT_NAMES = [
  "development",
  "staging",
  "production",
] as const;

/** One of {@link ENVIRONMENT_NAMES}. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** How NAT gateways are laid out over the availability zones. */
export type NatGatewayLayout = "single" | "one-per-az";

/** Subnet CIDR blocks of one tier, one per availability zone (same order). */
export type TierCidrs = readonly [string, string];

/** Network (VPC stack) settings. */
export interface NetworkSettings {
  /** The VPC's CIDR block; must be a /16. */
  readonly vpcCidr: string;
  /** Public subnets (load balancer, NAT gateways), one /24 per AZ. */
  readonly publicSubnetCidrs: TierCidrs;
  /** Private subnets (ECS tasks, egress through NAT), one /24 per AZ. */
  readonly privateSubnetCidrs: TierCidrs;
  /** Isolated subnets (database, no route out of the VPC), one /24 per AZ. */
  readonly isolatedSubnetCidrs: TierCidrs;
  /** One NAT gateway shared by both AZs, or one in each AZ. */
  readonly natGateways: NatGatewayLayout;
  /** Interface endpoints for ECR (api, dkr), CloudWatch Logs and Secrets Manager. */
  readonly interfaceEndpoints: boolean;
  /** Retention of the VPC flow log group, in days. */
  readonly flowLogRetentionDays: number;
}

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

/** RDS PostgreSQL (database stack) settings. */
export interface DatabaseSettings {
  /** PostgreSQL major version, e.g. `16`; RDS applies the minor versions (auto minor version upgrade). */
  readonly engineVersion: string;
  /** RDS instance class; one of `DB_INSTANCE_CLASSES` (config/validate-database.ts). */
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
}

/** One capacity provider entry of the ECS service's strategy. */
export interface CapacityProviderWeight {
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  /** Tasks always placed on this provider first. */
  readonly base: number;
  /** Share of the tasks beyond the bases. */
  readonly weight: number;
}

/** An outbound rule of the API tasks beyond 443 (internet) and 5432 (database). */
export interface EgressRule {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  /** IPv4 destinations, one rule each. */
  readonly cidrBlocks: readonly string[];
  /** Why the port is open; becomes the rule's description. */
  readonly description: string;
}

/** ECS Fargate service, load balancer and registry (API stack) settings. */
export interface ApiSettings {
  /** Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192, 16384). */
  readonly cpu: number;
  /** Task memory, MiB; must be a combination Fargate accepts for `cpu`. */
  readonly memoryMiB: number;
  /** Tasks at first deployment; auto scaling owns the count afterwards. */
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Port the container listens on and the ALB listens on. */
  readonly containerPort: number;
  /** Container and target group health check path. */
  readonly healthCheckPath: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Seconds ECS ignores failing ALB health checks after a task starts. */
  readonly healthCheckGracePeriodSeconds: number;
  /** Seconds the target group waits before deregistering a draining target. */
  readonly deregistrationDelaySeconds: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
  /** Capacity provider strategy of the service. */
  readonly capacityProviderStrategy: readonly CapacityProviderWeight[];
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
  /** Run the container as this user (uid[:gid]); empty: the image's user. */
  readonly containerUser: string;
  /** ACM certificate for an HTTPS listener on 443; empty: none. */
  readonly certificateArn: string;
  /** ALB deletion protection. */
  readonly loadBalancerDeletionProtection: boolean;
  /** ALB access logs to an S3 bucket of this stack. */
  readonly accessLogs: boolean;
  /** Days before access log objects expire. */
  readonly accessLogRetentionDays: number;
  /** Retention of the application log group, days. */
  readonly logRetentionDays: number;
  /** Extra outbound rules of the tasks (documented in the README). */
  readonly extraEgress: readonly EgressRule[];
}

/**
 * How Terraform locks the S3 state: an S3 lock file next to the state
 * (`use_lockfile`, Terraform >= 1.10; recommended), the DynamoDB lock table
 * (deprecated by Terraform 1.11), or both at once while migrating.
 */
export type StateLocking = "dynamodb" | "lockfile" | "both";

/** Where every stack but the bootstrap keeps its state. */
export type StateBackendKind = "s3" | "cloud";

/**
 * Where the bootstrap stack keeps its own state: a local file for the first
 * apply (the bucket does not exist yet), then the bucket it created.
 */
export type BootstrapStateLocation = "local" | "s3";

/** Remote state settings, shared by all environments (see README "State"). */
export interface StateSettings {
  readonly backend: StateBackendKind;
  /** Prefix of the bootstrap stack (`<project>-bootstrap`) and of the state access roles. */
  readonly project: string;
  /** Account that holds the state bucket and lock table (the bootstrap stack's). */
  readonly accountId: string;
  readonly region: string;
  /** S3 bucket of the state files (global name: includes the account id); empty only with backend `cloud`. */
  readonly bucket: string;
  /** DynamoDB lock table, created by the bootstrap; required when `locking` is `dynamodb` or `both`; empty: no table. */
  readonly lockTable: string;
  readonly locking: StateLocking;
  /** Alias of the state bucket's KMS key, `alias/...`. */
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
  /** Tags of the bootstrap stack's resources (its provider's `default_tags`). */
  readonly tags: Readonly<Record<string, string>>;
  /** Terraform Cloud organization (backend `cloud`). */
  readonly cloudOrganization: string;
  /** Terraform Cloud project of the workspaces; empty: the organization's default project. */
  readonly cloudProject: string;
}

/** Everything that makes one environment. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** Project name; prefix of stack and resource names. */
  readonly project: string;
  /** The only AWS account the provider may act on (`allowed_account_ids`). */
  readonly accountId: string;
  readonly region: string;
  /** Two availability zones of `region`, by name (no lookup: plans run offline). */
  readonly availabilityZones: readonly [string, string];
  /** Applied to every taggable resource through the provider's `default_tags`. */
  readonly tags: EnvironmentTags;
  readonly network: NetworkSettings;
  readonly alerts: AlertSettings;
  readonly compliance: ComplianceSettings;
  readonly database: DatabaseSettings;
  readonly api: ApiSettings;
  /** Data sources, collector jobs, migration, business alarms (config/workloads.ts). */
  readonly workloads: WorkloadSettings;
}

/** Tags every taggable resource carries. */
export interface EnvironmentTags {
  readonly Project: string;
  readonly Environment: EnvironmentName;
  readonly Owner: string;
  readonly CostCentre: string;
  readonly ManagedBy: string;
}

/** The whole configuration: every environment plus the shared state backend. */
export interface PipelineConfig {
  readonly environments: Readonly<Record<EnvironmentName, EnvironmentConfig>>;
  readonly state: StateSettings;
}
