import { PropReport, renamed } from "../modules/core/prop-checks";

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

  /** Records `path = value: reason` when `ok` is false (once, however often it is found). */
  check(ok: boolean, path: string, value: unknown, reason: string): void {
    const problem = `${path} = ${JSON.stringify(value)}: ${reason}`;
    if (!ok && !this.found.includes(problem)) this.found.push(problem);
  }

  /**
   * A construct's {@link PropReport} that records each bad prop under the
   * setting it comes from: `<prefix>.<prop>`, or `<prefix>.<settings[prop]>`
   * for a prop whose setting has another name. The configuration check hands
   * it to a construct's exported check, so that the construct's rule is
   * written once and a bad setting is still reported by its path before any
   * construct exists.
   */
  at(
    prefix: string,
    settings: Readonly<Record<string, string>> = {},
  ): PropReport {
    return renamed(
      (prop, value, reason) =>
        this.check(false, `${prefix}.${prop}`, value, reason),
      settings,
    );
  }

  /** Throws a {@link ConfigurationError} if anything was recorded. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new ConfigurationError(this.found);
  }
}
