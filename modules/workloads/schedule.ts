/**
 * EventBridge Scheduler expressions, parsed well enough to reject a bad one
 * before anything is deployed and to know how often it fires:
 * `rate(<n> minute|minutes|hour|hours|day|days)` and
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 *
 * Cron fields take `*`, numbers, names (JAN-DEC, SUN-SAT), ranges `a-b`,
 * lists `a,b` and steps `a/n`, `*\/n`, `a-b/n`; one of day-of-month and
 * day-of-week must be `?`. The `L`, `W` and `#` forms are refused: AWS
 * accepts them, but the shortest interval between runs (which the job's
 * timeout must fit in) is not worth computing for them here.
 */
import { PropChecks } from "../core/prop-checks";

/** A parsed schedule expression. */
export interface ParsedSchedule {
  readonly kind: "rate" | "cron";
  /** Shortest time between two consecutive runs, seconds (in the schedule's own time zone, DST shifts aside). */
  readonly minIntervalSeconds: number;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;
const MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(" ");
const WEEKDAYS = "SUN MON TUE WED THU FRI SAT".split(" ");

/** A cron field's allowed range and names (the name at index i is value min + i). */
interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS },
  { name: "year", min: 1970, max: 2199 },
];

/** Years over which the calendar fields are expanded: 8 years hold every weekday/date/leap combination. */
const FIRST_YEAR = 2024;
const YEARS = 8;

/** Why an expression does not parse: what the parsing steps return instead of a value. */
class Invalid {
  constructor(public readonly reason: string) {}
}

function valueOf(text: string, spec: FieldSpec): number | Invalid {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = index >= 0 ? spec.min + index : Number(text);
  if (!/^\d+$/.test(text) && index < 0)
    return new Invalid(`${spec.name} field: "${text}" is not a number or name`);
  if (value < spec.min || value > spec.max)
    return new Invalid(
      `${spec.name} field: ${text} is outside ${spec.min}-${spec.max}`,
    );
  return value;
}

/** The values a cron field selects; `undefined` for `?` (no constraint). */
function expandField(
  text: string,
  spec: FieldSpec,
): Set<number> | undefined | Invalid {
  if (text === "?") return undefined;
  if (/#|(^|,)L|\dL|\dW|LW/i.test(text))
    return new Invalid(
      `${spec.name} field: "${text}": the L, W and # forms are not supported by this project`,
    );
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (extra !== undefined || range === "")
      return new Invalid(`${spec.name} field: "${part}" does not parse`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      return new Invalid(
        `${spec.name} field: step "${stepText}" does not parse`,
      );
    const [fromText, toText] = range.includes("-")
      ? range.split("-")
      : [range, undefined];
    const from = range === "*" ? spec.min : valueOf(fromText, spec);
    const to =
      range === "*"
        ? spec.max
        : toText !== undefined
          ? valueOf(toText, spec)
          : stepText === undefined
            ? from
            : spec.max;
    if (from instanceof Invalid) return from;
    if (to instanceof Invalid) return to;
    if (from > to)
      return new Invalid(`${spec.name} field: range "${range}" runs backwards`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseRate(match: RegExpExecArray): ParsedSchedule | Invalid {
  const value = Number(match[1]);
  const unit = match[2];
  if (value < 1) return new Invalid("a rate must be at least 1");
  if ((value === 1) !== !unit.endsWith("s"))
    return new Invalid(
      `rate(${value} ${unit}): use the singular unit for 1 and the plural otherwise`,
    );
  const seconds = unit.startsWith("minute")
    ? 60
    : unit.startsWith("hour")
      ? 3600
      : 86400;
  return { kind: "rate", minIntervalSeconds: value * seconds };
}

function parseCron(body: string): ParsedSchedule | Invalid {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6)
    return new Invalid(
      `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found ${parts.length}`,
    );
  const fields = parts.map((part, i) => expandField(part, FIELDS[i]));
  const invalid = fields.find((f) => f instanceof Invalid);
  if (invalid !== undefined) return invalid;
  const [minutes, hours, dom, months, dow, years] = fields as (
    | Set<number>
    | undefined
  )[];
  if ((dom === undefined) === (dow === undefined))
    return new Invalid(
      'exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot take both)',
    );
  for (const [i, set] of [minutes, hours, months, years].entries()) {
    if (set === undefined)
      return new Invalid(
        `${FIELDS[[0, 1, 3, 5][i]].name} field: "?" is allowed only in day-of-month or day-of-week`,
      );
  }
  // Minutes of the day the schedule fires at, ascending.
  const times: number[] = [];
  for (const h of [...hours!].sort((a, b) => a - b))
    for (const m of [...minutes!].sort((a, b) => a - b)) times.push(h * 60 + m);
  // Days (counted from FIRST_YEAR-01-01) it fires on.
  const days: number[] = [];
  const start = Date.UTC(FIRST_YEAR, 0, 1);
  // A year list wholly outside the expanded window: judge the calendar by the other fields.
  const yearsInWindow = [...years!].filter(
    (y) => y >= FIRST_YEAR && y < FIRST_YEAR + YEARS,
  );
  const yearOk = (year: number) =>
    yearsInWindow.length === 0 || years!.has(year);
  for (let d = 0; d < YEARS * 366; d++) {
    const date = new Date(start + d * 86400_000);
    if (date.getUTCFullYear() >= FIRST_YEAR + YEARS) break;
    const ok =
      months!.has(date.getUTCMonth() + 1) &&
      yearOk(date.getUTCFullYear()) &&
      (dom ? dom.has(date.getUTCDate()) : dow!.has(date.getUTCDay() + 1));
    if (ok) days.push(d);
  }
  if (days.length === 0) return new Invalid("the expression never fires");
  let minimum = Infinity;
  for (let i = 1; i < times.length; i++)
    minimum = Math.min(minimum, times[i] - times[i - 1]);
  const wrap = times[0] + 1440 - times[times.length - 1];
  for (let i = 1; i < days.length; i++)
    minimum = Math.min(minimum, (days[i] - days[i - 1] - 1) * 1440 + wrap);
  if (days.length === 1 && times.length === 1)
    return new Invalid(
      "the expression fires only once; use a recurring schedule",
    );
  if (minimum === Infinity) minimum = wrap;
  return { kind: "cron", minIntervalSeconds: minimum * 60 };
}

/** Reads a schedule expression: what it is, or why it does not parse. */
function readSchedule(expression: string): ParsedSchedule | Invalid {
  const rate = RATE.exec(expression);
  if (rate) return parseRate(rate);
  const cron = CRON.exec(expression);
  if (cron) return parseCron(cron[1]);
  return new Invalid(
    'must be "rate(<n> minutes|hours|days)" or "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)"',
  );
}

/**
 * Checks the schedule expression `prop` with `checks` (skipped when
 * undefined or an unresolved token) and returns it parsed, or undefined
 * when it is not known or does not parse (the reason then reported).
 */
export function checkScheduleExpression(
  checks: PropChecks,
  prop: string,
  expression: string | undefined,
): ParsedSchedule | undefined {
  let parsed: ParsedSchedule | undefined;
  checks.problem(prop, expression, (e) => {
    const result = readSchedule(e);
    if (result instanceof Invalid) return result.reason;
    parsed = result;
    return undefined;
  });
  return parsed;
}

/** Parses a schedule expression; throws an Error that says what does not parse. */
export function parseSchedule(expression: string): ParsedSchedule {
  const result = readSchedule(expression);
  if (result instanceof Invalid) throw new Error(result.reason);
  return result;
}

/** True when `timeZone` is an IANA time zone name this runtime knows (Intl's own list). */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
