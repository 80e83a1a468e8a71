import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { DB_INSTANCE_CLASSES } from "../config";
import {
  Database,
  DatabaseAlarms,
  DatabaseBackupReplication,
  DatabaseReadReplicas,
} from "../modules/database";
import { Cache, CacheAlarms } from "../modules/cache";
import {
  DATABASE_LOGINS,
  DatabaseLogins,
  DatabaseProxy,
  DatabaseProxyAlarms,
} from "../modules/database-access";
import { LayerStack, LayerStackProps } from "./layer-stack";
import { VpcStack } from "./vpc-stack";

/**
 * What a task needs to reach the database as `user`: host, port, database,
 * user and the switch to IAM authentication (a 15-minute token for a
 * password; docs/database.md "The application's contract").
 */
export function databaseEnvironment(
  stack: DatabaseStack,
  user: string,
): Record<string, string> {
  return {
    DB_HOST: stack.clientHost,
    DB_PORT: Token.asString(stack.database.port),
    DB_NAME: stack.database.databaseName,
    DB_USER: user,
    DB_IAM_AUTH: "true",
  };
}

/**
 * Where and as whom a task reads when the database has read replicas: the
 * first replica directly (no proxy in front), as the read-only login, with
 * IAM authentication (docs/database.md "Read replicas"); nothing without
 * replicas.
 */
export function readerEnvironment(
  stack: DatabaseStack,
): Record<string, string> {
  return stack.readerHost === undefined
    ? {}
    : {
        DB_READ_HOST: stack.readerHost,
        // Replicas listen on their source's port.
        DB_READ_PORT: Token.asString(stack.database.port),
        DB_READ_USER: DATABASE_LOGINS.reader,
        DB_READ_IAM_AUTH: "true",
      };
}

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
  /** The login secrets (application, schema owner): the proxy reads them. */
  public readonly logins: DatabaseLogins;
  /** RDS Proxy, when the configuration has one. */
  public readonly proxy?: DatabaseProxy;
  public readonly proxyAlarms?: DatabaseProxyAlarms;
  /** Read replicas, when the configuration has any (`database.readReplicas` above 0). */
  public readonly readReplicas?: DatabaseReadReplicas;
  /** Where readers connect: the first replica's address, when there are replicas. */
  public readonly readerHost?: string;
  /** The replicas' security group, when there are replicas: readers add their ingress rule to it. */
  public readonly readerSecurityGroupId?: string;
  /** The cache, when `cache.enabled`; the API connects to it. */
  public readonly cache?: Cache;
  public readonly cacheAlarms?: CacheAlarms;
  /** Where tasks connect: the proxy's endpoint, or the instance's without a proxy. */
  public readonly clientHost: string;
  /** Security group tasks add their ingress rule to: the proxy's, or the instance's without a proxy. */
  public readonly clientSecurityGroupId: string;

  private readonly region: string;
  private readonly accountId: string;

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
      // Without a proxy, tasks authenticate to the instance itself with IAM.
      iamAuthentication: db.proxy.enabled ? undefined : true,
    });

    // ------------------------------------------------------ proxy, logins
    this.logins = new DatabaseLogins(this, "logins", {
      namePrefix: identifier,
      kmsKeyArn: this.database.kmsKeyArn,
      recoveryWindowDays: env.workloads.secretRecoveryWindowDays,
    });
    if (db.proxy.enabled) {
      this.proxy = new DatabaseProxy(this, "proxy", {
        name: identifier,
        accountId: env.accountId,
        region: env.region,
        vpcId: network.vpcId,
        subnetIds: network.subnetIds("private"),
        databaseSecurityGroupId: this.database.securityGroupId,
        port: this.database.port,
        instanceIdentifier: this.database.instanceIdentifier,
        // The master too: the login setup connects as it, with IAM only.
        secretArns: [
          this.logins.secrets.application.arn,
          this.logins.secrets.owner.arn,
          this.database.masterSecretArn,
        ],
        secretKmsKeyArn: this.database.kmsKeyArn,
        maxConnectionsPercent: db.proxy.maxConnectionsPercent,
        maxIdleConnectionsPercent: db.proxy.maxIdleConnectionsPercent,
        idleClientTimeoutSeconds: db.proxy.idleClientTimeoutSeconds,
        connectionBorrowTimeoutSeconds: db.proxy.connectionBorrowTimeoutSeconds,
      });
      this.proxyAlarms = new DatabaseProxyAlarms(this, "proxy-alarms", {
        alarmNamePrefix: identifier,
        proxyName: this.proxy.proxyName,
        topicArn: props.vpc.alerts.topicArn,
        maxDatabaseConnections: Math.floor(
          (instanceClass.maxConnections * db.proxy.maxConnectionsPercent) / 100,
        ),
      });
    }
    this.clientHost = this.proxy?.endpoint ?? this.database.endpointAddress;
    this.clientSecurityGroupId =
      this.proxy?.securityGroupId ?? this.database.securityGroupId;

    this.alarms = new DatabaseAlarms(this, "alarms", {
      alarmNamePrefix: identifier,
      instanceIdentifier: this.database.instanceIdentifier,
      topicArn: props.vpc.alerts.topicArn,
      allocatedStorageGiB: db.allocatedStorageGiB,
      instanceMemoryGiB: instanceClass.memoryGiB,
      maxConnections: instanceClass.maxConnections,
    });

    // ------------------------------------------------------- read replicas
    // Only when asked for: with none, the stack's addresses stay as they were.
    if (db.readReplicas > 0) {
      this.readReplicas = new DatabaseReadReplicas(this, "read-replicas", {
        sourceIdentifier: this.database.instanceIdentifier,
        identifierPrefix: identifier,
        count: db.readReplicas,
        instanceClass: db.instanceClass,
        kmsKeyArn: this.database.kmsKeyArn,
        parameterGroupName: this.database.parameterGroup.name,
        vpcId: network.vpcId,
        accountId: env.accountId,
        logKmsKeyArn: props.vpc.observabilityKey.arn,
        logRetentionDays: db.logRetentionDays,
        monitoringIntervalSeconds:
          this.database.telemetry.monitoringIntervalSeconds,
        monitoringRoleArn: this.database.telemetry.monitoringRole?.arn,
        maxAllocatedStorageGiB: db.maxAllocatedStorageGiB,
        deletionProtection: db.deletionProtection,
        preventDestroy: db.preventDestroy,
        applyImmediately: db.applyImmediately,
        // Readers connect to a replica directly (no proxy in front), with IAM.
        iamAuthentication: true,
        alarmTopicArn: props.vpc.alerts.topicArn,
      });
      this.readerHost = this.readReplicas.readerAddress;
      this.readerSecurityGroupId = this.readReplicas.securityGroupId;
    }

    // --------------------------------------------------------------- cache
    if (env.cache?.enabled) {
      this.cache = new Cache(this, "cache", {
        name: `${env.project}-${env.name}-cache`,
        accountId: env.accountId,
        region: env.region,
        vpcId: network.vpcId,
        // Like the database: nothing in the isolated subnets has a route out.
        subnetIds: network.subnetIds("isolated"),
        nodeType: env.cache.nodeType,
        replicas: env.cache.replicas,
        multiAz: env.cache.multiAz,
      });
      this.cacheAlarms = new CacheAlarms(this, "cache-alarms", {
        nodeIds: this.cache.nodeIds,
        topicArn: props.vpc.alerts.topicArn,
      });
    }

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

    this.region = env.region;
    this.accountId = env.accountId;

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
      "client_host",
      this.clientHost,
      "Where tasks connect (IAM authentication): the RDS Proxy's endpoint, or the instance without a proxy",
    );
    if (this.readerHost !== undefined)
      output(
        "reader_endpoint_address",
        this.readerHost,
        "DNS name of the first read replica, where readers connect (DB_READ_HOST)",
      );
    output(
      "kms_key_arn",
      this.database.kmsKeyArn,
      "KMS key of the database storage and secret; readers of the secret need kms:Decrypt on it",
    );
    if (this.cache) {
      output(
        "cache_primary_endpoint",
        this.cache.primaryEndpoint,
        "Where the API connects to the cache (TLS, IAM authentication as the cache user)",
      );
    }
  }

  /** The `rds-db:connect` ARN of `user` where tasks connect: on the proxy, or on the instance without one. */
  public dbUserArn(user: string): string {
    if (this.proxy !== undefined) return this.proxy.dbUserArn(user);
    return this.instanceDbUserArn(this.database.resourceId, user);
  }

  /** The `rds-db:connect` ARNs of `user` on each read replica (connected to directly); none without replicas. */
  public readerDbUserArns(user: string): string[] {
    return (this.readReplicas?.instances ?? []).map((replica) =>
      this.instanceDbUserArn(replica.resourceId, user),
    );
  }

  /** `dbuser:<DbiResourceId>/<user>` of one instance. */
  private instanceDbUserArn(resourceId: string, user: string): string {
    return `arn:aws:rds-db:${this.region}:${this.accountId}:dbuser:${resourceId}/${user}`;
  }
}
