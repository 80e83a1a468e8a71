/**
 * Amazon ElastiCache: node-hours of a replication group (the primary and
 * each replica), by node type. Valkey only: its nodes are billed 20 % below
 * Redis OSS's, and the price file holds the Valkey rates.
 * https://aws.amazon.com/elasticache/pricing/
 */
import { CannotPrice, req, type Rule, type ServiceRules } from "./rule";

const replicationGroup: Rule = (ctx) => {
  const c = ctx.config;
  const engine = String(c.engine ?? "redis");
  if (engine !== "valkey")
    throw new CannotPrice(
      `engine ${engine} has no rate (the price file holds Valkey nodes)`,
    );
  if (c.num_node_groups !== undefined)
    throw new CannotPrice("cluster mode (num_node_groups) is not priced");
  if (Number(c.snapshot_retention_limit ?? 0) > 0)
    throw new CannotPrice(
      `snapshots kept ${c.snapshot_retention_limit} days: backup storage has no rate`,
    );
  const nodes = Number(c.num_cache_clusters ?? 1);
  const hours = req(ctx, "hours-per-month");
  return {
    lines: [
      {
        item: `node hours (${c.node_type}, ${nodes} node${nodes === 1 ? "" : "s"}: the primary and ${nodes - 1} replica${nodes === 2 ? "" : "s"})`,
        rate: `elasticache.valkey.${c.node_type}`,
        quantity: nodes * hours,
        assumptions: ["hours-per-month"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const ELASTICACHE_RULES: ServiceRules = {
  priced: {
    aws_elasticache_replication_group: replicationGroup,
  },
  free: {
    aws_elasticache_subnet_group: "no charge",
    aws_elasticache_user: "no charge (IAM authentication has none either)",
    aws_elasticache_user_group: "no charge",
  },
};
