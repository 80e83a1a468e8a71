/**
 * Thrown when the configuration is invalid. Its message lists every bad
 * setting by its path (`production.network.vpcCidr`) and value, one per line.
 */
export class ConfigurationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigurationError";
  }
}

/** Collects problems under a setting path prefix; see {@link ConfigurationError}. */
export class Problems {
  private readonly found: string[] = [];

  /** Records `path = value: reason` when `ok` is false. */
  check(ok: boolean, path: string, value: unknown, reason: string): void {
    if (!ok) this.found.push(`${path} = ${JSON.stringify(value)}: ${reason}`);
  }

  /** Throws a {@link ConfigurationError} if anything was recorded. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new ConfigurationError(this.found);
  }
}
