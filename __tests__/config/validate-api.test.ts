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

  it("GIVEN a health check path both the load balancer and the task definition reject WHEN validated THEN it is reported once, under its setting", () => {
    const message = apiProblemsOf(
      withProduction((api) => (api.healthCheckPath = "health")),
    );
    expect(message.match(/^ {2}- .*$/gm)).toEqual([
      '  - production.api.healthCheckPath = "health": must start with "/" and contain no spaces',
    ]);
  });

  it("GIVEN a setting that a construct names differently WHEN validated THEN it is reported under the setting's name", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.ecrKeepImages = 0))),
    ).toMatch(
      /production\.api\.ecrKeepImages = 0: must be a whole number of at least 1/,
    );
  });

  it("GIVEN an extra egress rule to a malformed range WHEN validated THEN the range is reported by its index", () => {
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

  it("GIVEN registryForceDelete true in production WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.registryForceDelete = true))),
    ).toMatch(
      /production\.api\.registryForceDelete = true: must be false in production/,
    );
  });

  it("GIVEN production's API settings with registryForceDelete in staging WHEN validated THEN they are accepted: only production must keep its images", () => {
    const production = PIPELINE_CONFIG.environments.production.api;
    // GIVEN a real change: production keeps its images as checked in.
    expect(production.registryForceDelete).toBe(false);
    const config = configWith((c) => {
      Object.assign(c.environments.staging.api, structuredClone(production));
      c.environments.staging.api.registryForceDelete = true;
    });
    expect(apiProblemsOf(config, "staging")).toBe("");
  });

  it("GIVEN an image tag with a colon WHEN validated THEN it is rejected", () => {
    expect(
      apiProblemsOf(withProduction((api) => (api.imageTag = "v1:2"))),
    ).toMatch(/production\.api\.imageTag = "v1:2": must be a valid image tag/);
  });
});
