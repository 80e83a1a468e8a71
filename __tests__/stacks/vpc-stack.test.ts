import { App, TerraformOutput, Testing } from "cdktf";
import {
  ENVIRONMENT_NAMES,
  EnvironmentName,
  PIPELINE_CONFIG,
} from "../../config";
import { VpcStack } from "../../stacks/vpc-stack";
import { listOf, parse, referencedName } from "../support/synth";

function synthVpcStack(environment: EnvironmentName) {
  const app: App = Testing.app();
  const stack = new VpcStack(app, {
    environment: PIPELINE_CONFIG.environments[environment],
    state: PIPELINE_CONFIG.state,
  });
  return { stack, json: parse(Testing.synth(stack)) };
}

describe("VpcStack", () => {
  it("GIVEN production WHEN synthesized THEN the stack is named financial-pipeline-production-vpc", () => {
    expect(synthVpcStack("production").stack.node.id).toBe(
      "financial-pipeline-production-vpc",
    );
  });

  it("GIVEN production WHEN synthesized THEN the provider may act on the production account only", () => {
    const [provider] = synthVpcStack("production").json.provider.aws;
    expect(provider.allowed_account_ids).toEqual([
      PIPELINE_CONFIG.environments.production.accountId,
    ]);
    expect(provider.region).toBe("af-south-1");
  });

  it.each(ENVIRONMENT_NAMES)(
    "GIVEN %s WHEN synthesized THEN default_tags carry project, environment, owner and cost centre",
    (environment) => {
      const [provider] = synthVpcStack(environment).json.provider.aws;
      expect(provider.default_tags[0].tags).toMatchObject({
        Project: "financial-pipeline",
        Environment: environment,
        Owner: "data-platform",
        CostCentre: "CC-4410-market-data",
        Stack: `financial-pipeline-${environment}-vpc`,
      });
    },
  );

  it("GIVEN development and production WHEN synthesized THEN NAT gateways follow the configured layout", () => {
    const count = (env: EnvironmentName) =>
      listOf(synthVpcStack(env).json, "aws_nat_gateway").length;
    expect({
      development: count("development"),
      production: count("production"),
    }).toEqual({ development: 1, production: 2 });
  });

  it("GIVEN development WHEN synthesized THEN interface endpoints are off as configured", () => {
    const types = listOf(
      synthVpcStack("development").json,
      "aws_vpc_endpoint",
    ).map((e) => e.vpc_endpoint_type);
    expect(types).toEqual(["Gateway"]);
  });

  it("GIVEN development and production WHEN synthesized THEN flow logs are kept 1 week and 1 month", () => {
    const retention = (env: EnvironmentName) =>
      listOf(synthVpcStack(env).json, "aws_cloudwatch_log_group").map(
        (g) => g.retention_in_days,
      );
    expect({
      development: retention("development"),
      production: retention("production"),
    }).toEqual({
      development: [7],
      production: [30],
    });
  });

  it("GIVEN the environment's alarm topic WHEN synthesized THEN it is encrypted with the observability key", () => {
    const { json } = synthVpcStack("production");
    const [topic] = listOf(json, "aws_sns_topic");
    expect(topic.name).toBe("financial-pipeline-production-alarms");
    expect(referencedName(topic.kms_master_key_id)).toBe(
      Object.keys(json.resource.aws_kms_key)[0],
    );
    expect(
      listOf(json, "aws_sns_topic_subscription").map((s) => [
        s.protocol,
        s.endpoint,
      ]),
    ).toEqual([["email", "platform-oncall@example.com"]]);
  });

  it("GIVEN the stack WHEN built THEN typed fields expose the VPC, its CIDR and two subnets per tier", () => {
    const app: App = Testing.app();
    const stack = new VpcStack(app, {
      environment: PIPELINE_CONFIG.environments.development,
      state: PIPELINE_CONFIG.state,
    });
    const fields: Record<string, unknown> = {
      vpcId: stack.network.vpcId,
      vpcCidr: stack.network.vpcCidr,
    };
    for (const tier of ["public", "private", "isolated"] as const)
      fields[tier] = stack.network.subnetIds(tier);
    Object.entries(fields).forEach(
      ([name, value]) =>
        new TerraformOutput(stack, `reveal-${name}`, { value }),
    );
    const outputs = parse(Testing.synth(stack)).output;
    expect(outputs["reveal-vpcId"].value).toMatch(/^\$\{aws_vpc\.[^.]+\.id\}$/);
    expect(outputs["reveal-vpcCidr"].value).toMatch(
      /^\$\{aws_vpc\.[^.]+\.cidr_block\}$/,
    );
    for (const tier of ["public", "private", "isolated"]) {
      const ids: string[] = outputs[`reveal-${tier}`].value;
      expect(ids).toHaveLength(2);
      expect(
        ids.every((id) => id.startsWith("${aws_subnet.network_" + tier)),
      ).toBe(true);
    }
  });

  it("GIVEN development and production WHEN synthesized THEN CloudTrail and AWS Config follow the compliance switch", () => {
    const kinds = (env: EnvironmentName) => {
      const json = synthVpcStack(env).json;
      return [
        listOf(json, "aws_cloudtrail").length,
        listOf(json, "aws_config_configuration_recorder").length,
      ];
    };
    expect({
      development: kinds("development"),
      production: kinds("production"),
    }).toEqual({
      development: [0, 0],
      production: [1, 1],
    });
  });

  // One environment's full JSON; every stack's addresses are pinned by resource-addresses.test.ts.
  it("GIVEN production WHEN synthesized THEN matches the snapshot", () => {
    expect(synthVpcStack("production").json).toMatchSnapshot();
  });
});
