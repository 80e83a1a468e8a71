/**
 * The values of every environment. This file is the one place where
 * development, staging and production differ; `config/validate.ts` checks it
 * before any construct is created.
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
import {
  EnvironmentConfig,
  EnvironmentName,
  PipelineConfig,
  StateSettings,
} from "./types";
import { WORKLOADS } from "./workloads";

const PROJECT = "financial-pipeline";
/** Cape Town: closest AWS region to the African exchanges the pipeline reads. */
const REGION = "af-south-1";
const AVAILABILITY_ZONES = ["af-south-1a", "af-south-1b"] as const;

/** Subnet plan shared by all environments (each environment is its own VPC/account). */
const NETWORK_CIDRS = {
  vpcCidr: "10.0.0.0/16",
  publicSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
  privateSubnetCidrs: ["10.0.10.0/24", "10.0.11.0/24"],
  isolatedSubnetCidrs: ["10.0.20.0/24", "10.0.21.0/24"],
} as const;

/** Values shared by every environment's API; the per-environment ones follow below. */
const API_COMMON = {
  containerPort: 8000,
  healthCheckPath: "/health",
  healthCheckIntervalSeconds: 30,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  healthCheckGracePeriodSeconds: 60,
  deregistrationDelaySeconds: 30,
  cpuTargetPercent: 70,
  memoryTargetPercent: 80,
  scaleOutCooldownSeconds: 60,
  scaleInCooldownSeconds: 300,
  imageTag: "0.1.0",
  containerUser: "10001:10001",
  certificateArn: "",
  accessLogRetentionDays: 90,
  extraEgress: [],
} as const;

/** Backup at 00:00 UTC (02:00 SAST), maintenance on Sunday after it; they never overlap. */
const DATABASE_WINDOWS = {
  backupWindow: "00:00-00:30",
  maintenanceWindow: "sun:01:00-sun:01:30",
} as const;

function tags(environment: EnvironmentName): EnvironmentConfig["tags"] {
  return {
    Project: PROJECT,
    Environment: environment,
    Owner: "data-platform",
    CostCentre: "CC-4410-market-data",
    ManagedBy: "cdktf",
  };
}

const development: EnvironmentConfig = {
  name: "development",
  project: PROJECT,
  accountId: "111111111111",
  region: REGION,
  availabilityZones: AVAILABILITY_ZONES,
  tags: tags("development"),
  network: {
    ...NETWORK_CIDRS,
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
    engineVersion: "16",
    instanceClass: "db.t3.micro",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    multiAz: false,
    backupRetentionDays: 1,
    ...DATABASE_WINDOWS,
    deletionProtection: false,
    finalSnapshotOnDelete: false,
    preventDestroy: false,
    applyImmediately: false,
    monitoringIntervalSeconds: 60,
    logRetentionDays: 7,
    secretRotationDays: 30,
    allowVpcCidrIngress: false,
  },
  api: {
    ...API_COMMON,
    cpu: 512,
    memoryMiB: 1024,
    desiredCount: 1,
    minCapacity: 1,
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
  workloads: WORKLOADS.development,
};

const staging: EnvironmentConfig = {
  name: "staging",
  project: PROJECT,
  accountId: "222222222222",
  region: REGION,
  availabilityZones: AVAILABILITY_ZONES,
  tags: tags("staging"),
  network: {
    ...NETWORK_CIDRS,
    natGateways: "single",
    interfaceEndpoints: true,
    flowLogRetentionDays: 30,
  },
  alerts: { emailSubscribers: ["platform-staging@example.com"] },
  compliance: { cloudTrail: true, awsConfig: true, auditLogRetentionDays: 90 },
  database: {
    engineVersion: "16",
    instanceClass: "db.t3.small",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    multiAz: true,
    backupRetentionDays: 3,
    ...DATABASE_WINDOWS,
    deletionProtection: false,
    // Rebuildable: a final snapshot of the fixed name `<identifier>-final` would
    // make the second destroy fail with DBSnapshotAlreadyExists.
    finalSnapshotOnDelete: false,
    preventDestroy: false,
    applyImmediately: false,
    monitoringIntervalSeconds: 30,
    logRetentionDays: 30,
    secretRotationDays: 30,
    allowVpcCidrIngress: false,
  },
  api: {
    ...API_COMMON,
    cpu: 512,
    memoryMiB: 1024,
    desiredCount: 2,
    minCapacity: 1,
    maxCapacity: 4,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ],
    ecrKeepImages: 20,
    // Rebuildable like development: `cdktf destroy` must succeed here too.
    registryForceDelete: true,
    // Hardened like production, so that an image writing outside /tmp fails here first.
    enableExecuteCommand: false,
    readonlyRootFilesystem: true,
    loadBalancerDeletionProtection: false,
    accessLogs: true,
    logRetentionDays: 30,
  },
  workloads: WORKLOADS.staging,
};

const production: EnvironmentConfig = {
  name: "production",
  project: PROJECT,
  accountId: "333333333333",
  region: REGION,
  availabilityZones: AVAILABILITY_ZONES,
  tags: tags("production"),
  network: {
    ...NETWORK_CIDRS,
    natGateways: "one-per-az",
    interfaceEndpoints: true,
    flowLogRetentionDays: 30,
  },
  alerts: { emailSubscribers: ["platform-oncall@example.com"] },
  compliance: { cloudTrail: true, awsConfig: true, auditLogRetentionDays: 365 },
  database: {
    engineVersion: "16",
    instanceClass: "db.t3.medium",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    multiAz: true,
    backupRetentionDays: 7,
    ...DATABASE_WINDOWS,
    deletionProtection: true,
    finalSnapshotOnDelete: true,
    preventDestroy: true,
    applyImmediately: false,
    monitoringIntervalSeconds: 15,
    logRetentionDays: 30,
    secretRotationDays: 30,
    allowVpcCidrIngress: false,
    drRegion: "eu-west-1",
    drBackupRetentionDays: 7,
  },
  api: {
    ...API_COMMON,
    cpu: 1024,
    memoryMiB: 2048,
    desiredCount: 2,
    minCapacity: 1,
    maxCapacity: 10,
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", base: 2, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ],
    ecrKeepImages: 30,
    // Deleting production's images must be a deliberate act.
    registryForceDelete: false,
    enableExecuteCommand: false,
    readonlyRootFilesystem: true,
    loadBalancerDeletionProtection: true,
    accessLogs: true,
    logRetentionDays: 30,
  },
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
  region: REGION,
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
  tags: {
    Project: PROJECT,
    Owner: "data-platform",
    CostCentre: "CC-4410-market-data",
    ManagedBy: "cdktf",
  },
  cloudOrganization: "",
  cloudProject: "",
};

/** The checked-in configuration. */
export const PIPELINE_CONFIG: PipelineConfig = {
  environments: { development, staging, production },
  state,
};
