import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";

/** The database logins the pipeline's tasks use; none of them is the master. */
export const DATABASE_LOGINS = {
  /** The API and the collectors: DML on the application schema. */
  application: "pipeline_app",
  /** The migrations: owner of the application schema (DDL). */
  owner: "pipeline_owner",
  /**
   * The API's reads on the read replicas: `SELECT` only, IAM authentication
   * only (`rds_iam`, no password, so no secret and not behind the proxy).
   */
  reader: "pipeline_reader",
} as const;

/**
 * One of the {@link DATABASE_LOGINS} roles with a password, which the proxy
 * reads from the role's secret; the reader has neither.
 */
export type DatabaseLoginRole = Exclude<keyof typeof DATABASE_LOGINS, "reader">;

/** The schema the owner login owns and the application login uses. */
export const APPLICATION_SCHEMA = "pipeline";

/** Properties of {@link DatabaseLogins}. */
export interface DatabaseLoginsProps {
  /** Start of the secret names: `<namePrefix>/logins/<user>`. */
  readonly namePrefix: string;
  /** KMS key (ARN) of the secrets: the database's key, which the proxy's role may use through Secrets Manager. */
  readonly kmsKeyArn: string;
  /**
   * Days a deleted secret can be restored (0, or 7-30).
   * @default 7
   */
  readonly recoveryWindowDays?: number;
}

/**
 * One Secrets Manager secret per login (`{"username", "password"}`, the form
 * RDS Proxy reads), created without a value: Terraform never sees a
 * password. The login setup task (`npm run migrate -- <environment> --logins`)
 * has Secrets Manager generate each password (GetRandomPassword), sets it on
 * the role and stores it here, so the value exists only in Secrets Manager
 * and the database. Tasks never read these secrets: they authenticate to the
 * proxy with IAM, and the proxy reads them.
 */
export class DatabaseLogins extends Construct {
  /** The secrets by login role. */
  public readonly secrets: Readonly<
    Record<DatabaseLoginRole, SecretsmanagerSecret>
  >;
  /** Database user names by login role. */
  public readonly users = DATABASE_LOGINS;

  constructor(scope: Construct, id: string, props: DatabaseLoginsProps) {
    super(scope, id);
    const recoveryWindowDays = props.recoveryWindowDays ?? 7;
    new PropChecks(throwOnBadProp(`DatabaseLogins ${id}`)).check(
      "recoveryWindowDays",
      recoveryWindowDays,
      (d) => d === 0 || (Number.isInteger(d) && d >= 7 && d <= 30),
      "must be 0 or 7-30 (0 deletes at once)",
    );
    const secret = (role: DatabaseLoginRole) =>
      new SecretsmanagerSecret(this, role, {
        name: `${props.namePrefix}/logins/${DATABASE_LOGINS[role]}`,
        description: `Database login ${DATABASE_LOGINS[role]} (${role}); RDS Proxy reads it, npm run migrate -- <environment> --logins sets it`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: recoveryWindowDays,
      });
    this.secrets = {
      application: secret("application"),
      owner: secret("owner"),
    };
  }
}
