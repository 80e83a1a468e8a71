import { Testing } from "cdktf";
import { Cache, CacheClient } from "../../../modules/cache";
import { listOf, parse, referencedName } from "../../support/synth";

function synthClient() {
  let environment: Record<string, string> = {};
  const json = parse(
    Testing.synthScope((scope) => {
      const cache = new Cache(scope, "cache", {
        name: "test-cache",
        accountId: "111111111111",
        region: "af-south-1",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        nodeType: "cache.t4g.micro",
      });
      new CacheClient(scope, "client", {
        cache,
        securityGroupId: "sg-tasks",
        role: "api-task",
        clientName: "the API tasks",
      });
      environment = CacheClient.environment(cache);
    }),
  );
  return { json, environment };
}

describe("CacheClient", () => {
  it("GIVEN a client security group WHEN synthesized THEN it reaches the cache's group on 6379 only, and the cache admits only that group", () => {
    const { json } = synthClient();
    const [egress] = listOf(json, "aws_vpc_security_group_egress_rule");
    const [ingress] = listOf(json, "aws_vpc_security_group_ingress_rule");
    const cacheGroup = Object.keys(json.resource.aws_security_group)[0];
    expect({
      egress: [
        egress.security_group_id,
        referencedName(egress.referenced_security_group_id),
        egress.from_port,
        egress.to_port,
      ],
      ingress: [
        referencedName(ingress.security_group_id),
        ingress.referenced_security_group_id,
        ingress.from_port,
        ingress.to_port,
        ingress.cidr_ipv4,
      ],
    }).toEqual({
      egress: ["sg-tasks", cacheGroup, 6379, 6379],
      ingress: [cacheGroup, "sg-tasks", 6379, 6379, undefined],
    });
  });

  it("GIVEN a role WHEN synthesized THEN it may elasticache:Connect to the replication group and its user, nothing else", () => {
    const { json } = synthClient();
    const [policy] = listOf(json, "aws_iam_role_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect({
      role: policy.role,
      statements: statements.map(
        (s: { Action: string; Resource: string[] }) => [
          s.Action,
          s.Resource.map((r) => r.replace(/\.arn\}$/, "}").split(".")[0]),
        ],
      ),
    }).toEqual({
      role: "api-task",
      statements: [
        [
          "elasticache:Connect",
          ["${aws_elasticache_replication_group", "${aws_elasticache_user"],
        ],
      ],
    });
  });

  it("GIVEN a cache WHEN its client environment is read THEN it names the primary endpoint, the port, the IAM user and TLS", () => {
    const { environment } = synthClient();
    expect({
      ...environment,
      CACHE_HOST: environment.CACHE_HOST.startsWith("${TfToken"),
    }).toEqual({
      CACHE_HOST: true,
      CACHE_PORT: "6379",
      CACHE_USER: "test-cache-app",
      CACHE_TLS: "true",
      CACHE_IAM_AUTH: "true",
    });
  });
});
