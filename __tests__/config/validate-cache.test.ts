import {
  CacheSettings,
  ConfigurationError,
  EnvironmentName,
  loadConfig,
} from "../../config";
import { configWith } from "../support/config";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The checked-in cache settings of `environment` with `change` applied, loaded. */
function load(
  environment: EnvironmentName,
  change: (cache: Mutable<CacheSettings>) => void,
): void {
  const config = configWith((c) => {
    const cache = c.environments[environment].cache;
    if (cache === undefined) throw new Error(`${environment} has no cache`);
    change(cache);
  });
  loadConfig(config, [environment]);
}

/** The problem lines of the configuration error (none when accepted). */
function problemsOf(
  environment: EnvironmentName,
  change: (cache: Mutable<CacheSettings>) => void,
): readonly string[] {
  try {
    load(environment, change);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  return [];
}

describe("validateCache", () => {
  it("GIVEN the checked-in configuration WHEN read THEN the cache is off in every environment", () => {
    const config = configWith(() => undefined);
    expect(
      Object.values(config.environments).map((e) => e.cache?.enabled),
    ).toEqual([false, false, false]);
  });

  it("GIVEN production's cache switched on as checked in WHEN loaded THEN it is accepted", () => {
    expect(problemsOf("production", (c) => (c.enabled = true))).toEqual([]);
  });

  it("GIVEN a node type that is not an ElastiCache node type WHEN loaded THEN one line names the setting and the expected form", () => {
    expect(
      problemsOf("staging", (c) => {
        c.enabled = true;
        c.nodeType = "db.t4g.micro";
      }),
    ).toEqual([
      'staging.cache.nodeType = "db.t4g.micro": must be an ElastiCache node type, cache.<family>.<size> (e.g. cache.t4g.micro)',
    ]);
  });

  it("GIVEN a node type with an unknown size WHEN loaded THEN it is rejected", () => {
    expect(
      problemsOf("development", (c) => (c.nodeType = "cache.t4g.huge")),
    ).toEqual([
      'development.cache.nodeType = "cache.t4g.huge": must be an ElastiCache node type, cache.<family>.<size> (e.g. cache.t4g.micro)',
    ]);
  });

  it("GIVEN six replicas WHEN loaded THEN one line names the setting and its range", () => {
    expect(problemsOf("staging", (c) => (c.replicas = 6))).toEqual([
      "staging.cache.replicas = 6: must be a whole number from 0 to 5",
    ]);
  });

  it("GIVEN a negative replica count WHEN loaded THEN it is rejected with the same range", () => {
    expect(problemsOf("development", (c) => (c.replicas = -1))).toEqual([
      "development.cache.replicas = -1: must be a whole number from 0 to 5",
    ]);
  });

  it("GIVEN a fractional replica count WHEN loaded THEN it is rejected", () => {
    expect(problemsOf("development", (c) => (c.replicas = 1.5))).toEqual([
      "development.cache.replicas = 1.5: must be a whole number from 0 to 5",
    ]);
  });

  it("GIVEN Multi-AZ without a replica WHEN loaded THEN multiAz is reported as needing one", () => {
    expect(
      problemsOf("staging", (c) => {
        c.enabled = true;
        c.replicas = 0;
      }),
    ).toEqual([
      "staging.cache.multiAz = true: needs at least one replica to fail over to (replicas >= 1)",
    ]);
  });

  it("GIVEN production's cache enabled without Multi-AZ WHEN loaded THEN one line says production requires it", () => {
    expect(
      problemsOf("production", (c) => {
        c.enabled = true;
        c.multiAz = false;
      }),
    ).toEqual([
      "production.cache.multiAz = false: must be true in production when the cache is enabled (Multi-AZ with automatic failover, at least one replica)",
    ]);
  });

  it("GIVEN production's cache off and single-AZ WHEN loaded THEN it is accepted (the rule holds only for a cache that exists)", () => {
    expect(problemsOf("production", (c) => (c.multiAz = false))).toEqual([]);
  });

  it("GIVEN development's cache enabled single-AZ without replicas WHEN loaded THEN it is accepted", () => {
    expect(problemsOf("development", (c) => (c.enabled = true))).toEqual([]);
  });
});
