import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument } from "../security/policy";
import { SecurityGroupConnection } from "../security/security-group-connection";
import type { Cache } from "./cache";

/** Properties of a {@link CacheClient}. */
export interface CacheClientProps {
  /** The cache it connects to. */
  readonly cache: Cache;
  /** Security group of the client (its egress rule; the cache's ingress rule names it). */
  readonly securityGroupId: string;
  /** Name (or id) of the client's role: a task role. */
  readonly role: string;
  /** Who connects, for the rules' descriptions, e.g. `the API tasks of <service>`. */
  readonly clientName: string;
}

/**
 * Lets one client reach a {@link Cache}: its security group to the cache's on
 * the cache's port (both sides), and `elasticache:Connect` on the
 * replication group and its user for the client's role (the IAM
 * authentication token is signed with that role's credentials).
 */
export class CacheClient extends Construct {
  public readonly connection: SecurityGroupConnection;
  public readonly policy: IamRolePolicy;

  /** The environment a client needs: host, port, user, TLS and IAM authentication on. */
  public static environment(cache: Cache): Record<string, string> {
    return {
      CACHE_HOST: cache.primaryEndpoint,
      CACHE_PORT: String(cache.port),
      CACHE_USER: cache.userName,
      CACHE_TLS: "true",
      CACHE_IAM_AUTH: "true",
    };
  }

  constructor(scope: Construct, id: string, props: CacheClientProps) {
    super(scope, id);
    this.connection = new SecurityGroupConnection(this, "to-cache", {
      fromSecurityGroupId: props.securityGroupId,
      toSecurityGroupId: props.cache.securityGroupId,
      port: props.cache.port,
      egressDescription: "Valkey (TLS) to the cache only",
      ingressDescription: `Valkey (TLS) from ${props.clientName}`,
    });
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html#auth-iam-setup
    this.policy = new IamRolePolicy(this, "policy", {
      name: "cache-connect",
      role: props.role,
      policy: policyDocument([
        {
          Sid: "ConnectAsItsCacheUser",
          Effect: "Allow",
          Action: "elasticache:Connect",
          Resource: [...props.cache.connectArns],
        },
      ]),
    });
  }
}
