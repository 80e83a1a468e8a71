/**
 * How many times an EventBridge Scheduler expression fires in an average
 * month, for pricing its invocations and the tasks it starts.
 *
 * The expression is first checked with the project's own parser
 * (modules/workloads/schedule.ts, `parseSchedule`: the grammar the
 * constructs accept, L/W/# refused), then counted here: that parser answers
 * "shortest interval", not "how many", and it keeps its field expansion
 * private, so the small expansion below is the counting half of it.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
import { isTimeZone, parseSchedule } from "../../modules/workloads/schedule";

/** First year of the calendar window the cron fields are counted over. */
const FIRST_YEAR = 2024;
/** 8 years hold every weekday/date/leap-year combination. */
const YEARS = 8;
const MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(" ");
const WEEKDAYS = "SUN MON TUE WED THU FRI SAT".split(" ");

/** How often a schedule fires, and how that was worked out. */
export interface ScheduleRuns {
  /** Average runs in a month. */
  readonly runsPerMonth: number;
  /** e.g. "32 a day on 2,087 of 2,922 days (2024–2031)". */
  readonly basis: string;
}

function expand(
  text: string,
  min: number,
  max: number,
  names?: readonly string[],
): Set<number> | undefined {
  if (text === "?") return undefined;
  const value = (t: string) => {
    const i = names?.indexOf(t.toUpperCase()) ?? -1;
    return i >= 0 ? min + i : Number(t);
  };
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const [range, step] = part.split("/");
    let from = min;
    let to = max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      from = value(a);
      to = b !== undefined ? value(b) : step === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step === undefined ? 1 : Number(step))
      out.add(v);
  }
  return out;
}

/**
 * Average runs a month of `expression` in `timeZone`. A `rate(...)` fires
 * every interval of `hoursPerMonth`; a `cron(...)` is counted day by day
 * over 2024–2031 (only the years it names, if it names any) and divided by
 * the months counted. The time zone decides when the runs happen, not how
 * many (a daylight-saving shift can add or drop one run on two days a
 * year; not counted). Throws an Error naming what does not parse.
 */
export function scheduleRuns(
  expression: string,
  timeZone: string | undefined,
  hoursPerMonth: number,
): ScheduleRuns {
  try {
    parseSchedule(expression);
  } catch (error) {
    throw new Error(
      `schedule expression ${JSON.stringify(expression)}: ${(error as Error).message}`,
    );
  }
  if (timeZone !== undefined && !isTimeZone(timeZone))
    throw new Error(`time zone ${JSON.stringify(timeZone)} is not known`);
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) {
    const minutes =
      Number(rate[1]) *
      (rate[2] === "minute" ? 1 : rate[2] === "hour" ? 60 : 1440);
    return {
      runsPerMonth: (hoursPerMonth * 60) / minutes,
      basis: `every ${minutes} min over ${hoursPerMonth} h`,
    };
  }
  const body = /^cron\((.*)\)$/.exec(expression)![1].trim().split(/\s+/);
  const [minutes, hours, dom, month, dow, year] = [
    expand(body[0], 0, 59),
    expand(body[1], 0, 23),
    expand(body[2], 1, 31),
    expand(body[3], 1, 12, MONTHS),
    expand(body[4], 1, 7, WEEKDAYS),
    expand(body[5], 1970, 2199),
  ];
  const perDay = minutes!.size * hours!.size;
  const years = [...Array(YEARS).keys()]
    .map((i) => FIRST_YEAR + i)
    .filter((y) => year!.has(y));
  // A year list wholly outside the window: judge by the other fields, every year.
  const counted = years.length > 0 ? years : [FIRST_YEAR];
  let days = 0;
  let total = 0;
  for (const y of counted) {
    for (
      let d = new Date(Date.UTC(y, 0, 1));
      d.getUTCFullYear() === y;
      d = new Date(d.getTime() + 86_400_000)
    ) {
      total++;
      const ok =
        month!.has(d.getUTCMonth() + 1) &&
        (dom ? dom.has(d.getUTCDate()) : dow!.has(d.getUTCDay() + 1));
      if (ok) days++;
    }
  }
  const span =
    counted.length === 1
      ? `${counted[0]}`
      : `${counted[0]}–${counted[counted.length - 1]}`;
  return {
    runsPerMonth: (perDay * days) / (12 * counted.length),
    basis: `${perDay} a day on ${days} of ${total} days (${span})`,
  };
}
