import { Token } from "cdktf";

/**
 * Receives one bad prop: its name as a path inside the props
 * (`healthCheck.path`, `extraEgress[0].port`), its value and why it is bad.
 *
 * A constructor throws at the first one ({@link throwOnBadProp}); the
 * configuration check collects them all under each setting's path.
 */
export type PropReport = (prop: string, value: unknown, reason: string) => void;

/** The report of a constructor: throws `<construct>: <prop> = <value>: <reason>`. */
export function throwOnBadProp(construct: string): PropReport {
  return (prop, value, reason) => {
    throw new Error(
      `${construct}: ${prop} = ${JSON.stringify(value)}: ${reason}`,
    );
  };
}

/**
 * `report` with some props renamed: a construct that hands a prop to another
 * under a new name reports it under its own name.
 */
export function renamed(
  report: PropReport,
  names: Readonly<Record<string, string>>,
): PropReport {
  return (prop, value, reason) => {
    const head = /^[^.[]+/.exec(prop)?.[0] ?? prop;
    const name =
      names[prop] ??
      (names[head] === undefined
        ? prop
        : names[head] + prop.slice(head.length));
    report(name, value, reason);
  };
}

/**
 * The checks constructs make of their props. Each skips a value that is not
 * known yet: `undefined` (the construct's default applies, and defaults are
 * valid) and unresolved tokens (another resource's attribute).
 */
export class PropChecks {
  constructor(private readonly report: PropReport) {}

  /** Reports `prop` when `value` is known and `ok(value)` is false. */
  public check<T>(
    prop: string,
    value: T | undefined,
    ok: (value: T) => boolean,
    reason: string,
  ): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!ok(value)) this.report(prop, value, reason);
  }

  /**
   * Reports `prop` when `value` is known and `problem(value)` says why it is
   * bad: for checks whose reason depends on the value (a parser's).
   */
  public problem<T>(
    prop: string,
    value: T | undefined,
    problem: (value: T) => string | undefined,
  ): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    const reason = problem(value);
    if (reason !== undefined) this.report(prop, value, reason);
  }

  /** A whole number within [min, max]. */
  public wholeNumber(
    prop: string,
    value: number | undefined,
    min: number,
    max?: number,
  ): void {
    this.check(
      prop,
      value,
      (v) => Number.isInteger(v) && v >= min && (max === undefined || v <= max),
      max === undefined
        ? `must be a whole number of at least ${min}`
        : `must be a whole number from ${min} to ${max}`,
    );
  }

  /** A percentage strictly between 0 and 100 (an alarm threshold: 0 and 100 never fire or always do). */
  public percentage(prop: string, value: number | undefined): void {
    this.check(
      prop,
      value,
      (v) => v > 0 && v < 100,
      "must be a percentage between 0 and 100",
    );
  }

  /** One of `allowed`. */
  public oneOf<T>(
    prop: string,
    value: T | undefined,
    allowed: readonly T[],
    reason = `must be one of ${allowed.join(", ")}`,
  ): void {
    this.check(prop, value, (v) => allowed.includes(v), reason);
  }

  /** A string matching `pattern`. */
  public matches(
    prop: string,
    value: string | undefined,
    pattern: RegExp,
    reason: string,
  ): void {
    this.check(prop, value, (v) => pattern.test(v), reason);
  }

  /** An absolute HTTP path: starts with "/", no spaces or control characters. */
  public httpPath(prop: string, value: string | undefined): void {
    this.matches(
      prop,
      value,
      /^\/[\x21-\x7e]*$/,
      'must start with "/" and contain no spaces',
    );
  }

  /** Reports `prop` as it is: for rules across props that the caller has evaluated. */
  public fail(prop: string, value: unknown, reason: string): void {
    this.report(prop, value, reason);
  }
}
