import { Construct } from "constructs";
import { TaskDefinition } from "../container/task-definition";
import { DatabaseConnectPolicy } from "./database-connect-policy";
import {
  APPLICATION_SCHEMA,
  DATABASE_LOGINS,
  DatabaseLoginRole,
} from "./database-logins";
import { LOGINS_SQL } from "./logins-sql";

/** Image of the login setup: psql, plus the AWS CLI it installs at start (apk, through NAT). */
export const DEFAULT_LOGIN_SETUP_IMAGE =
  "public.ecr.aws/docker/library/postgres:16-alpine";

/** Name of the setup's container (`npm run migrate -- <environment> --logins` reads it from the outputs). */
export const LOGIN_SETUP_CONTAINER = "logins";

/**
 * The setup's shell script. `$VAR` only, never `${VAR}`: Terraform would
 * read that as an interpolation. Order: new passwords from Secrets Manager,
 * then the SQL as the master (an IAM token through the proxy), then the
 * secrets; a failure in between is repaired by running it again.
 */
const SCRIPT = [
  "set -eu",
  "apk add --no-cache --quiet aws-cli >/dev/null",
  "password() { aws secretsmanager get-random-password --password-length 40 --exclude-punctuation --require-each-included-type --query RandomPassword --output text; }",
  "APP_PASSWORD=$(password)",
  "OWNER_PASSWORD=$(password)",
  'PGPASSWORD=$(aws rds generate-db-auth-token --hostname "$DB_HOST" --port "$DB_PORT" --username "$DB_ADMIN_USER")',
  "export PGPASSWORD PGSSLMODE=require",
  'printf "%s\\n" "$LOGINS_SQL" | psql -X -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_ADMIN_USER" -d "$DB_NAME" -v app_user="$APP_USER" -v app_password="$APP_PASSWORD" -v owner_user="$OWNER_USER" -v owner_password="$OWNER_PASSWORD" -v reader_user="$READER_USER" -v app_schema="$APP_SCHEMA" -v db_name="$DB_NAME" -f -',
  'store() { aws secretsmanager put-secret-value --secret-id "$1" --secret-string "{\\"username\\":\\"$2\\",\\"password\\":\\"$3\\"}" >/dev/null; }',
  'store "$APP_SECRET_ARN" "$APP_USER" "$APP_PASSWORD"',
  'store "$OWNER_SECRET_ARN" "$OWNER_USER" "$OWNER_PASSWORD"',
  'echo "logins $APP_USER, $OWNER_USER and $READER_USER ready in schema $APP_SCHEMA"',
].join("\n");

/** Properties of a {@link DatabaseLoginSetup}. */
export interface DatabaseLoginSetupProps {
  /** Task definition family, also the start of its role names. */
  readonly family: string;
  readonly accountId: string;
  readonly region: string;
  /** Repository the execution role may pull from (the pipeline's; the default image is public). */
  readonly repositoryArn: string;
  /** KMS key (ARN) of the task's log group. */
  readonly logKmsKeyArn: string;
  /**
   * Retention of the task's log group, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /** The proxy's endpoint. */
  readonly host: string;
  readonly port: string;
  readonly databaseName: string;
  /** The master user's name: the setup connects as it, with an IAM token. */
  readonly adminUser: string;
  /** `rds-db:connect` ARN of the master user on the proxy. */
  readonly adminDbUserArn: string;
  /** The login secrets, by role: the setup writes them. */
  readonly secretArns: Readonly<Record<DatabaseLoginRole, string>>;
  /** KMS key (ARN) of those secrets. */
  readonly secretKmsKeyArn: string;
  /**
   * Image with psql and apk.
   * @default DEFAULT_LOGIN_SETUP_IMAGE
   */
  readonly image?: string;
}

/**
 * The one-off task that creates the database logins (LOGINS_SQL, logins-sql.ts): it
 * connects through the proxy as the master with an IAM token (its task
 * definition references no secret), has Secrets Manager generate each
 * login's password, sets it on the role and stores it in the login's
 * secret. Its task role may connect as the master, generate passwords and
 * write those two secrets, nothing else. Started only by
 * `npm run migrate -- <environment> --logins`.
 */
export class DatabaseLoginSetup extends Construct {
  public readonly taskDefinition: TaskDefinition;
  public readonly connectPolicy: DatabaseConnectPolicy;

  constructor(scope: Construct, id: string, props: DatabaseLoginSetupProps) {
    super(scope, id);
    this.taskDefinition = new TaskDefinition(this, "task", {
      family: props.family,
      containerName: LOGIN_SETUP_CONTAINER,
      accountId: props.accountId,
      region: props.region,
      repositoryArn: props.repositoryArn,
      image: props.image ?? DEFAULT_LOGIN_SETUP_IMAGE,
      cpu: 256,
      memoryMiB: 512,
      command: ["sh", "-c", SCRIPT],
      logKmsKeyArn: props.logKmsKeyArn,
      logRetentionDays: props.logRetentionDays,
      // apk installs the AWS CLI at start; the image's user is root.
      readonlyRootFilesystem: false,
      environment: {
        AWS_REGION: props.region,
        DB_HOST: props.host,
        DB_PORT: props.port,
        DB_NAME: props.databaseName,
        DB_ADMIN_USER: props.adminUser,
        APP_USER: DATABASE_LOGINS.application,
        OWNER_USER: DATABASE_LOGINS.owner,
        READER_USER: DATABASE_LOGINS.reader,
        APP_SCHEMA: APPLICATION_SCHEMA,
        APP_SECRET_ARN: props.secretArns.application,
        OWNER_SECRET_ARN: props.secretArns.owner,
        LOGINS_SQL,
      },
    });
    this.connectPolicy = new DatabaseConnectPolicy(this, "connect", {
      role: this.taskDefinition.roles.taskRole.id,
      dbUserArn: props.adminDbUserArn,
      additionalStatements: [
        {
          // GetRandomPassword has no resource to scope to.
          Sid: "GeneratePasswords",
          Effect: "Allow",
          Action: "secretsmanager:GetRandomPassword",
          Resource: "*",
        },
        {
          Sid: "StoreLoginPasswords",
          Effect: "Allow",
          Action: "secretsmanager:PutSecretValue",
          Resource: [props.secretArns.application, props.secretArns.owner],
        },
        {
          Sid: "EncryptThroughSecretsManager",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: props.secretKmsKeyArn,
          Condition: {
            StringEquals: {
              "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com`,
            },
          },
        },
      ],
    });
  }
}
