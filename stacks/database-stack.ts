import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DB_INSTANCE_CLASSES } from "../config";
import {
  Database,
  DatabaseAlarms,
  DatabaseBackupReplication,
} from "../modules/database";
import { LayerStack, LayerStackProps } from "./layer-stack";
import { VpcStack } from "./vpc-stack";

/** Properties of a {@link DatabaseStack}. */
export interface DatabaseStackProps extends LayerStackProps {
  /** The environment's VPC stack: subnets, alarm topic and log key come from it. */
  readonly vpc: VpcStack;
}

/**
 * `financial-pipeline-<environment>-database`: RDS PostgreSQL in the isolated
 * subnets of the VPC stack, its alarms on the environment's topic and, when
 * the configuration names a DR region, replication of its automated backups
 * to that region. Deployed after the VPC stack, before the API stack, which
 * admits its tasks by adding an ingress rule to {@link Database.securityGroupId}.
 */
export class DatabaseStack extends LayerStack {
  public readonly database: Database;
  public readonly alarms: DatabaseAlarms;
  /** Provider of the DR region, when there is one. */
  public readonly drProvider?: AwsProvider;
  /** Backup replication to the DR region, when there is one. */
  public readonly backupReplication?: DatabaseBackupReplication;

  constructor(scope: Construct, props: DatabaseStackProps) {
    super(scope, "database", props);
    const env = props.environment;
    const db = env.database;
    const identifier = `${env.project}-${env.name}-postgres`;
    const network = props.vpc.network;
    // One value for the parameter group and the alarm computed from it.
    const instanceClass = DB_INSTANCE_CLASSES[db.instanceClass];

    this.database = new Database(this, "database", {
      identifier,
      accountId: env.accountId,
      region: env.region,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds("isolated"),
      engineVersion: db.engineVersion,
      instanceClass: db.instanceClass,
      allocatedStorageGiB: db.allocatedStorageGiB,
      maxAllocatedStorageGiB: db.maxAllocatedStorageGiB,
      multiAz: db.multiAz,
      backupRetentionDays: db.backupRetentionDays,
      backupWindow: db.backupWindow,
      maintenanceWindow: db.maintenanceWindow,
      deletionProtection: db.deletionProtection,
      finalSnapshotOnDelete: db.finalSnapshotOnDelete,
      preventDestroy: db.preventDestroy,
      applyImmediately: db.applyImmediately,
      monitoringIntervalSeconds: db.monitoringIntervalSeconds,
      logRetentionDays: db.logRetentionDays,
      logKmsKeyArn: props.vpc.observabilityKey.arn,
      secretRotationDays: db.secretRotationDays,
      ingressCidr: db.allowVpcCidrIngress ? network.vpcCidr : undefined,
      maxConnections: instanceClass.maxConnections,
    });

    this.alarms = new DatabaseAlarms(this, "alarms", {
      alarmNamePrefix: identifier,
      instanceIdentifier: this.database.instanceIdentifier,
      topicArn: props.vpc.alerts.topicArn,
      allocatedStorageGiB: db.allocatedStorageGiB,
      instanceMemoryGiB: instanceClass.memoryGiB,
      maxConnections: instanceClass.maxConnections,
    });

    if (db.drRegion !== undefined) {
      // Same account guard and tags as the stack's own provider, another region.
      this.drProvider = new AwsProvider(this, "aws-dr", {
        alias: "dr",
        region: db.drRegion,
        allowedAccountIds: this.provider.allowedAccountIds,
        defaultTags: this.provider.defaultTags,
      });
      this.backupReplication = new DatabaseBackupReplication(
        this,
        "backup-replication",
        {
          sourceInstanceArn: this.database.instanceArn,
          provider: this.drProvider,
          region: db.drRegion,
          accountId: env.accountId,
          keyAliasName: `${identifier}-dr-backups`,
          retentionDays: db.drBackupRetentionDays,
          preventDestroy: db.preventDestroy,
        },
      );
    }

    // ------------------------------------------------------------- outputs
    const output = (id: string, value: string | number, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output(
      "endpoint_address",
      this.database.endpointAddress,
      "DNS name of the PostgreSQL instance (follows a Multi-AZ failover)",
    );
    output("port", this.database.port, "Port PostgreSQL listens on (TLS only)");
    output(
      "database_name",
      this.database.databaseName,
      "Name of the application database",
    );
    output(
      "master_secret_arn",
      this.database.masterSecretArn,
      "ARN of the RDS-managed Secrets Manager secret with the master user's credentials",
    );
    output(
      "security_group_id",
      this.database.securityGroupId,
      "Security group of the database; clients add their own ingress rule on 5432 to it",
    );
    output(
      "kms_key_arn",
      this.database.kmsKeyArn,
      "KMS key of the database storage and secret; readers of the secret need kms:Decrypt on it",
    );
  }
}
