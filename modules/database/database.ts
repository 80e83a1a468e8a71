import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { Construct } from "constructs";
import { throwOnBadProp } from "../core/prop-checks";
import {
  rdsKeyStatement,
  SECRETS_MANAGER_KEY_ACTIONS,
  viaServiceStatement,
} from "./database-key-policy";
import { DatabaseNetwork } from "./database-network";
import { DatabaseParameterGroup } from "./database-parameter-group";
import { checkDatabaseProps, DatabaseProps } from "./database-props";
import { DatabaseTelemetry, POSTGRES_LOG_EXPORTS } from "./database-telemetry";
import { EncryptionKey } from "../security/encryption-key";

// The props and their checks live beside the construct; importers of this file keep working.
export { checkDatabaseProps, windowsOverlap } from "./database-props";
export type { DatabaseProps } from "./database-props";

const DEFAULT_BACKUP_WINDOW = "00:00-00:30";
const DEFAULT_MAINTENANCE_WINDOW = "sun:01:00-sun:01:30";

/**
 * RDS PostgreSQL in isolated subnets: encrypted with its own customer-managed
 * key, TLS enforced by a parameter group of the matching family, the master
 * password kept and rotated by RDS in Secrets Manager (never in Terraform),
 * Performance Insights, Enhanced Monitoring, and log exports into encrypted
 * log groups created before the instance.
 *
 * Its subnet group and security group are a {@link DatabaseNetwork}: clients
 * admit themselves with an ingress rule on {@link Database.securityGroupId}.
 */
export class Database extends Construct {
  public readonly instance: DbInstance;
  public readonly encryptionKey: EncryptionKey;
  /** Subnet group and security group. */
  public readonly network: DatabaseNetwork;
  public readonly parameterGroup: DatabaseParameterGroup;
  /** Log groups and Enhanced Monitoring role. */
  public readonly telemetry: DatabaseTelemetry;
  public readonly secretRotation: SecretsmanagerSecretRotation;

  /** Security group of the instance; clients add their ingress rules to it. */
  public readonly securityGroupId: string;
  /** DNS name of the instance (follows a Multi-AZ failover). */
  public readonly endpointAddress: string;
  public readonly port: number;
  public readonly databaseName: string;
  /** ARN of the RDS-managed Secrets Manager secret with the master credentials. */
  public readonly masterSecretArn: string;
  /** ARN of the key that encrypts storage, secret and Performance Insights. */
  public readonly kmsKeyArn: string;
  /** RDS instance identifier (the `DBInstanceIdentifier` metric dimension). */
  public readonly instanceIdentifier: string;
  /** ARN of the instance, e.g. for backup replication. */
  public readonly instanceArn: string;
  /** The master user's name. */
  public readonly masterUsername: string;
  /** The instance's `db-...` resource id, as `rds-db:connect` ARNs name it. */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const allocatedStorageGiB = props.allocatedStorageGiB ?? 20;
    const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? 100;
    const backupRetentionDays = props.backupRetentionDays ?? 7;
    const secretRotationDays = props.secretRotationDays ?? 7;
    const finalSnapshotOnDelete = props.finalSnapshotOnDelete ?? true;
    const preventDestroy = props.preventDestroy ?? true;
    const backupWindow = props.backupWindow ?? DEFAULT_BACKUP_WINDOW;
    const maintenanceWindow =
      props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
    const port = props.port ?? 5432;
    checkDatabaseProps(throwOnBadProp(`Database ${id}`), {
      ...props,
      allocatedStorageGiB,
      maxAllocatedStorageGiB,
      backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      secretRotationDays,
      port,
    });
    const identifier = props.identifier;

    // ----------------------------------------------------------- encryption
    this.encryptionKey = new EncryptionKey(this, "key", {
      aliasName: identifier,
      description: `${identifier}: RDS storage, master user secret, Performance Insights`,
      accountId: props.accountId,
      region: props.region,
      additionalStatements: [
        rdsKeyStatement(props.region, props.accountId),
        viaServiceStatement(
          "UseThroughSecretsManager",
          "secretsmanager",
          props.region,
          props.accountId,
          SECRETS_MANAGER_KEY_ACTIONS,
        ),
      ],
    });
    this.encryptionKey.key.lifecycle = { preventDestroy };

    // -------------------------------------------------------------- network
    // Id "Default" is left out of Terraform addresses: the security group
    // and subnet group keep the addresses they had when this construct
    // created them itself, so moving them here replaces nothing.
    this.network = new DatabaseNetwork(this, "Default", {
      name: identifier,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      port,
      ingressCidr: props.ingressCidr,
    });

    // ------------------------------------------------------ parameter group
    this.parameterGroup = new DatabaseParameterGroup(this, "parameters", {
      namePrefix: identifier,
      engineVersion: props.engineVersion,
      slowQueryThresholdMs: props.slowQueryThresholdMs,
      maxConnections: props.maxConnections,
    });

    // ------------------------------------------------------- observability
    this.telemetry = new DatabaseTelemetry(this, "telemetry", {
      instanceIdentifier: identifier,
      accountId: props.accountId,
      logKmsKeyArn: props.logKmsKeyArn,
      logRetentionDays: props.logRetentionDays,
      monitoringIntervalSeconds: props.monitoringIntervalSeconds,
    });

    // ------------------------------------------------------------- instance
    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      // Only the major is pinned: RDS applies minor versions in the
      // maintenance window, and the provider accepts the running 16.x for "16"
      // (engine_version_actual holds it), so it never tries to downgrade.
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      // Needed when a reviewed config change moves to a new major version.
      allowMajorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      storageType: "gp3",
      allocatedStorage: allocatedStorageGiB,
      maxAllocatedStorage: maxAllocatedStorageGiB,
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.arn,
      dbName: props.databaseName ?? "pipeline",
      username: props.masterUsername ?? "pipeline_admin",
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? false,
      // RDS generates the password and keeps it in Secrets Manager: it never
      // appears in the configuration or in Terraform state.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.encryptionKey.arn,
      port,
      multiAz: props.multiAz ?? true,
      dbSubnetGroupName: this.network.subnetGroupName,
      vpcSecurityGroupIds: [this.network.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      // The 2048-bit RSA CA, valid to 2061; pinned so clients can pin it too.
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: backupRetentionDays,
      backupWindow,
      maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: !finalSnapshotOnDelete,
      // Deterministic: a second deletion fails on the existing snapshot
      // instead of silently replacing it.
      finalSnapshotIdentifier: finalSnapshotOnDelete
        ? `${identifier}-final`
        : undefined,
      deleteAutomatedBackups: !finalSnapshotOnDelete,
      // Off: changes wait for the maintenance window. On for a major upgrade's
      // deploy (README "Versions and changes").
      applyImmediately: props.applyImmediately ?? false,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.encryptionKey.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: this.telemetry.monitoringIntervalSeconds,
      monitoringRoleArn: this.telemetry.monitoringRole?.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      // The log groups first, or RDS creates them unencrypted and unexpiring.
      dependsOn: Object.values(this.telemetry.logGroups),
      lifecycle: { preventDestroy },
      tags: { Name: identifier },
    });

    // ------------------------------------------------------------- rotation
    // Managed rotation: RDS rotates its own secret, no Lambda function; this
    // only sets the schedule (RDS's default is 7 days). Not immediately: the
    // first rotation follows the schedule, not every apply.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html
    this.secretRotation = new SecretsmanagerSecretRotation(
      this,
      "secret-rotation",
      {
        secretId: this.instance.masterUserSecret.get(0).secretArn,
        rotateImmediately: false,
        rotationRules: { automaticallyAfterDays: secretRotationDays },
      },
    );

    this.securityGroupId = this.network.securityGroupId;
    this.endpointAddress = this.instance.address;
    this.port = this.instance.port;
    this.databaseName = this.instance.dbName;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.kmsKeyArn = this.encryptionKey.arn;
    this.instanceIdentifier = this.instance.identifier;
    this.instanceArn = this.instance.arn;
    this.masterUsername = this.instance.username;
    this.resourceId = this.instance.resourceId;
  }
}
