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

function valueOf(text: string, spec: FieldSpec): number {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = index >= 0 ? spec.min + index : Number(text);
  if (!/^\d+$/.test(text) && index < 0)
    throw new Error(`${spec.name} field: "${text}" is not a number or name`);
  if (value < spec.min || value > spec.max)
    throw new Error(
      `${spec.name} field: ${text} is outside ${spec.min}-${spec.max}`,
    );
  return value;
}

/** The values a cron field selects; `undefined` for `?` (no constraint). */
function expandField(text: string, spec: FieldSpec): Set<number> | undefined {
  if (text === "?") return undefined;
  if (/#|(^|,)L|\dL|\dW|LW/i.test(text))
    throw new Error(
      `${spec.name} field: "${text}": the L, W and # forms are not supported by this project`,
    );
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (extra !== undefined || range === "")
      throw new Error(`${spec.name} field: "${part}" does not parse`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`${spec.name} field: step "${stepText}" does not parse`);
    let from: number;
    let to: number;
    if (range === "*") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a, b] = range.split("-");
      from = valueOf(a, spec);
      to = valueOf(b, spec);
      if (from > to)
        throw new Error(`${spec.name} field: range "${range}" runs backwards`);
    } else {
      from = valueOf(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseRate(match: RegExpExecArray): ParsedSchedule {
  const value = Number(match[1]);
  const unit = match[2];
  if (value < 1) throw new Error("a rate must be at least 1");
  if ((value === 1) !== !unit.endsWith("s"))
    throw new Error(
      `rate(${value} ${unit}): use the singular unit for 1 and the plural otherwise`,
    );
  const seconds = unit.startsWith("minute")
    ? 60
    : unit.startsWith("hour")
      ? 3600
      : 86400;
  return { kind: "rate", minIntervalSeconds: value * seconds };
}

function parseCron(body: string): ParsedSchedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6)
    throw new Error(
      `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found ${parts.length}`,
    );
  const [minutes, hours, dom, months, dow, years] = parts.map((part, i) =>
    expandField(part, FIELDS[i]),
  );
  if ((dom === undefined) === (dow === undefined))
    throw new Error(
      'exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot take both)',
    );
  for (const [i, set] of [minutes, hours, months, years].entries()) {
    if (set === undefined)
      throw new Error(
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
  if (days.length === 0) throw new Error("the expression never fires");
  let minimum = Infinity;
  for (let i = 1; i < times.length; i++)
    minimum = Math.min(minimum, times[i] - times[i - 1]);
  const wrap = times[0] + 1440 - times[times.length - 1];
  for (let i = 1; i < days.length; i++)
    minimum = Math.min(minimum, (days[i] - days[i - 1] - 1) * 1440 + wrap);
  if (days.length === 1 && times.length === 1)
    throw new Error("the expression fires only once; use a recurring schedule");
  if (minimum === Infinity) minimum = wrap;
  return { kind: "cron", minIntervalSeconds: minimum * 60 };
}

/** Parses a schedule expression; throws an Error saying what does not parse. */
export function parseSchedule(expression: string): ParsedSchedule {
  const rate = RATE.exec(expression);
  if (rate) return parseRate(rate);
  const cron = CRON.exec(expression);
  if (cron) return parseCron(cron[1]);
  throw new Error(
    'must be "rate(<n> minutes|hours|days)" or "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)"',
  );
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
