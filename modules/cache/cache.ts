import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { RDS_KEY_ACTIONS, viaServiceStatement } from "../database";
import { EncryptionKey } from "../security/encryption-key";
import { CacheSizeOptions, checkCacheProps } from "./cache-props";

/** Engine of every cache: Valkey, the open-source fork of Redis OSS 7.2 (same protocol and clients). */
export const CACHE_ENGINE = "valkey";

/** Properties of a {@link Cache}. */
export interface CacheProps extends CacheSizeOptions {
  /**
   * Replication group id (at most 40 characters), also the start of its
   * users', subnet group's, security group's and key's names.
   */
  readonly name: string;
  /** Account of the cache: its key policy. */
  readonly accountId: string;
  /** Region of the cache: its key policy's `kms:ViaService`. */
  readonly region: string;
  readonly vpcId: string;
  /** Subnets of the nodes, in at least two availability zones (no route out needed). */
  readonly subnetIds: readonly string[];
  /**
   * Valkey version (major.minor).
   * @default "8.0"
   */
  readonly engineVersion?: string;
  /**
   * Port the nodes listen on (TLS only).
   * @default 6379
   */
  readonly port?: number;
  /**
   * Customer-managed KMS key (ARN) of the data at rest and the snapshots.
   * @default - a key of its own, rotated yearly, usable through ElastiCache only
   */
  readonly kmsKeyArn?: string;
  /**
   * Daily snapshots kept, days (0 turns them off).
   * @default 0 - a cache is rebuilt from the database
   */
  readonly snapshotRetentionDays?: number;
}

/**
 * An ElastiCache (Valkey) replication group without cluster mode: one
 * primary and up to five replicas, Multi-AZ with automatic failover when it
 * has a replica, encrypted at rest with a customer key and in transit (TLS
 * required), in its own subnet group and security group (no rule: clients
 * add theirs with {@link CacheClient}). Clients authenticate as one
 * ElastiCache user with IAM authentication: a 15-minute token signed with
 * their role's credentials, so no password exists anywhere (code,
 * synthesized JSON, Terraform state or a secret). The user group holds that
 * user and a `default` user that is switched off, so an unauthenticated
 * connection can do nothing.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html
 */
export class Cache extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly subnetGroup: ElasticacheSubnetGroup;
  public readonly securityGroup: SecurityGroup;
  /** The user clients connect as (IAM authentication). */
  public readonly user: ElasticacheUser;
  /** The switched-off `default` user every user group must hold. */
  public readonly defaultUser: ElasticacheUser;
  public readonly userGroup: ElasticacheUserGroup;
  /** The key of its own, unless one was passed in. */
  public readonly encryptionKey?: EncryptionKey;
  /** Security group clients add their ingress rule to. */
  public readonly securityGroupId: string;
  /** Where clients connect: the primary endpoint (follows a failover). */
  public readonly primaryEndpoint: string;
  public readonly port: number;
  /** The user name (= user id, as IAM authentication requires) clients sign their token for. */
  public readonly userName: string;
  /** Replication group id (the `ReplicationGroupId` of its metrics, the token's host). */
  public readonly replicationGroupId: string;
  /** Ids of the nodes (`<name>-001`, ...), the `CacheClusterId` dimension of their metrics. */
  public readonly nodeIds: readonly string[];
  /** What `elasticache:Connect` must allow: the replication group and the user. */
  public readonly connectArns: readonly string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const replicas = props.replicas ?? 0;
    const multiAz = props.multiAz ?? replicas > 0;
    const engineVersion = props.engineVersion ?? "8.0";
    this.port = props.port ?? 6379;
    const report = throwOnBadProp(`Cache ${id}`);
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html
    new PropChecks(report).matches(
      "name",
      props.name,
      /^(?!.*--)[a-z][a-z0-9-]{0,38}[a-z0-9]$/,
      "must be 2-40 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
    );
    checkCacheProps(report, {
      nodeType: props.nodeType,
      replicas,
      multiAz,
      subnetIds: props.subnetIds,
    });
    const name = props.name;

    // ------------------------------------------------------------ network
    this.subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name,
      description: `ElastiCache ${name}: its nodes' subnets`,
      subnetIds: [...props.subnetIds],
    });
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${name}`,
      description: `ElastiCache ${name}: inbound only by explicit rules, no outbound`,
      vpcId: props.vpcId,
      egress: [],
      tags: { Name: name },
    });

    // ---------------------------------------------------------------- key
    let kmsKeyArn = props.kmsKeyArn;
    if (kmsKeyArn === undefined) {
      // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
      this.encryptionKey = new EncryptionKey(this, "key", {
        aliasName: name,
        description: `ElastiCache ${name}: data at rest and snapshots`,
        accountId: props.accountId,
        region: props.region,
        additionalStatements: [
          viaServiceStatement(
            "UseThroughElastiCache",
            "elasticache",
            props.region,
            props.accountId,
            RDS_KEY_ACTIONS,
          ),
        ],
      });
      kmsKeyArn = this.encryptionKey.arn;
    }

    // -------------------------------------------------------------- users
    // IAM authentication needs the user id and name to be the same.
    this.userName = `${name}-app`;
    this.user = new ElasticacheUser(this, "user", {
      userId: this.userName,
      userName: this.userName,
      engine: CACHE_ENGINE,
      // Every command but the dangerous ones (FLUSHALL, CONFIG, KEYS, ...).
      accessString: "on ~* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    this.defaultUser = new ElasticacheUser(this, "default-user", {
      userId: `${name}-default`,
      userName: "default",
      engine: CACHE_ENGINE,
      // Switched off: it cannot authenticate, so it needs no password.
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    this.userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: name,
      engine: CACHE_ENGINE,
      userIds: [this.defaultUser.userId, this.user.userId],
    });

    // -------------------------------------------------- replication group
    this.replicationGroup = new ElasticacheReplicationGroup(this, "cache", {
      replicationGroupId: name,
      description: `Valkey cache ${name}`,
      engine: CACHE_ENGINE,
      engineVersion,
      nodeType: props.nodeType,
      numCacheClusters: 1 + replicas,
      multiAzEnabled: multiAz,
      automaticFailoverEnabled: multiAz,
      port: this.port,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [this.userGroup.userGroupId],
      autoMinorVersionUpgrade: "true",
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 0,
      tags: { Name: name },
    });

    this.securityGroupId = this.securityGroup.id;
    this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
    this.replicationGroupId = this.replicationGroup.replicationGroupId;
    // Without cluster mode ElastiCache names the nodes <group>-001, -002, ...
    this.nodeIds = Array.from(
      { length: 1 + replicas },
      (_, i) => `${name}-${String(i + 1).padStart(3, "0")}`,
    );
    this.connectArns = [this.replicationGroup.arn, this.user.arn];
  }
}
