import {
  parseCommandLine,
  UsageError,
  wholeNumberOption,
} from "../../tools/command-line";

const OPTIONS = {
  outdir: { type: "string" },
  json: { type: "boolean" },
} as const;

describe("command-line", () => {
  describe("parseCommandLine", () => {
    it("GIVEN options and positionals WHEN parsed THEN Node's parseArgs values come back", () => {
      expect(
        parseCommandLine(["a", "--outdir=out", "--json", "b"], OPTIONS),
      ).toEqual({
        values: { outdir: "out", json: true },
        positionals: ["a", "b"],
      });
    });

    it("GIVEN an unknown option WHEN parsed THEN a UsageError names it and lists the known ones", () => {
      expect(() => parseCommandLine(["--jsn"], OPTIONS)).toThrow(
        new UsageError("Unknown option --jsn (options: --json, --outdir)"),
      );
    });

    it("GIVEN an unknown short option WHEN parsed THEN a UsageError names it", () => {
      expect(() => parseCommandLine(["-o", "x"], OPTIONS)).toThrow(
        /^Unknown option -o /,
      );
    });

    it("GIVEN a value option followed by another option WHEN parsed THEN it needs a value, the next option is not taken as one", () => {
      expect(() => parseCommandLine(["--outdir", "--json"], OPTIONS)).toThrow(
        /^--outdir needs a value/,
      );
    });

    it("GIVEN a value option at the end WHEN parsed THEN it needs a value", () => {
      expect(() => parseCommandLine(["--outdir"], OPTIONS)).toThrow(
        /^--outdir needs a value/,
      );
    });

    it("GIVEN a flag with a value WHEN parsed THEN the error says it takes none", () => {
      expect(() => parseCommandLine(["--json=yes"], OPTIONS)).toThrow(
        new UsageError('--json takes no value (got "yes")'),
      );
    });

    it("GIVEN a positional where none is allowed WHEN parsed THEN it is a UsageError", () => {
      expect(() => parseCommandLine(["extra"], OPTIONS, false)).toThrow(
        UsageError,
      );
    });

    it("GIVEN -- WHEN parsed THEN what follows is positional", () => {
      expect(parseCommandLine(["--", "--json"], OPTIONS).positionals).toEqual([
        "--json",
      ]);
    });
  });

  describe("wholeNumberOption", () => {
    it("GIVEN no value WHEN read THEN the fallback is used", () => {
      expect(wholeNumberOption("runs", undefined, 7)).toBe(7);
    });

    it("GIVEN a whole number WHEN read THEN it is the number", () => {
      expect(wholeNumberOption("runs", "12", 7)).toBe(12);
    });

    it.each(["0", "-1", "1.5", "3x", ""])(
      "GIVEN %p WHEN read THEN a UsageError names the option and the value",
      (value) => {
        expect(() => wholeNumberOption("runs", value, 7)).toThrow(
          new UsageError(
            `--runs ${value}: must be a whole number of at least 1`,
          ),
        );
      },
    );
  });
});
