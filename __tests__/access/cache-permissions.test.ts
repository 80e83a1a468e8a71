/**
 * The deploy role's permission table against an environment with the cache
 * on: the checked-in configuration has it off everywhere, so the coverage
 * test of ci-roles.test.ts never sees the ElastiCache types.
 */
import {
  COVERED_ELSEWHERE,
  expandArns,
  RESOURCE_PERMISSIONS,
} from "../../modules/delivery";
import { configWith } from "../support/config";
import { synthEnvironmentStacks } from "../support/environment-synth";
import { listOf } from "../support/synth";

const config = configWith((c) => {
  c.environments.production.cache!.enabled = true;
});
const environment = config.environments.production;

const stacks = synthEnvironmentStacks(config, "production");
const database = stacks.database;

/** Whether `arn` matches an IAM ARN pattern (`*` any run of characters). */
const matches = (pattern: string, arn: string) =>
  new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`,
  ).test(arn);

describe("the permission table with the cache on", () => {
  it("GIVEN production with the cache on WHEN its stacks are synthesized THEN they hold the ElastiCache types the table must cover", () => {
    expect(
      Object.values(stacks)
        .flatMap((s) => Object.keys(s.resource ?? {}))
        .filter((t) => t.startsWith("aws_elasticache"))
        .sort(),
    ).toEqual([
      "aws_elasticache_replication_group",
      "aws_elasticache_subnet_group",
      "aws_elasticache_user",
      "aws_elasticache_user_group",
    ]);
  });

  it("GIVEN production with the cache on WHEN each stack's resource and data types are listed THEN the permission table covers each", () => {
    const uncovered = Object.entries(stacks).flatMap(([name, json]) =>
      [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})]
        .filter(
          (t) => !(t in RESOURCE_PERMISSIONS) && !COVERED_ELSEWHERE.includes(t),
        )
        .map((t) => `${name}: ${t}`),
    );
    expect(uncovered).toEqual([]);
  });

  it("GIVEN the cache's synthesized names WHEN matched against their rows' ARN patterns THEN each ElastiCache ARN the deploy role writes is in scope", () => {
    const scope = {
      regions: [environment.region],
      accountId: environment.accountId,
      prefix: `${environment.project}-${environment.name}`,
    };
    const arn = (kind: string, id: string) =>
      `arn:aws:elasticache:${environment.region}:${environment.accountId}:${kind}:${id}`;
    const [group] = listOf(database, "aws_elasticache_replication_group");
    const [subnets] = listOf(database, "aws_elasticache_subnet_group");
    const [userGroup] = listOf(database, "aws_elasticache_user_group");
    const wanted: [string, string][] = [
      [
        "aws_elasticache_replication_group",
        arn("replicationgroup", group.replication_group_id),
      ],
      [
        "aws_elasticache_replication_group",
        arn("cluster", `${group.replication_group_id}-002`),
      ],
      [
        "aws_elasticache_replication_group",
        arn("parametergroup", "default.valkey8"),
      ],
      ["aws_elasticache_subnet_group", arn("subnetgroup", subnets.name)],
      ["aws_elasticache_user_group", arn("usergroup", userGroup.user_group_id)],
      ...listOf(database, "aws_elasticache_user").map((u): [string, string] => [
        "aws_elasticache_user",
        arn("user", u.user_id),
      ]),
    ];
    const outOfScope = wanted.filter(
      ([type, target]) =>
        !expandArns(RESOURCE_PERMISSIONS[type].arns ?? ["*"], scope).some((p) =>
          matches(p, target),
        ),
    );
    expect(outOfScope).toEqual([]);
  });
});
