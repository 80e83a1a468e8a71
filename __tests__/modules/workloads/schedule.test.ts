import { Token } from "cdktf";
import { PropChecks } from "../../../modules/core/prop-checks";
import {
  checkScheduleExpression,
  isTimeZone,
  parseSchedule,
} from "../../../modules/workloads/schedule";

describe("parseSchedule", () => {
  it.each([
    ["rate(5 minutes)", 300],
    ["rate(1 hour)", 3600],
    ["rate(2 days)", 172800],
    ["cron(0/15 9-16 ? * MON-FRI *)", 900],
    ["cron(30 15 ? * MON-FRI *)", 86400],
    ["cron(0 9 ? * MON,WED *)", 172800],
    ["cron(0 12 * * ? *)", 86400],
    ["cron(0 6,18 * * ? *)", 43200],
    ["cron(0 0 1 * ? *)", 28 * 86400],
  ])(
    "GIVEN %s WHEN parsed THEN its shortest interval is %d s",
    (expression, seconds) => {
      expect(parseSchedule(expression).minIntervalSeconds).toBe(seconds);
    },
  );

  it.each([
    ["hourly", /must be "rate\(<n> minutes\|hours\|days\)" or "cron\(/],
    ["rate(1 minutes)", /use the singular unit for 1/],
    ["cron(0 9 * * *)", /has 6 fields/],
    [
      "cron(0 9 * * MON *)",
      /exactly one of day-of-month and day-of-week must be "\?"/,
    ],
    ["cron(61 9 ? * MON *)", /minutes field: 61 is outside 0-59/],
    [
      "cron(0 9 ? * FUNDAY *)",
      /day-of-week field: "FUNDAY" is not a number or name/,
    ],
    ["cron(0 9 L * ? *)", /the L, W and # forms are not supported/],
    ["cron(0 0 29 2 ? 2025)", /never fires/],
    ["cron(0 0 1 1 ? 2030)", /fires only once/],
  ])(
    "GIVEN %s WHEN parsed THEN it is rejected saying why",
    (expression, why) => {
      expect(() => parseSchedule(expression)).toThrow(why);
    },
  );
});

describe("checkScheduleExpression", () => {
  /** Checks `expression`, collecting what is reported. */
  function check(expression: string | undefined) {
    const reported: string[] = [];
    const parsed = checkScheduleExpression(
      new PropChecks((prop, value, reason) =>
        reported.push(`${prop} = ${JSON.stringify(value)}: ${reason}`),
      ),
      "schedule",
      expression,
    );
    return { parsed, reported };
  }

  it("GIVEN a valid expression WHEN checked THEN it is returned parsed and nothing is reported", () => {
    expect(check("rate(2 hours)")).toEqual({
      parsed: { kind: "rate", minIntervalSeconds: 7200 },
      reported: [],
    });
  });

  it("GIVEN an expression that does not parse WHEN checked THEN the prop, its value and the parser's reason are reported", () => {
    expect(check("cron(0 9 * * *)")).toEqual({
      parsed: undefined,
      reported: [
        'schedule = "cron(0 9 * * *)": a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found 5',
      ],
    });
  });

  it("GIVEN an unresolved token WHEN checked THEN it is left to deploy time", () => {
    const token = Token.asString({ Ref: "schedule" });
    expect(check(token)).toEqual({ parsed: undefined, reported: [] });
  });
});

describe("isTimeZone", () => {
  it.each(["Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "UTC"])(
    "GIVEN the IANA zone %s WHEN checked THEN it is known",
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );

  it.each(["Africa/Wakanda", "SAST", ""])(
    "GIVEN %p WHEN checked THEN it is not a time zone",
    (zone) => expect(isTimeZone(zone)).toBe(false),
  );
});
