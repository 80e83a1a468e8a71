/**
 * Validation of the cache settings: the Cache construct's own checks, under
 * the settings' paths, and production's rule.
 */
import { checkCacheProps } from "../modules/cache/cache-props";
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";

/** Checks `env.cache`, recording each bad setting in `problems`. */
export function validateCache(
  problems: Problems,
  env: EnvironmentConfig,
): void {
  const c = env.cache;
  if (c === undefined) return;
  const p = `${env.name}.cache`;
  // Checked when off too: switching it on must not be the first check.
  checkCacheProps(problems.at(p), c);
  problems.check(
    env.name !== "production" || !c.enabled || c.multiAz,
    `${p}.multiAz`,
    c.multiAz,
    "must be true in production when the cache is enabled (Multi-AZ with automatic failover, at least one replica)",
  );
}
