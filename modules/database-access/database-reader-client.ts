import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { SecurityGroupConnection } from "../security/security-group-connection";
import { DatabaseConnectPolicy } from "./database-connect-policy";

/** Properties of a {@link DatabaseReaderClient}. */
export interface DatabaseReaderClientProps {
  /** Security group of the client (its egress rule; the replicas' ingress rule names it). */
  readonly securityGroupId: string;
  /** The read replicas' own security group (`DatabaseReadReplicas.securityGroupId`). */
  readonly replicaSecurityGroupId: string;
  /** Port the replicas listen on: their source's. */
  readonly port: number;
  /** Name (or id) of the client's role: a task role. */
  readonly role: string;
  /**
   * `rds-db:connect` ARNs of the read-only login on each replica
   * (`dbuser:<DbiResourceId>/<user>`), at least one.
   */
  readonly dbUserArns: readonly string[];
  /** Who connects, for the rules' descriptions, e.g. `the API tasks of <service>`. */
  readonly clientName: string;
}

/**
 * Lets one client read from the database's read replicas directly: its
 * security group to the replicas' on the database port (both sides), and
 * `rds-db:connect` as the read-only login on each replica (inline policy
 * `database-read-connect`), so it connects with an IAM token over TLS.
 * RDS Proxy cannot route to replicas of an RDS for PostgreSQL instance
 * (its reader endpoints are Aurora's), hence no proxy in between.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html
 */
export class DatabaseReaderClient extends Construct {
  public readonly connection: SecurityGroupConnection;
  public readonly connectPolicy: DatabaseConnectPolicy;

  constructor(scope: Construct, id: string, props: DatabaseReaderClientProps) {
    super(scope, id);
    new PropChecks(throwOnBadProp(`DatabaseReaderClient ${id}`)).check(
      "dbUserArns",
      props.dbUserArns,
      (arns) => arns.length > 0,
      "must name the reader on at least one replica",
    );
    this.connection = new SecurityGroupConnection(this, "to-replicas", {
      fromSecurityGroupId: props.securityGroupId,
      toSecurityGroupId: props.replicaSecurityGroupId,
      port: props.port,
      egressDescription: "PostgreSQL to the read replicas only",
      ingressDescription: `PostgreSQL reads from ${props.clientName}`,
    });
    this.connectPolicy = new DatabaseConnectPolicy(this, "connect", {
      name: "database-read-connect",
      role: props.role,
      dbUserArn: props.dbUserArns,
    });
  }
}
