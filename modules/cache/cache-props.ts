import { PropChecks, PropReport } from "../core/prop-checks";

/** Most read replicas of a replication group without cluster mode (one primary and five replicas). */
export const MAX_CACHE_REPLICAS = 5;

/**
 * ElastiCache node types: `cache.<family>.<size>`, e.g. `cache.t4g.micro`,
 * `cache.r7g.large`, `cache.m7g.2xlarge`.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 */
export const CACHE_NODE_TYPE_PATTERN =
  /^cache\.[a-z][a-z0-9]*\.(micro|small|medium|large|\d*xlarge)$/;

/** The sizing of a cache; shared by {@link CacheProps} and the configuration. */
export interface CacheSizeOptions {
  /** Node type of the primary and of every replica, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /**
   * Read replicas beside the primary (0-5), each in the other availability zone first.
   * @default 0
   */
  readonly replicas?: number;
  /**
   * Multi-AZ with automatic failover to a replica; needs at least one replica.
   * @default - true when there is a replica
   */
  readonly multiAz?: boolean;
}

/** Checks {@link CacheSizeOptions} as ElastiCache would, reporting each bad prop. */
export function checkCacheProps(
  report: PropReport,
  props: Partial<CacheSizeOptions> & {
    readonly subnetIds?: readonly string[];
  },
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "nodeType",
    props.nodeType,
    CACHE_NODE_TYPE_PATTERN,
    "must be an ElastiCache node type, cache.<family>.<size> (e.g. cache.t4g.micro)",
  );
  checks.wholeNumber("replicas", props.replicas, 0, MAX_CACHE_REPLICAS);
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
  if (props.multiAz === true && props.replicas === 0) {
    checks.fail(
      "multiAz",
      props.multiAz,
      "needs at least one replica to fail over to (replicas >= 1)",
    );
  }
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length >= 2,
    "must name subnets in at least two availability zones",
  );
}
