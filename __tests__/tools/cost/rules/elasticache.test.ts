/**
 * The cache's pricing rule (tools/cost/rules/elasticache.ts) against
 * hand-computed examples at the round rates of fixtures.ts.
 */
import { priceStack } from "../fixtures";

const total = (s: { lines: readonly { monthlyUsd: number }[] }) =>
  s.lines.reduce((sum, l) => sum + l.monthlyUsd, 0);

const group = (config: Record<string, unknown>) =>
  priceStack({
    aws_elasticache_replication_group: {
      cache: { engine: "valkey", node_type: "cache.t4g.micro", ...config },
    },
  });

describe("ElastiCache pricing rule", () => {
  it("GIVEN a Valkey group of a primary and one replica WHEN priced THEN 2 nodes × 730 hours × 0.01", () => {
    expect(total(group({ num_cache_clusters: 2 }))).toBeCloseTo(
      2 * 730 * 0.01,
      9,
    );
  });

  it("GIVEN a group without num_cache_clusters WHEN priced THEN one node is billed", () => {
    expect(total(group({}))).toBeCloseTo(730 * 0.01, 9);
  });

  it("GIVEN a node type without a rate WHEN priced THEN the group is unpriced, never zero", () => {
    const s = group({ node_type: "cache.r7g.large" });
    expect([s.lines.length, s.unpriced.map((u) => u.type)]).toEqual([
      0,
      ["aws_elasticache_replication_group"],
    ]);
  });

  it("GIVEN a Redis OSS group WHEN priced THEN it is unpriced with the reason", () => {
    const s = group({ engine: "redis" });
    expect(s.unpriced.map((u) => u.reason)).toEqual([
      "engine redis has no rate (the price file holds Valkey nodes)",
    ]);
  });

  it("GIVEN kept snapshots WHEN priced THEN the group is unpriced (backup storage has no rate)", () => {
    const s = group({ snapshot_retention_limit: 3 });
    expect(s.unpriced.map((u) => u.reason)).toEqual([
      "snapshots kept 3 days: backup storage has no rate",
    ]);
  });

  it("GIVEN the subnet group, users and user group WHEN priced THEN all are free", () => {
    const s = priceStack({
      aws_elasticache_subnet_group: { s: {} },
      aws_elasticache_user: { u: {} },
      aws_elasticache_user_group: { g: {} },
    });
    expect([total(s), s.free.map((f) => f.type), s.unpriced]).toEqual([
      0,
      [
        "aws_elasticache_subnet_group",
        "aws_elasticache_user",
        "aws_elasticache_user_group",
      ],
      [],
    ]);
  });
});
