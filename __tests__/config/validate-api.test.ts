import {
  ConfigurationError,
  EnvironmentName,
  loadConfig,
  PIPELINE_CONFIG,
  PipelineConfig,
} from "../../config";
import { Problems } from "../../config/errors";
import { validateApi } from "../../config/validate-api";
import { configWith } from "../support/config";

type Change = Parameters<typeof configWith>[0];

/** The problems validateApi records for one environment, one per line. */
function apiProblemsOf(
  config: PipelineConfig,
  environment: EnvironmentName = "production",
): string {
  const problems = new Problems();
  validateApi(problems, config.environments[environment]);
  try {
    problems.throwIfAny();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

const withProduction = (
  change: (
    api: Parameters<Change>[0]["environments"]["production"]["api"],
  ) => void,
) => configWith((c) => change(c.environments.production.api));

describe("validateApi", () => {
  it.each(["development", "staging", "production"] as const)(
    "GIVEN the checked-in %s settings WHEN validated THEN nothing is reported",
    (environment) => {
      expect(apiProblemsOf(PIPELINE_CONFIG, environment)).toBe("");
    },
  );

  it("GIVEN a bad API setting WHEN the configuration is loaded THEN synthesis stops with a ConfigurationError", () => {
    const config = withProduction((api) => (api.memoryMiB = 3000));
    expect(() => loadConfig(config, ["production"])).toThrow(
      ConfigurationError,
    );
  });

  it("GIVEN 1024 CPU with 1024 MiB WHEN validated THEN the memory is rejected as a combination Fargate does not accept", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.memoryMiB = 1024))),
    ).toMatch(
      /production\.api\.memoryMiB = 1024: is not a memory size Fargate accepts with cpu 1024 \(2048-8192 in steps of 1024\)/,
    );
  });

  it("GIVEN 512 CPU with 1536 MiB WHEN validated THEN the memory is rejected (512 CPU takes whole GiB only)", () => {
    const config = configWith(
      (c) => (c.environments.development.api.memoryMiB = 1536),
    );
    expect(apiProblemsOf(config, "development")).toMatch(
      /development\.api\.memoryMiB = 1536/,
    );
  });

  it("GIVEN 300 CPU units WHEN validated THEN the CPU is rejected as no Fargate size", () => {
    expect(apiProblemsOf(withProduction((api) => (api.cpu = 300)))).toMatch(
      /production\.api\.cpu = 300: must be a Fargate CPU value/,
    );
  });

  it("GIVEN min 5 above max 3 WHEN validated THEN minCapacity is rejected naming max", () => {
    const config = configWith(
      (c) => (c.environments.development.api.minCapacity = 5),
    );
    expect(apiProblemsOf(config, "development")).toMatch(
      /development\.api\.minCapacity = 5: must not exceed maxCapacity \(3\)/,
    );
  });

  it("GIVEN desired 11 above max 10 WHEN validated THEN desiredCount is rejected naming the range", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.desiredCount = 11))),
    ).toMatch(
      /production\.api\.desiredCount = 11: must lie within minCapacity\.\.maxCapacity \(1\.\.10\)/,
    );
  });

  it("GIVEN desired 0 below min 1 WHEN validated THEN desiredCount is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.desiredCount = 0))),
    ).toMatch(/production\.api\.desiredCount = 0/);
  });

  it("GIVEN a certificate from us-east-1 WHEN validated THEN it is rejected naming the load balancer's region", () => {
    const arn =
      "arn:aws:acm:us-east-1:333333333333:certificate/0d3c5d1e-1111-2222-3333-444455556666";
    expect(
      apiProblemsOf(withProduction((api) => (api.certificateArn = arn))),
    ).toMatch(
      /production\.api\.certificateArn = ".*": must be a certificate in af-south-1, the load balancer's region \(found us-east-1\)/,
    );
  });

  it("GIVEN a certificate from af-south-1 WHEN validated THEN it is accepted", () => {
    const arn =
      "arn:aws:acm:af-south-1:333333333333:certificate/0d3c5d1e-1111-2222-3333-444455556666";
    expect(
      apiProblemsOf(withProduction((api) => (api.certificateArn = arn))),
    ).toBe("");
  });

  it("GIVEN a health check path without a leading slash WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.healthCheckPath = "health"))),
    ).toMatch(
      /production\.api\.healthCheckPath = "health": must start with "\/"/,
    );
  });

  it("GIVEN ECS Exec with a read-only root filesystem WHEN validated THEN readonlyRootFilesystem is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.enableExecuteCommand = true))),
    ).toMatch(
      /production\.api\.readonlyRootFilesystem = true: cannot be true while enableExecuteCommand is true/,
    );
  });

  it("GIVEN two capacity providers with a base WHEN validated THEN the strategy is rejected", () => {
    expect(
      apiProblemsOf(
        withProduction((api) => (api.capacityProviderStrategy[1].base = 1)),
      ),
    ).toMatch(
      /production\.api\.capacityProviderStrategy = .*: only one capacity provider may have a base/,
    );
  });

  it("GIVEN a strategy with no weight WHEN validated THEN the strategy is rejected", () => {
    expect(
      apiProblemsOf(
        withProduction((api) => {
          api.capacityProviderStrategy[0].weight = 0;
          api.capacityProviderStrategy[1].weight = 0;
        }),
      ),
    ).toMatch(
      /production\.api\.capacityProviderStrategy = .*: at least one capacity provider must have a weight above 0/,
    );
  });

  it("GIVEN the same provider twice WHEN validated THEN the strategy is rejected", () => {
    expect(
      apiProblemsOf(
        withProduction(
          (api) =>
            (api.capacityProviderStrategy[1].capacityProvider = "FARGATE"),
        ),
      ),
    ).toMatch(
      /production\.api\.capacityProviderStrategy = .*: must name each capacity provider once/,
    );
  });

  it("GIVEN an extra egress rule to a malformed range WHEN validated THEN the range is rejected by its index", () => {
    const config = withProduction(
      (api) =>
        (api.extraEgress = [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["10.0.0.0/33"],
            description: "FTP feed",
          },
        ]),
    );
    expect(apiProblemsOf(config)).toMatch(
      /production\.api\.extraEgress\[0\]\.cidrBlocks\[0\] = "10\.0\.0\.0\/33": must be an IPv4 CIDR block/,
    );
  });

  it("GIVEN an extra egress rule without a description WHEN validated THEN it is rejected", () => {
    const config = withProduction(
      (api) =>
        (api.extraEgress = [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["10.1.0.0/16"],
            description: "",
          },
        ]),
    );
    expect(apiProblemsOf(config)).toMatch(
      /production\.api\.extraEgress\[0\]\.description = "": must say why the port is open/,
    );
  });

  it("GIVEN an extra egress description with characters AWS rejects WHEN validated THEN it is rejected", () => {
    const config = withProduction(
      (api) =>
        (api.extraEgress = [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["10.1.0.0/16"],
            description: "FTP <feed>",
          },
        ]),
    );
    expect(apiProblemsOf(config)).toMatch(
      /production\.api\.extraEgress\[0\]\.description = "FTP <feed>": may hold only/,
    );
  });

  it("GIVEN a log retention CloudWatch does not offer WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.logRetentionDays = 31))),
    ).toMatch(/production\.api\.logRetentionDays = 31/);
  });

  it("GIVEN registryForceDelete true in production WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.registryForceDelete = true))),
    ).toMatch(
      /production\.api\.registryForceDelete = true: must be false in production/,
    );
  });

  it("GIVEN registryForceDelete true in staging WHEN validated THEN it is accepted (staging is rebuildable)", () => {
    const config = configWith(
      (c) => (c.environments.staging.api.registryForceDelete = true),
    );
    expect(apiProblemsOf(config, "staging")).toBe("");
  });

  it("GIVEN registryForceDelete that is not a boolean WHEN validated THEN it is rejected", () => {
    const config = configWith(
      (c) =>
        ((
          c.environments.development.api as { registryForceDelete: unknown }
        ).registryForceDelete = "yes"),
    );
    expect(apiProblemsOf(config, "development")).toMatch(
      /development\.api\.registryForceDelete = "yes": must be true or false/,
    );
  });

  it("GIVEN an image tag with a colon WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.imageTag = "v1:2"))),
    ).toMatch(/production\.api\.imageTag = "v1:2": must be a valid image tag/);
  });
});
