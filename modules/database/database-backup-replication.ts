import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { rdsKeyStatement } from "./database-key-policy";
import { EncryptionKey } from "../security/encryption-key";

/** Properties of a {@link DatabaseBackupReplication}. */
export interface DatabaseBackupReplicationProps {
  /** ARN of the RDS instance whose automated backups are replicated. */
  readonly sourceInstanceArn: string;
  /** AWS provider of the destination region: every resource here is created there. */
  readonly provider: TerraformProvider;
  /** The destination region (the provider's), for the key policy. */
  readonly region: string;
  /** Account that owns the key; its IAM administers it. */
  readonly accountId: string;
  /** Alias of the destination key, without `alias/`. */
  readonly keyAliasName: string;
  /**
   * Retention of the replicated backups, days (1-35).
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * Terraform `prevent_destroy` on the destination key: without it the
   * replicated backups cannot be restored.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Checks the retention of {@link DatabaseBackupReplicationProps}. */
export function checkDatabaseBackupReplicationProps(
  report: PropReport,
  props: Pick<DatabaseBackupReplicationProps, "retentionDays">,
): void {
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartDBInstanceAutomatedBackupsReplication.html
  new PropChecks(report).wholeNumber(
    "retentionDays",
    props.retentionDays,
    1,
    35,
  );
}

/**
 * Cross-region replication of an RDS instance's automated backups (snapshots
 * and transaction logs, so point-in-time recovery works in the destination
 * region), encrypted with a customer-managed key of the destination region.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html
 */
export class DatabaseBackupReplication extends Construct {
  public readonly encryptionKey: EncryptionKey;
  public readonly replication: DbInstanceAutomatedBackupsReplication;

  constructor(
    scope: Construct,
    id: string,
    props: DatabaseBackupReplicationProps,
  ) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 7;
    checkDatabaseBackupReplicationProps(
      throwOnBadProp(`DatabaseBackupReplication ${id}`),
      { retentionDays },
    );

    this.encryptionKey = new EncryptionKey(this, "key", {
      provider: props.provider,
      aliasName: props.keyAliasName,
      description: `${props.keyAliasName}: replicated RDS automated backups`,
      accountId: props.accountId,
      region: props.region,
      // RDS of the destination region copies the backups in and restores them.
      additionalStatements: [rdsKeyStatement(props.region, props.accountId)],
    });
    this.encryptionKey.key.lifecycle = {
      preventDestroy: props.preventDestroy ?? true,
    };

    // Created through the destination region's RDS, which pulls the backups in.
    this.replication = new DbInstanceAutomatedBackupsReplication(
      this,
      "replication",
      {
        provider: props.provider,
        sourceDbInstanceArn: props.sourceInstanceArn,
        kmsKeyId: this.encryptionKey.arn,
        retentionPeriod: retentionDays,
      },
    );
  }
}
