/** Validation of `edge.cdn` (config/validate-edge.ts): each bad setting is one line naming it. */
import { EnvironmentName, PipelineConfig } from "../../config";
import { validateEdge } from "../../config/validate-edge";
import { configWith, MutableEnvironment, problemsOf } from "../support/config";

const edgeProblemsOf = (
  config: PipelineConfig,
  environment: EnvironmentName = "production",
) => problemsOf(validateEdge, config, environment);

/** `environment` with the CDN on and then `change` applied. */
const withCdn = (
  change: (env: MutableEnvironment) => void,
  environment: EnvironmentName = "production",
) =>
  configWith((c) => {
    const env = c.environments[environment];
    env.edge = { ...env.edge, cdn: { ...env.edge.cdn, enabled: true } };
    change(env);
  });

describe("validateEdge: the CDN", () => {
  it("GIVEN production with the CDN on WHEN validated THEN nothing is reported", () => {
    expect(
      edgeProblemsOf(
        withCdn(() => {}),
        "production",
      ),
    ).toBe("");
  });

  it("GIVEN development (no domain) with the CDN on WHEN validated THEN edge.cdn.enabled is named for the missing domain", () => {
    expect(
      edgeProblemsOf(
        withCdn(() => {}, "development"),
        "development",
      ),
    ).toMatch(
      /development\.edge\.cdn\.enabled = true: needs development\.edge\.domainName/,
    );
  });

  it("GIVEN the CDN on without a prefix list WHEN validated THEN originPrefixListId is named", () => {
    const config = withCdn((env) => {
      env.edge = {
        ...env.edge,
        cdn: { ...env.edge.cdn, originPrefixListId: undefined },
      };
    });
    expect(edgeProblemsOf(config, "production")).toMatch(
      /production\.edge\.cdn\.originPrefixListId = undefined: must be set while the CDN is on/,
    );
  });

  it("GIVEN a prefix list id that is not one WHEN validated THEN originPrefixListId is named, even with the CDN off", () => {
    const config = configWith((c) => {
      const env = c.environments.staging;
      env.edge = {
        ...env.edge,
        cdn: { ...env.edge.cdn, originPrefixListId: "sg-0123abcd" },
      };
    });
    expect(edgeProblemsOf(config, "staging")).toBe(
      'Invalid configuration:\n  - staging.edge.cdn.originPrefixListId = "sg-0123abcd": must be a prefix list id: pl- and 8 or 17 hex digits',
    );
  });

  it("GIVEN the CDN on and an allow-list WHEN validated THEN ingressCidrs is named: the load balancer admits CloudFront only", () => {
    const config = withCdn((env) => {
      env.edge = { ...env.edge, ingressCidrs: ["203.0.113.0/24"] };
    });
    expect(edgeProblemsOf(config, "production")).toMatch(
      /production\.edge\.ingressCidrs = \["203\.0\.113\.0\/24"\]: must be \["0\.0\.0\.0\/0"\] while production\.edge\.cdn\.enabled is on/,
    );
  });

  it("GIVEN a static path pattern that is not a folder WHEN validated THEN staticPathPattern is named", () => {
    const config = withCdn((env) => {
      env.edge = {
        ...env.edge,
        cdn: { ...env.edge.cdn, staticPathPattern: "/static" },
      };
    });
    expect(edgeProblemsOf(config, "production")).toMatch(
      /production\.edge\.cdn\.staticPathPattern = "\/static": must be a folder pattern/,
    );
  });
});
