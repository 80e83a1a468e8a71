import {
  assumptionsFor,
  parseOverrides,
} from "../../../tools/cost/assumptions";

describe("parseOverrides", () => {
  it("GIVEN --internet-data-gib 30 WHEN parsed THEN 30", () => {
    expect(parseOverrides({ "internet-data-gib": "30" })).toEqual({
      "internet-data-gib": 30,
    });
  });

  it.each([["lots"], [""], ["-1"], ["1e999"], ["1e3"], ["0x10"], [" 5"]])(
    "GIVEN --alb-lcu %j WHEN parsed THEN rejected, naming the option and its unit",
    (text) => {
      expect(() => parseOverrides({ "alb-lcu": text })).toThrow(
        `--alb-lcu ${/^\S+$/.test(text) ? text : JSON.stringify(text)}: must be a number of at least 0 (LCU)`,
      );
    },
  );

  it("GIVEN --internet-data-gib 12.5 WHEN parsed THEN a decimal fraction is taken", () => {
    expect(parseOverrides({ "internet-data-gib": "12.5" })).toEqual({
      "internet-data-gib": 12.5,
    });
  });

  it("GIVEN --spot-share 1.5 WHEN parsed THEN rejected: a share is at most 1", () => {
    expect(() => parseOverrides({ "spot-share": "1.5" })).toThrow(
      "--spot-share 1.5: must be a number from 0 to 1 (fraction 0–1)",
    );
  });
});

describe("assumptionsFor", () => {
  it("GIVEN no override WHEN production's assumptions are read THEN its defaults, marked default", () => {
    const a = assumptionsFor("production");
    expect(a["internet-data-gib"]).toEqual({ value: 40, from: "default" });
    expect(a.tasks).toEqual({ value: null, from: "default" });
  });

  it("GIVEN an override WHEN read THEN it replaces the default, marked command line", () => {
    const a = assumptionsFor("development", { tasks: 2 });
    expect(a.tasks).toEqual({ value: 2, from: "command line" });
  });
});
