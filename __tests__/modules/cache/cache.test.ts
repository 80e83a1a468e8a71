import { Testing } from "cdktf";
import { Cache, CacheProps } from "../../../modules/cache";
import { listOf, parse, referencedName } from "../../support/synth";

const BASE: CacheProps = {
  name: "test-cache",
  accountId: "111111111111",
  region: "af-south-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-aaaa", "subnet-bbbb"],
  nodeType: "cache.t4g.micro",
};

function synthCache(overrides: Partial<CacheProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new Cache(scope, "cache", { ...BASE, ...overrides });
    }),
  );
}

const group = (json: ReturnType<typeof synthCache>) =>
  listOf(json, "aws_elasticache_replication_group")[0];

describe("Cache", () => {
  it("GIVEN default props WHEN synthesized THEN the replication group is Valkey 8.0 on one node, single-AZ, without failover", () => {
    const g = group(synthCache());
    expect([
      g.engine,
      g.engine_version,
      g.node_type,
      g.num_cache_clusters,
      g.multi_az_enabled,
      g.automatic_failover_enabled,
    ]).toEqual(["valkey", "8.0", "cache.t4g.micro", 1, false, false]);
  });

  it("GIVEN two replicas WHEN synthesized THEN three nodes fail over automatically across the AZs", () => {
    const g = group(synthCache({ replicas: 2 }));
    expect([
      g.num_cache_clusters,
      g.multi_az_enabled,
      g.automatic_failover_enabled,
    ]).toEqual([3, true, true]);
  });

  it("GIVEN no key WHEN synthesized THEN data at rest is encrypted with its own rotated key, usable through ElastiCache only", () => {
    const json = synthCache();
    const [key] = listOf(json, "aws_kms_key");
    const statement = JSON.parse(key.policy).Statement.find(
      (s: { Sid: string }) => s.Sid === "UseThroughElastiCache",
    );
    expect({
      atRest: group(json).at_rest_encryption_enabled,
      key: referencedName(group(json).kms_key_id),
      rotation: key.enable_key_rotation,
      via: statement.Condition.StringEquals["kms:ViaService"],
    }).toEqual({
      atRest: "true",
      key: Object.keys(json.resource.aws_kms_key)[0],
      rotation: true,
      via: "elasticache.af-south-1.amazonaws.com",
    });
  });

  it("GIVEN a key passed in WHEN synthesized THEN that key encrypts the data and no key is created", () => {
    const arn = "arn:aws:kms:af-south-1:111111111111:key/shared";
    const json = synthCache({ kmsKeyArn: arn });
    expect([group(json).kms_key_id, listOf(json, "aws_kms_key")]).toEqual([
      arn,
      [],
    ]);
  });

  it("GIVEN any props WHEN synthesized THEN TLS is required in transit", () => {
    const g = group(synthCache());
    expect([g.transit_encryption_enabled, g.transit_encryption_mode]).toEqual([
      true,
      "required",
    ]);
  });

  it("GIVEN any props WHEN synthesized THEN clients authenticate as a user with IAM authentication and no password exists in the configuration", () => {
    const json = synthCache();
    const users = listOf(json, "aws_elasticache_user");
    const app = users.find((u) => u.user_name !== "default");
    expect({
      mode: app?.authentication_mode,
      idIsName: app?.user_id === app?.user_name,
      passwords: users.filter((u) => u.passwords !== undefined),
      authToken: group(json).auth_token,
    }).toEqual({
      mode: { type: "iam" },
      idIsName: true,
      passwords: [],
      authToken: undefined,
    });
  });

  it("GIVEN any props WHEN synthesized THEN the user group holds the IAM user and a switched-off default user, and the group uses it", () => {
    const json = synthCache();
    const [userGroup] = listOf(json, "aws_elasticache_user_group");
    const off = listOf(json, "aws_elasticache_user").find(
      (u) => u.user_name === "default",
    );
    const users = json.resource.aws_elasticache_user;
    expect({
      members: userGroup.user_ids.map(
        (id: string) => users[referencedName(id) ?? ""].user_name,
      ),
      defaultAccess: off?.access_string,
      used: group(json).user_group_ids.map(referencedName),
    }).toEqual({
      members: ["default", "test-cache-app"],
      defaultAccess: "off -@all",
      used: [Object.keys(json.resource.aws_elasticache_user_group)[0]],
    });
  });

  it("GIVEN subnets WHEN synthesized THEN the nodes use a subnet group of exactly those subnets", () => {
    const json = synthCache();
    const [subnets] = listOf(json, "aws_elasticache_subnet_group");
    expect([
      subnets.subnet_ids,
      referencedName(group(json).subnet_group_name),
    ]).toEqual([
      ["subnet-aaaa", "subnet-bbbb"],
      Object.keys(json.resource.aws_elasticache_subnet_group)[0],
    ]);
  });

  it("GIVEN any props WHEN synthesized THEN its own security group has no rule at all (clients add theirs)", () => {
    const json = synthCache();
    const [sg] = listOf(json, "aws_security_group");
    expect({
      ingress: sg.ingress,
      egress: sg.egress,
      used: group(json).security_group_ids.map(referencedName),
    }).toEqual({
      ingress: undefined,
      egress: [],
      used: [Object.keys(json.resource.aws_security_group)[0]],
    });
  });

  it("GIVEN a node type that is not one WHEN constructed THEN it throws naming the prop and the expected form", () => {
    expect(() => synthCache({ nodeType: "t4g.micro" })).toThrow(
      'Cache cache: nodeType = "t4g.micro": must be an ElastiCache node type, cache.<family>.<size> (e.g. cache.t4g.micro)',
    );
  });

  it("GIVEN six replicas WHEN constructed THEN it throws naming the range", () => {
    expect(() => synthCache({ replicas: 6 })).toThrow(
      "Cache cache: replicas = 6: must be a whole number from 0 to 5",
    );
  });

  it("GIVEN Multi-AZ asked for without a replica WHEN constructed THEN it throws", () => {
    expect(() => synthCache({ multiAz: true })).toThrow(
      "Cache cache: multiAz = true: needs at least one replica to fail over to (replicas >= 1)",
    );
  });

  it("GIVEN a name of 41 characters WHEN constructed THEN it throws (a replication group id has at most 40)", () => {
    expect(() => synthCache({ name: `c${"a".repeat(40)}` })).toThrow(
      /Cache cache: name = "ca+": must be 2-40 lower-case letters/,
    );
  });

  it("GIVEN one subnet WHEN constructed THEN it throws (two AZs are needed)", () => {
    expect(() => synthCache({ subnetIds: ["subnet-aaaa"] })).toThrow(
      /Cache cache: subnetIds = \["subnet-aaaa"\]: must name subnets in at least two availability zones/,
    );
  });
});
