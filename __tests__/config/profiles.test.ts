import { loadConfig, PIPELINE_CONFIG } from "../../config";
import {
  applyProfile,
  PROFILES,
  selectedProfileName,
} from "../../config/profiles";
import { ENVIRONMENT_NAMES, EnvironmentConfig } from "../../config/types";
import { configWith } from "../support/config";

/** Every leaf setting of an environment as `path = value`. */
function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      leaves(child, prefix ? `${prefix}.${key}` : key).forEach((v, k) =>
        out.set(k, v),
      );
  } else out.set(prefix, JSON.stringify(value));
  return out;
}

/** Paths whose value the profile changed in an environment. */
function changedPaths(
  before: EnvironmentConfig,
  after: EnvironmentConfig,
): string[] {
  const a = leaves(before);
  const b = leaves(after);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => a.get(k) !== b.get(k))
    .sort();
}

describe("selectedProfileName", () => {
  it("GIVEN no PIPELINE_PROFILE WHEN read THEN default", () => {
    expect(selectedProfileName({})).toBe("default");
  });

  it("GIVEN PIPELINE_PROFILE=cost-saving WHEN read THEN cost-saving", () => {
    expect(selectedProfileName({ PIPELINE_PROFILE: "cost-saving" })).toBe(
      "cost-saving",
    );
  });

  it("GIVEN an unknown profile WHEN read THEN a configuration error names it and the known ones", () => {
    expect(() => selectedProfileName({ PIPELINE_PROFILE: "cheapest" })).toThrow(
      /PIPELINE_PROFILE = "cheapest": unknown profile \(known: default, cost-saving, scale-out\)/,
    );
  });
});

describe("profiles", () => {
  it("GIVEN the default profile WHEN applied THEN the configuration is unchanged", () => {
    expect(applyProfile(PIPELINE_CONFIG, "default")).toBe(PIPELINE_CONFIG);
  });

  it("GIVEN every profile WHEN applied THEN the result passes the configuration's validation", () => {
    for (const name of Object.keys(PROFILES)) {
      expect(() =>
        loadConfig(applyProfile(PIPELINE_CONFIG, name), [...ENVIRONMENT_NAMES]),
      ).not.toThrow();
    }
  });

  it("GIVEN cost-saving WHEN applied THEN only the documented settings change (docs/cost.md), no security control", () => {
    const after = applyProfile(PIPELINE_CONFIG, "cost-saving");
    const changes = Object.fromEntries(
      ENVIRONMENT_NAMES.map((e) => [
        e,
        changedPaths(PIPELINE_CONFIG.environments[e], after.environments[e]),
      ]),
    );
    expect(changes).toEqual({
      development: [
        "api.capacityProviderStrategy",
        "database.monitoringIntervalSeconds",
      ],
      staging: [
        "api.capacityProviderStrategy",
        "api.desiredCount",
        "database.monitoringIntervalSeconds",
        "database.multiAz",
        "network.interfaceEndpoints",
      ],
      production: [
        "api.capacityProviderStrategy",
        "database.monitoringIntervalSeconds",
        "network.interfaceEndpoints",
        "network.natGateways",
      ],
    });
    expect(after.state).toBe(PIPELINE_CONFIG.state);
  });

  it("GIVEN scale-out WHEN applied THEN one read replica, the cache and the CDN in staging and production and nothing else changes (the proxy is already on everywhere)", () => {
    const after = applyProfile(PIPELINE_CONFIG, "scale-out");
    expect(
      Object.fromEntries(
        ENVIRONMENT_NAMES.map((e) => [
          e,
          changedPaths(PIPELINE_CONFIG.environments[e], after.environments[e]),
        ]),
      ),
    ).toEqual({
      development: [],
      staging: ["cache.enabled", "database.readReplicas", "edge.cdn.enabled"],
      production: [
        "cache.enabled",
        "database.readReplicas",
        "edge.cdn.enabled",
      ],
    });
    expect(
      ENVIRONMENT_NAMES.map((e) => after.environments[e].database.readReplicas),
    ).toEqual([0, 1, 1]);
  });

  it("GIVEN development with the proxy switched off WHEN scale-out is applied THEN the proxy is on", () => {
    const config = configWith(
      (c) => (c.environments.development.database.proxy.enabled = false),
    );
    expect(
      applyProfile(config, "scale-out").environments.development.database.proxy
        .enabled,
    ).toBe(true);
  });

  it("GIVEN cost-saving WHEN applied to production THEN one on-demand task stays and the rest go to Spot", () => {
    const production = applyProfile(PIPELINE_CONFIG, "cost-saving").environments
      .production;
    expect(production.api.capacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
    expect(production.database.multiAz).toBe(true);
  });
});
