/** Runs a month of an EventBridge Scheduler expression, against counts done by hand. */
import { scheduleRuns } from "../../../tools/cost/schedule-runs";

// 2024-01-01 is a Monday; 2024-2031 is 2,922 days = 417 weeks + 3 days
// (Mon-Wed), so 417 × 5 + 3 = 2,088 weekdays, over 96 months.
const WEEKDAYS = 2088;
const MONTHS = 96;

describe("scheduleRuns", () => {
  it("GIVEN every 15 minutes from 09:00 to 16:45 on weekdays WHEN counted THEN 32 a day × 2,088 weekdays / 96 months = 696", () => {
    const r = scheduleRuns(
      "cron(0/15 9-16 ? * MON-FRI *)",
      "Africa/Johannesburg",
      730,
    );
    expect(r.runsPerMonth).toBeCloseTo((32 * WEEKDAYS) / MONTHS, 9);
    expect(r.basis).toBe("32 a day on 2088 of 2922 days (2024–2031)");
  });

  it("GIVEN every 30 minutes from 10:00 to 14:30 on weekdays WHEN counted THEN 10 a day (217.5 a month)", () => {
    expect(
      scheduleRuns("cron(0/30 10-14 ? * MON-FRI *)", "Africa/Lagos", 730)
        .runsPerMonth,
    ).toBeCloseTo((10 * WEEKDAYS) / MONTHS, 9);
  });

  it("GIVEN the 1st and 15th of each month at 06:00 and 18:00 WHEN counted THEN 4 a month", () => {
    expect(
      scheduleRuns("cron(0 6,18 1,15 * ? *)", "UTC", 730).runsPerMonth,
    ).toBeCloseTo(4, 9);
  });

  it("GIVEN every Sunday in 2024 only WHEN counted THEN 2024's 52 Sundays over its 12 months", () => {
    expect(
      scheduleRuns("cron(0 3 ? * SUN 2024)", "UTC", 730).runsPerMonth,
    ).toBeCloseTo(52 / 12, 9);
  });

  it("GIVEN rate(5 minutes) and 730 hours WHEN counted THEN 730 × 12 = 8,760", () => {
    expect(scheduleRuns("rate(5 minutes)", undefined, 730).runsPerMonth).toBe(
      8760,
    );
    expect(scheduleRuns("rate(1 day)", undefined, 720).runsPerMonth).toBe(30);
  });

  it("GIVEN the same cron in two time zones WHEN counted THEN the same number of runs (the zone moves them, it does not add any)", () => {
    const a = scheduleRuns("cron(0 9 ? * MON-FRI *)", "Africa/Nairobi", 730);
    const b = scheduleRuns("cron(0 9 ? * MON-FRI *)", "America/New_York", 730);
    expect(a.runsPerMonth).toBe(b.runsPerMonth);
  });

  it("GIVEN an expression that does not parse or an unknown time zone WHEN counted THEN the error names it", () => {
    expect(() => scheduleRuns("cron(0 9 * * * *)", "UTC", 730)).toThrow(
      /cron\(0 9 \* \* \* \*\).*day-of-month and day-of-week/,
    );
    expect(() => scheduleRuns("every day", "UTC", 730)).toThrow(/"every day"/);
    expect(() => scheduleRuns("rate(1 hour)", "Africa/Atlantis", 730)).toThrow(
      /time zone "Africa\/Atlantis"/,
    );
  });
});
