/**
 * The values of every environment. This file is the one place where
 * development, staging and production differ; `config/validate.ts` checks it
 * before any construct is created.
 *
 * It is written as layers, so that what differs is what you read: SHARED
 * holds what all three environments have in common, PRODUCTION_TOPOLOGY what
 * staging shares with production, and each environment spreads its layer and
 * then writes only its own values. The compiler checks that every setting
 * ends up set. Names, tags and subnet blocks are derived (config/resolve.ts).
 *
 * Numbers come from the architecture document (docs/aws-architecture.md is the
 * team's copy; README "Settings" lists them side by side). Staging is
 * production's topology at development's size, so that a Multi-AZ failover,
 * the interface endpoints, the audit trail and the production scaling
 * policies are exercised before production, at a fraction of its cost (one
 * shared NAT gateway: an AZ outage in staging is acceptable).
 *
 * Account ids below are placeholders of the right shape: set your own before
 * the first deploy (the provider refuses any other account).
 */
import { resolveEnvironments, SharedTags } from "./resolve";
import { EnvironmentSettings, PipelineConfig, StateSettings } from "./types";
import { DELIVERY } from "./delivery";
import { EDGE } from "./edge";
import { WORKLOADS } from "./workloads";

const PROJECT = "financial-pipeline";

/** Tags of every resource, the bootstrap's included; each environment adds `Environment`. */
const TAGS: SharedTags = {
  Project: PROJECT,
  Owner: "data-platform",
  CostCentre: "CC-4410-market-data",
  ManagedBy: "cdktf",
};

/** Some settings of each section: what a group of environments shares. */
type Layer = {
  readonly [S in keyof EnvironmentSettings]?: EnvironmentSettings[S] extends readonly unknown[]
    ? EnvironmentSettings[S]
    : EnvironmentSettings[S] extends object
      ? Partial<EnvironmentSettings[S]>
      : EnvironmentSettings[S];
};

/** What every environment has in common. */
const SHARED = {
  project: PROJECT,
  /** Cape Town: closest AWS region to the African exchanges the pipeline reads. */
  region: "af-south-1",
  availabilityZones: ["af-south-1a", "af-south-1b"],
  // Each environment is its own VPC in its own account: the same plan fits all.
  network: { vpcCidr: "10.0.0.0/16" },
  database: {
    // The major only: RDS applies minor versions in the maintenance window.
    engineVersion: "16",
    allocatedStorageGiB: 20,
    // Backup at 00:00 UTC (02:00 SAST), maintenance on Sunday after it; they never overlap.
    backupWindow: "00:00-00:30",
    maintenanceWindow: "sun:01:00-sun:01:30",
    applyImmediately: false,
    secretRotationDays: 30,
    allowVpcCidrIngress: false,
    // None in the checked-in configuration; the scale-out profile adds one.
    readReplicas: 0,
    // Every environment: the tasks' only way in (IAM tokens, no passwords).
    proxy: {
      enabled: true,
      maxConnectionsPercent: 90,
      maxIdleConnectionsPercent: 50,
      idleClientTimeoutSeconds: 1800,
      connectionBorrowTimeoutSeconds: 120,
    },
  },
  api: {
    containerPort: 8000,
    healthCheckPath: "/health",
    healthCheckIntervalSeconds: 30,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    healthCheckGracePeriodSeconds: 60,
    deregistrationDelaySeconds: 30,
    minCapacity: 1,
    cpuTargetPercent: 70,
    memoryTargetPercent: 80,
    scaleOutCooldownSeconds: 60,
    scaleInCooldownSeconds: 300,
    imageTag: "0.1.0",
    containerUser: "10001:10001",
    accessLogRetentionDays: 90,
    extraEgress: [],
  },
} as const satisfies Layer;

/** Production's topology, shared by staging so that it is exercised before production. */
const PRODUCTION_TOPOLOGY = {
  network: {
    ...SHARED.network,
    interfaceEndpoints: true,
    flowLogRetentionDays: 30,
  },
  compliance: { cloudTrail: true, awsConfig: true },
  database: { ...SHARED.database, multiAz: true, logRetentionDays: 30 },
  api: {
    ...SHARED.api,
    desiredCount: 2,
    // Hardened: an image writing outside /tmp fails in staging first.
    enableExecuteCommand: false,
    readonlyRootFilesystem: true,
    accessLogs: true,
    logRetentionDays: 30,
  },
} as const satisfies Layer;

const development: EnvironmentSettings = {
  ...SHARED,
  accountId: "111111111111",
  network: {
    ...SHARED.network,
    natGateways: "single",
    interfaceEndpoints: false,
    flowLogRetentionDays: 7,
  },
  alerts: { emailSubscribers: ["platform-dev@example.com"] },
  compliance: {
    cloudTrail: false,
    awsConfig: false,
    auditLogRetentionDays: 90,
  },
  database: {
    ...SHARED.database,
    instanceClass: "db.t3.micro",
    maxAllocatedStorageGiB: 50,
    multiAz: false,
    backupRetentionDays: 1,
    deletionProtection: false,
    finalSnapshotOnDelete: false,
    preventDestroy: false,
    monitoringIntervalSeconds: 60,
    logRetentionDays: 7,
  },
  // Off everywhere: the scale-out profile (config/profiles.ts) switches it on.
  cache: {
    enabled: false,
    nodeType: "cache.t4g.micro",
    replicas: 0,
    multiAz: false,
  },
  api: {
    ...SHARED.api,
    cpu: 512,
    memoryMiB: 1024,
    desiredCount: 1,
    maxCapacity: 3,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 4 },
      { capacityProvider: "FARGATE", base: 0, weight: 1 },
    ],
    ecrKeepImages: 10,
    // Rebuildable: `cdktf destroy` removes the repository with its images.
    registryForceDelete: true,
    // ECS Exec for debugging; its SSM agent needs a writable root filesystem.
    enableExecuteCommand: true,
    readonlyRootFilesystem: false,
    loadBalancerDeletionProtection: false,
    accessLogs: false,
    logRetentionDays: 7,
  },
  edge: EDGE.development,
  workloads: WORKLOADS.development,
};

const staging: EnvironmentSettings = {
  ...SHARED,
  accountId: "222222222222",
  network: { ...PRODUCTION_TOPOLOGY.network, natGateways: "single" },
  alerts: { emailSubscribers: ["platform-staging@example.com"] },
  compliance: { ...PRODUCTION_TOPOLOGY.compliance, auditLogRetentionDays: 90 },
  database: {
    ...PRODUCTION_TOPOLOGY.database,
    instanceClass: "db.t3.small",
    maxAllocatedStorageGiB: 50,
    backupRetentionDays: 3,
    deletionProtection: false,
    // Rebuildable: a final snapshot of the fixed name `<identifier>-final` would
    // make the second destroy fail with DBSnapshotAlreadyExists.
    finalSnapshotOnDelete: false,
    preventDestroy: false,
    monitoringIntervalSeconds: 30,
  },
  cache: {
    enabled: false,
    nodeType: "cache.t4g.micro",
    replicas: 1,
    multiAz: true,
  },
  api: {
    ...PRODUCTION_TOPOLOGY.api,
    cpu: 512,
    memoryMiB: 1024,
    maxCapacity: 4,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ],
    ecrKeepImages: 20,
    // Rebuildable like development: `cdktf destroy` must succeed here too.
    registryForceDelete: true,
    loadBalancerDeletionProtection: false,
  },
  edge: EDGE.staging,
  workloads: WORKLOADS.staging,
};

const production: EnvironmentSettings = {
  ...SHARED,
  accountId: "333333333333",
  network: { ...PRODUCTION_TOPOLOGY.network, natGateways: "one-per-az" },
  alerts: { emailSubscribers: ["platform-oncall@example.com"] },
  compliance: { ...PRODUCTION_TOPOLOGY.compliance, auditLogRetentionDays: 365 },
  database: {
    ...PRODUCTION_TOPOLOGY.database,
    instanceClass: "db.t3.medium",
    maxAllocatedStorageGiB: 100,
    backupRetentionDays: 7,
    deletionProtection: true,
    finalSnapshotOnDelete: true,
    preventDestroy: true,
    monitoringIntervalSeconds: 15,
    drRegion: "eu-west-1",
    drBackupRetentionDays: 7,
  },
  cache: {
    enabled: false,
    nodeType: "cache.t4g.small",
    replicas: 1,
    multiAz: true,
  },
  api: {
    ...PRODUCTION_TOPOLOGY.api,
    cpu: 1024,
    memoryMiB: 2048,
    maxCapacity: 10,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 2, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ],
    ecrKeepImages: 30,
    // Deleting production's images must be a deliberate act.
    registryForceDelete: false,
    loadBalancerDeletionProtection: true,
  },
  edge: EDGE.production,
  workloads: WORKLOADS.production,
};

/**
 * The remote state every stack but the bootstrap uses (see README "State").
 * S3 lock files: no DynamoDB deprecation warnings; the lock table is still
 * created so that `locking: "both"` can bridge Terraform < 1.10 clients.
 */
const state: StateSettings = {
  backend: "s3",
  project: PROJECT,
  accountId: "999999999999",
  region: SHARED.region,
  bucket: "financial-pipeline-tfstate-999999999999-af-south-1",
  lockTable: "financial-pipeline-tflock",
  locking: "lockfile",
  kmsKeyAlias: "alias/financial-pipeline-tfstate",
  noncurrentVersionExpirationDays: 90,
  // "local" for the very first apply; then "s3" and `terraform init -migrate-state` (README "State").
  bootstrapState: "local",
  environmentAccounts: {
    development: development.accountId,
    staging: staging.accountId,
    production: production.accountId,
  },
  tags: TAGS,
};

/** The checked-in configuration, resolved. */
export const PIPELINE_CONFIG: PipelineConfig = {
  environments: resolveEnvironments({ development, staging, production }, TAGS),
  state,
  delivery: DELIVERY,
};
