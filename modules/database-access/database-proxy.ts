import { DbProxy } from "@cdktf/provider-aws/lib/db-proxy";
import { DbProxyDefaultTargetGroup } from "@cdktf/provider-aws/lib/db-proxy-default-target-group";
import { DbProxyTarget } from "@cdktf/provider-aws/lib/db-proxy-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, serviceTrustPolicy } from "../security/policy";
import { SecurityGroupConnection } from "../security/security-group-connection";

/** The connection-pool settings of a proxy; shared by {@link DatabaseProxyProps} and the configuration. */
export interface DatabaseProxyPoolOptions {
  /**
   * Share of the database's `max_connections` the proxy may open, percent (1-100).
   * @default 90 - room for the master and RDS's own connections
   */
  readonly maxConnectionsPercent?: number;
  /**
   * Share of `max_connections` the proxy keeps open while idle, percent (0 to `maxConnectionsPercent`).
   * @default 50
   */
  readonly maxIdleConnectionsPercent?: number;
  /**
   * A client connection idle this long is closed, seconds (1-28800).
   * @default 1800
   */
  readonly idleClientTimeoutSeconds?: number;
  /**
   * A client waits this long for a database connection from the pool before its request fails, seconds (0-3600).
   * @default 120
   */
  readonly connectionBorrowTimeoutSeconds?: number;
}

/** Properties of a {@link DatabaseProxy}. */
export interface DatabaseProxyProps extends DatabaseProxyPoolOptions {
  /** Name of the proxy (also the start of its role's and security group's names): the instance identifier. */
  readonly name: string;
  /** Account of the proxy: the trust condition of its role, its users' `rds-db` ARNs. */
  readonly accountId: string;
  /** Region of the proxy: `kms:ViaService`, its users' `rds-db` ARNs. */
  readonly region: string;
  readonly vpcId: string;
  /** Subnets of the proxy, in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /** The instance's security group: the proxy gets the one ingress rule on it. */
  readonly databaseSecurityGroupId: string;
  /** Port of the instance and of the proxy. */
  readonly port: number;
  /** The instance behind the proxy. */
  readonly instanceIdentifier: string;
  /** Secrets (`{"username","password"}`) of the users clients may connect as; each with IAM authentication required. */
  readonly secretArns: readonly string[];
  /** KMS key (ARN) of those secrets: the proxy decrypts them through Secrets Manager only. */
  readonly secretKmsKeyArn: string;
}

/** Checks the pool settings of {@link DatabaseProxyPoolOptions} as RDS would. */
export function checkDatabaseProxyProps(
  report: PropReport,
  props: DatabaseProxyPoolOptions & { readonly subnetIds?: readonly string[] },
): void {
  const checks = new PropChecks(report);
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ConnectionPoolConfiguration.html
  checks.wholeNumber(
    "maxConnectionsPercent",
    props.maxConnectionsPercent,
    1,
    100,
  );
  const max = props.maxConnectionsPercent;
  checks.wholeNumber(
    "maxIdleConnectionsPercent",
    props.maxIdleConnectionsPercent,
    0,
    max !== undefined && Number.isInteger(max) ? max : 100,
  );
  checks.wholeNumber(
    "idleClientTimeoutSeconds",
    props.idleClientTimeoutSeconds,
    1,
    28800,
  );
  checks.wholeNumber(
    "connectionBorrowTimeoutSeconds",
    props.connectionBorrowTimeoutSeconds,
    0,
    3600,
  );
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length >= 2,
    "must name subnets in at least two availability zones",
  );
}

/**
 * RDS Proxy in front of a PostgreSQL instance: TLS required, IAM
 * authentication required for every client (no client ever holds a database
 * password), one default target group with the given pool, its own security
 * group (clients → proxy → instance, nothing else), and a role that reads
 * only its secrets, decrypting them through Secrets Manager only. Clients
 * add their ingress rule on {@link DatabaseProxy.securityGroupId} and get
 * `rds-db:connect` on {@link DatabaseProxy.dbUserArn}.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html
 */
export class DatabaseProxy extends Construct {
  public readonly proxy: DbProxy;
  public readonly role: IamRole;
  public readonly securityGroup: SecurityGroup;
  public readonly targetGroup: DbProxyDefaultTargetGroup;
  public readonly target: DbProxyTarget;
  /** The proxy → instance rules. */
  public readonly databaseConnection: SecurityGroupConnection;
  /** Security group of the proxy; clients add their ingress rules to it. */
  public readonly securityGroupId: string;
  /** DNS name clients connect to. */
  public readonly endpoint: string;
  /** Name of the proxy (the `ProxyName` metric dimension). */
  public readonly proxyName: string;
  /** The `prx-...` id in `rds-db:connect` ARNs (the last part of the proxy's ARN). */
  public readonly resourceId: string;
  private readonly accountId: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const maxConnectionsPercent = props.maxConnectionsPercent ?? 90;
    const maxIdleConnectionsPercent = props.maxIdleConnectionsPercent ?? 50;
    const idleClientTimeoutSeconds = props.idleClientTimeoutSeconds ?? 1800;
    const connectionBorrowTimeoutSeconds =
      props.connectionBorrowTimeoutSeconds ?? 120;
    checkDatabaseProxyProps(throwOnBadProp(`DatabaseProxy ${id}`), {
      maxConnectionsPercent,
      maxIdleConnectionsPercent,
      idleClientTimeoutSeconds,
      connectionBorrowTimeoutSeconds,
      subnetIds: props.subnetIds,
    });
    this.accountId = props.accountId;
    this.region = props.region;
    const name = props.name;

    // -------------------------------------------------------------- network
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${name}-proxy`,
      description: `RDS Proxy ${name}: inbound only by explicit rules, outbound to the database only`,
      vpcId: props.vpcId,
      // No inline rules: its egress is the rule resource below (an inline
      // `egress = []` beside it would remove that rule on every apply).
      // Terraform removes AWS's default allow-all egress on create.
      tags: { Name: `${name}-proxy` },
    });
    this.databaseConnection = new SecurityGroupConnection(this, "to-database", {
      fromSecurityGroupId: this.securityGroup.id,
      toSecurityGroupId: props.databaseSecurityGroupId,
      port: props.port,
      egressDescription: "PostgreSQL to the database only",
      ingressDescription: `PostgreSQL from the RDS Proxy ${name}`,
    });

    // ----------------------------------------------------------------- role
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html
    this.role = new IamRole(this, "role", {
      name: `${name}-proxy`,
      description: `RDS Proxy ${name}: reads its login secrets`,
      assumeRolePolicy: serviceTrustPolicy(
        "rds.amazonaws.com",
        props.accountId,
      ),
    });
    new IamRolePolicy(this, "role-policy", {
      name: "read-login-secrets",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "ReadLoginSecrets",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: [...props.secretArns],
        },
        {
          Sid: "DecryptThroughSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.secretKmsKeyArn,
          Condition: {
            StringEquals: {
              "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com`,
            },
          },
        },
      ]),
    });

    // ---------------------------------------------------------------- proxy
    this.proxy = new DbProxy(this, "proxy", {
      name,
      engineFamily: "POSTGRESQL",
      requireTls: true,
      idleClientTimeout: idleClientTimeoutSeconds,
      roleArn: this.role.arn,
      vpcSubnetIds: [...props.subnetIds],
      vpcSecurityGroupIds: [this.securityGroup.id],
      debugLogging: false,
      auth: props.secretArns.map((secretArn) => ({
        authScheme: "SECRETS",
        iamAuth: "REQUIRED",
        // Only used by password clients, which IAM "REQUIRED" turns away; set, so plans show no unknown.
        clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256",
        secretArn,
      })),
      tags: { Name: name },
    });
    this.targetGroup = new DbProxyDefaultTargetGroup(this, "target-group", {
      dbProxyName: this.proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent,
        maxIdleConnectionsPercent,
        connectionBorrowTimeout: connectionBorrowTimeoutSeconds,
      },
    });
    this.target = new DbProxyTarget(this, "target", {
      dbProxyName: this.proxy.name,
      targetGroupName: this.targetGroup.name,
      dbInstanceIdentifier: props.instanceIdentifier,
    });

    this.securityGroupId = this.securityGroup.id;
    this.endpoint = this.proxy.endpoint;
    this.proxyName = this.proxy.name;
    // arn:aws:rds:<region>:<account>:db-proxy:<prx-id>
    this.resourceId = Fn.element(Fn.split(":", this.proxy.arn), 6);
  }

  /** The ARN `rds-db:connect` grants for `user` on this proxy. */
  public dbUserArn(user: string): string {
    return `arn:aws:rds-db:${this.region}:${this.accountId}:dbuser:${this.resourceId}/${user}`;
  }
}
