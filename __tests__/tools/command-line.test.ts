import {
  InputError,
  numberOption,
  oneLine,
  parseCommandLine,
  runMain,
  UsageError,
  wantsHelp,
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

    it("GIVEN a negative number after a value option WHEN parsed THEN it is the option's value, not Node's 'ambiguous' hint", () => {
      expect(parseCommandLine(["--outdir", "-1"], OPTIONS).values).toEqual({
        outdir: "-1",
      });
    });

    it("GIVEN a negative number after a flag WHEN parsed THEN it stays an unknown option", () => {
      expect(() => parseCommandLine(["--json", "-1"], OPTIONS)).toThrow(
        /^Unknown option -1 /,
      );
    });

    it("GIVEN -- WHEN parsed THEN what follows is positional", () => {
      expect(parseCommandLine(["--", "--json"], OPTIONS).positionals).toEqual([
        "--json",
      ]);
    });
  });

  describe("numberOption", () => {
    it.each([
      ["12", 12],
      ["0", 0],
      ["0.25", 0.25],
    ])("GIVEN %p WHEN read THEN it is %p", (value, expected) => {
      expect(numberOption("share", value)).toBe(expected);
    });

    it.each([
      "1e3",
      "0x10",
      " 5",
      "5 ",
      "+5",
      "-1",
      ".5",
      "5.",
      "",
      "Infinity",
    ])(
      "GIVEN %p WHEN read THEN only plain decimal digits count: a UsageError names the option and the value",
      (value) => {
        expect(() =>
          numberOption("share", value, { unit: "fraction" }),
        ).toThrow(
          new UsageError(
            `--share ${/^\S+$/.test(value) ? value : JSON.stringify(value)}: must be a number of at least 0 (fraction)`,
          ),
        );
      },
    );

    it("GIVEN a value above the maximum WHEN read THEN the range is named", () => {
      expect(() => numberOption("share", "1.5", { max: 1 })).toThrow(
        new UsageError("--share 1.5: must be a number from 0 to 1"),
      );
    });

    it("GIVEN a fraction where a whole number is expected WHEN read THEN it is refused", () => {
      expect(() => numberOption("runs", "1.5", { whole: true })).toThrow(
        new UsageError("--runs 1.5: must be a whole number of at least 0"),
      );
    });
  });

  describe("wholeNumberOption", () => {
    it("GIVEN no value WHEN read THEN the fallback is used", () => {
      expect(wholeNumberOption("runs", undefined, 7)).toBe(7);
    });

    it("GIVEN a whole number WHEN read THEN it is the number", () => {
      expect(wholeNumberOption("runs", "12", 7)).toBe(12);
    });

    it.each(["0", "-1", "1.5", "3x", "", "1e3", "0x10", " 5"])(
      "GIVEN %p WHEN read THEN a UsageError names the option and the value",
      (value) => {
        expect(() => wholeNumberOption("runs", value, 7)).toThrow(
          new UsageError(
            `--runs ${/^\S+$/.test(value) ? value : JSON.stringify(value)}: must be a whole number of at least 1`,
          ),
        );
      },
    );
  });

  describe("wantsHelp", () => {
    it.each([
      [["--help"], true],
      [["status", "-h"], true],
      [["--", "--help"], false],
      [["--outdir", "x"], false],
    ])("GIVEN %j WHEN asked THEN %p", (argv, expected) => {
      expect(wantsHelp(argv)).toBe(expected);
    });
  });

  describe("runMain", () => {
    let written: { stdout: string; stderr: string };
    let exitCode: typeof process.exitCode;

    beforeEach(() => {
      written = { stdout: "", stderr: "" };
      exitCode = process.exitCode;
      jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
        written.stdout += String(chunk);
        return true;
      });
      jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        written.stderr += String(chunk);
        return true;
      });
    });

    afterEach(() => {
      jest.restoreAllMocks();
      process.exitCode = exitCode;
    });

    const run = async (
      command: () => Promise<{ code: number; stdout: string; stderr: string }>,
      argv: string[] = [],
    ) => {
      await runMain(command, "Usage: npm run x", argv);
      return { code: process.exitCode, ...written };
    };

    it("GIVEN a result WHEN run THEN its output and exit code are the process's", async () => {
      expect(
        await run(async () => ({ code: 2, stdout: "out\n", stderr: "err\n" })),
      ).toEqual({ code: 2, stdout: "out\n", stderr: "err\n" });
    });

    it("GIVEN an InputError WHEN run THEN one line, exit 1, no stack", async () => {
      expect(
        await run(async () => {
          throw new InputError("x.json: not JSON;\n  expected a price file");
        }),
      ).toEqual({
        code: 1,
        stdout: "",
        stderr: "x.json: not JSON; expected a price file\n",
      });
    });

    it("GIVEN a UsageError WHEN run THEN it is an InputError: one line, exit 1", async () => {
      expect(
        await run(async () => {
          throw new UsageError("--x: unknown");
        }),
      ).toEqual({ code: 1, stdout: "", stderr: "--x: unknown\n" });
    });

    it("GIVEN any other error WHEN run THEN its stack is printed (a bug) and the exit code is 1", async () => {
      const result = await run(async () => {
        throw new TypeError("boom");
      });
      expect({
        code: result.code,
        stack: /^TypeError: boom\n\s+at /.test(result.stderr),
      }).toEqual({
        code: 1,
        stack: true,
      });
    });

    it("GIVEN --help WHEN run THEN the usage on stdout, exit 0, the command not run", async () => {
      const command = jest.fn();
      expect(await run(command, ["--help"])).toEqual({
        code: 0,
        stdout: "Usage: npm run x\n",
        stderr: "",
      });
      expect(command).not.toHaveBeenCalled();
    });
  });

  describe("oneLine", () => {
    it("GIVEN a message over lines WHEN made one line THEN the line breaks become spaces", () => {
      expect(oneLine("a\n  b\nc\n")).toBe("a b c");
    });
  });
});
