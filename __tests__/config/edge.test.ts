import {
  ConfigurationError,
  EnvironmentName,
  loadConfig,
  PIPELINE_CONFIG,
  PipelineConfig,
} from "../../config";
import { validateEdge } from "../../config/validate-edge";
import { configWith, MutableEnvironment, problemsOf } from "../support/config";

const CERTIFICATE =
  "arn:aws:acm:af-south-1:333333333333:certificate/0d3c5d1e-1111-2222-3333-444455556666";

const edgeProblemsOf = (
  config: PipelineConfig,
  environment: EnvironmentName = "production",
) => problemsOf(validateEdge, config, environment);

const withProduction = (change: (env: MutableEnvironment) => void) =>
  configWith((c) => change(c.environments.production));

describe("validateEdge", () => {
  it.each(["development", "staging", "production"] as const)(
    "GIVEN the checked-in %s settings WHEN validated THEN nothing is reported",
    (environment) => {
      expect(edgeProblemsOf(PIPELINE_CONFIG, environment)).toBe("");
    },
  );

  it("GIVEN staging and production WHEN read THEN each has a domain of its own under a placeholder zone", () => {
    const domain = (env: EnvironmentName) =>
      PIPELINE_CONFIG.environments[env].edge.domainName;
    expect([domain("staging"), domain("production")]).toEqual([
      "api.staging.pipeline.example.com",
      "api.production.pipeline.example.com",
    ]);
  });

  it("GIVEN a bad edge setting WHEN the configuration is loaded THEN synthesis stops with a ConfigurationError", () => {
    const config = withProduction((e) => (e.edge.domainName = "api..x"));
    expect(() => loadConfig(config, ["production"])).toThrow(
      ConfigurationError,
    );
  });

  it("GIVEN a domain and a certificate ARN WHEN validated THEN the domain is rejected naming both settings", () => {
    expect(
      edgeProblemsOf(
        withProduction((e) => (e.api.certificateArn = CERTIFICATE)),
      ),
    ).toMatch(
      /production\.edge\.domainName = "api\.production\.pipeline\.example\.com": must not be set together with production\.api\.certificateArn/,
    );
  });

  it("GIVEN a certificate ARN instead of the domain WHEN validated THEN production still serves HTTPS and nothing is reported", () => {
    expect(
      edgeProblemsOf(
        withProduction((e) => {
          e.edge.domainName = undefined;
          e.api.certificateArn = CERTIFICATE;
        }),
      ),
    ).toBe("");
  });

  it.each([
    "API.example.com",
    "api.example.com.",
    "api_1.example.com",
    "localhost",
  ])(
    "GIVEN the malformed domain %s WHEN validated THEN edge.domainName is rejected",
    (domainName) => {
      expect(
        edgeProblemsOf(withProduction((e) => (e.edge.domainName = domainName))),
      ).toMatch(
        /production\.edge\.domainName = ".*": must be a lower-case DNS name/,
      );
    },
  );

  it.each(["staging", "production"] as const)(
    "GIVEN %s without a domain or certificate WHEN validated THEN it refuses plain HTTP",
    (environment) => {
      const config = configWith(
        (c) => (c.environments[environment].edge.domainName = undefined),
      );
      expect(edgeProblemsOf(config, environment)).toMatch(
        new RegExp(
          `${environment}\\.edge\\.domainName = undefined: must be set \\(or ${environment}\\.api\\.certificateArn\\): ${environment} serves the API over HTTPS only`,
        ),
      );
    },
  );

  it("GIVEN production with the web ACL off WHEN validated THEN edge.waf.enabled is rejected", () => {
    expect(
      edgeProblemsOf(withProduction((e) => (e.edge.waf.enabled = false))),
    ).toMatch(/production\.edge\.waf\.enabled = false: must be true/);
  });

  it("GIVEN development with the web ACL on WHEN validated THEN the switch is accepted", () => {
    const config = configWith(
      (c) => (c.environments.development.edge.waf.enabled = true),
    );
    expect(edgeProblemsOf(config, "development")).toBe("");
  });

  it("GIVEN a zone name that does not contain the domain WHEN validated THEN edge.zoneName is rejected", () => {
    expect(
      edgeProblemsOf(withProduction((e) => (e.edge.zoneName = "example.org"))),
    ).toMatch(
      /production\.edge\.zoneName = "example\.org": must be api\.production\.pipeline\.example\.com or one of its parent domains/,
    );
  });

  it("GIVEN a hosted zone id without a domain WHEN validated THEN edge.hostedZoneId is rejected as unused", () => {
    const config = configWith(
      (c) => (c.environments.development.edge.hostedZoneId = "Z0123456789ABC"),
    );
    expect(edgeProblemsOf(config, "development")).toMatch(
      /development\.edge\.hostedZoneId = "Z0123456789ABC": is only used with edge\.domainName/,
    );
  });

  it("GIVEN a malformed hosted zone id WHEN validated THEN edge.hostedZoneId is rejected", () => {
    expect(
      edgeProblemsOf(withProduction((e) => (e.edge.hostedZoneId = "zone-1"))),
    ).toMatch(
      /production\.edge\.hostedZoneId = "zone-1": must be a Route 53 hosted zone id/,
    );
  });

  it("GIVEN an allow-list entry with host bits WHEN validated THEN edge.ingressCidrs names the entry", () => {
    expect(
      edgeProblemsOf(
        withProduction((e) => (e.edge.ingressCidrs = ["203.0.113.5/24"])),
      ),
    ).toMatch(
      /production\.edge\.ingressCidrs\[0\] = "203\.0\.113\.5\/24": must be an IPv4 CIDR block without host bits/,
    );
  });

  it("GIVEN an empty allow-list WHEN validated THEN edge.ingressCidrs is rejected", () => {
    expect(
      edgeProblemsOf(withProduction((e) => (e.edge.ingressCidrs = []))),
    ).toMatch(
      /production\.edge\.ingressCidrs = \[\]: must list at least one block/,
    );
  });

  it("GIVEN a rate limit below WAF's minimum WHEN validated THEN edge.waf.rateLimitPerFiveMinutes is rejected", () => {
    expect(
      edgeProblemsOf(
        withProduction((e) => (e.edge.waf.rateLimitPerFiveMinutes = 9)),
      ),
    ).toMatch(
      /production\.edge\.waf\.rateLimitPerFiveMinutes = 9: must be a whole number from 10 to 2000000000/,
    );
  });

  it("GIVEN an unknown rule group in count mode WHEN validated THEN edge.waf.countOnly names the entry", () => {
    expect(
      edgeProblemsOf(
        withProduction((e) => (e.edge.waf.countOnly = ["sqli" as never])),
      ),
    ).toMatch(/production\.edge\.waf\.countOnly\[0\] = "sqli": must be one of/);
  });
});
