import { ConfigurationError, loadConfig, PIPELINE_CONFIG } from "../../config";
import { configWith } from "../support/config";

const ALL = ["development", "staging", "production"];

function problemsOf(
  config = PIPELINE_CONFIG,
  selection: string[] = ALL,
): string {
  try {
    loadConfig(config, selection);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("validateConfig", () => {
  it("GIVEN the checked-in configuration WHEN loaded THEN every environment is accepted", () => {
    expect(
      loadConfig(PIPELINE_CONFIG, ALL).environments.map((e) => e.name),
    ).toEqual(ALL);
  });

  it("GIVEN an unknown environment WHEN loaded THEN the error names it", () => {
    expect(problemsOf(PIPELINE_CONFIG, ["prod"])).toMatch(
      /environment = "prod": is not a known environment/,
    );
  });

  it("GIVEN a VPC CIDR that is not a /16 WHEN loaded THEN the error names the setting and value", () => {
    const config = configWith(
      (c) => (c.environments.production.network.vpcCidr = "10.0.0.0/20"),
    );
    expect(problemsOf(config)).toMatch(
      /production\.network\.vpcCidr = "10\.0\.0\.0\/20": must be an IPv4 \/16/,
    );
  });

  it("GIVEN a VPC CIDR with host bits set WHEN loaded THEN it is rejected", () => {
    const config = configWith(
      (c) => (c.environments.staging.network.vpcCidr = "10.0.1.0/16"),
    );
    expect(problemsOf(config)).toMatch(
      /staging\.network\.vpcCidr = "10\.0\.1\.0\/16"/,
    );
  });

  it("GIVEN overlapping subnets WHEN loaded THEN the error names both", () => {
    const config = configWith(
      (c) =>
        (c.environments.development.network.privateSubnetCidrs[1] =
          "10.0.0.0/24"),
    );
    expect(problemsOf(config)).toMatch(
      /development\.network\.privateSubnetCidrs\[1\] = "10\.0\.0\.0\/24": overlaps publicSubnetCidrs\[0\] \(10\.0\.0\.0\/24\)/,
    );
  });

  it("GIVEN a subnet outside the VPC WHEN loaded THEN the error says it is misplaced", () => {
    const config = configWith(
      (c) =>
        (c.environments.production.network.isolatedSubnetCidrs[0] =
          "10.1.20.0/24"),
    );
    expect(problemsOf(config)).toMatch(
      /production\.network\.isolatedSubnetCidrs\[0\] = "10\.1\.20\.0\/24": must lie inside the VPC CIDR 10\.0\.0\.0\/16/,
    );
  });

  it("GIVEN a subnet that is not a /24 WHEN loaded THEN it is rejected", () => {
    const config = configWith(
      (c) =>
        (c.environments.production.network.publicSubnetCidrs[0] =
          "10.0.0.0/23"),
    );
    expect(problemsOf(config)).toMatch(
      /production\.network\.publicSubnetCidrs\[0\] = "10\.0\.0\.0\/23": must be an IPv4 \/24/,
    );
  });

  it("GIVEN an availability zone of another region WHEN loaded THEN the error names it", () => {
    const config = configWith(
      (c) => (c.environments.production.availabilityZones[1] = "eu-west-1b"),
    );
    expect(problemsOf(config)).toMatch(
      /production\.availabilityZones\[1\] = "eu-west-1b": must be an availability zone of region af-south-1/,
    );
  });

  it("GIVEN the same zone twice WHEN loaded THEN it is rejected", () => {
    const config = configWith(
      (c) => (c.environments.staging.availabilityZones[1] = "af-south-1a"),
    );
    expect(problemsOf(config)).toMatch(
      /staging\.availabilityZones = \["af-south-1a","af-south-1a"\]: must be two different zones/,
    );
  });

  it("GIVEN a malformed account id WHEN loaded THEN the error names it", () => {
    const config = configWith(
      (c) => (c.environments.production.accountId = "12345"),
    );
    expect(problemsOf(config)).toMatch(
      /production\.accountId = "12345": must be a 12-digit AWS account id/,
    );
  });

  it("GIVEN a flow log retention CloudWatch does not offer WHEN loaded THEN it is reported as the network setting, not as the flow log's prop", () => {
    const config = configWith(
      (c) => (c.environments.development.network.flowLogRetentionDays = 10),
    );
    expect(problemsOf(config)).toMatch(
      /development\.network\.flowLogRetentionDays = 10: must be one of CloudWatch Logs' retention values/,
    );
  });

  it("GIVEN an Environment tag that disagrees with the environment WHEN loaded THEN it is rejected", () => {
    const config = configWith(
      (c) => (c.environments.staging.tags.Environment = "production"),
    );
    expect(problemsOf(config)).toMatch(
      /staging\.tags\.Environment = "production"/,
    );
  });

  it("GIVEN a state role trusting another account than the environment's WHEN loaded THEN the error names both", () => {
    const config = configWith(
      (c) => (c.environments.production.accountId = "444444444444"),
    );
    expect(problemsOf(config)).toMatch(
      /state\.environmentAccounts\.production = "333333333333": must equal production\.accountId \(444444444444\)/,
    );
  });

  it("GIVEN several bad settings WHEN loaded THEN every one is reported at once", () => {
    const config = configWith((c) => {
      c.environments.production.accountId = "x";
      c.environments.development.network.vpcCidr = "bad";
    });
    const message = problemsOf(config);
    expect(message).toMatch(/production\.accountId/);
    expect(message).toMatch(/development\.network\.vpcCidr = "bad"/);
  });

  it("GIVEN a bad setting in an environment not selected WHEN loaded THEN it is still rejected: the configuration is validated whole", () => {
    const config = configWith(
      (c) => (c.environments.development.accountId = "x"),
    );
    expect(problemsOf(config, ["production"])).toMatch(
      /development\.accountId = "x"/,
    );
  });
});
