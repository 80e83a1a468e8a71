/**
 * The command-line convention of every tool (docs/tools.md, "Commands:
 * conventions"): Node's `util.parseArgs` in strict mode, with its errors
 * restated as a {@link UsageError} that names the option; one strict parser
 * for numeric options; and {@link runMain}, which prints a command's output
 * and sets its exit code.
 *
 * Exit codes: 0 success; 1 a usage or input error (one line on stderr, no
 * stack trace, nothing written) or a failure; anything else only where the
 * command documents it (drift's 2 for "drift found").
 */
import * as fs from "fs";
import { parseArgs, ParseArgsConfig } from "util";

/**
 * Bad input the user can fix: a file or record the command reads is
 * missing, not JSON or not what it should be. Its message is one line that
 * names the input and what is expected; {@link runMain} prints only that
 * line and exits 1.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A bad command line (unknown option, bad value, unknown stack): an {@link InputError}. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The options a command takes, as `util.parseArgs` describes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** What `util.parseArgs` reports, in this project's words, naming the option. */
function describe(
  error: Error & { code?: string },
  argv: readonly string[],
  options: OptionSpecs,
): string {
  const known = Object.keys(options)
    .sort()
    .map((name) => `--${name}`)
    .join(", ");
  // The same command line without strict checks says which token was wrong.
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec)
      return `Unknown option ${token.rawName}${known ? ` (options: ${known})` : " (this command takes no options)"}`;
    if (spec.type === "string") {
      if (
        token.value === undefined ||
        (!token.inlineValue && token.value.startsWith("-"))
      )
        return `${token.rawName} needs a value (${token.rawName} <value> or ${token.rawName}=<value>)`;
    } else if (token.value !== undefined) {
      return `${token.rawName} takes no value (got "${token.value}")`;
    }
  }
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return `This command takes no arguments, only options: ${known}`;
  return error.message;
}

/** A negative number such as `-1` or `-0.5`: a value, never an option. */
const NEGATIVE_NUMBER = /^-\d/;

/**
 * `--name -1` written as `--name=-1` for options that take a value, so that
 * a negative number reaches the option's own check ("must be ≥ 0") instead
 * of `util.parseArgs`' hint that the value is ambiguous.
 */
function joinNegativeValues(
  argv: readonly string[],
  options: OptionSpecs,
): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (
      takesValue.has(arg) &&
      next !== undefined &&
      NEGATIVE_NUMBER.test(next)
    ) {
      out.push(arg.startsWith("--") ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * `util.parseArgs` of `argv` in strict mode; its errors become a UsageError
 * naming the option (unknown, missing value, value given to a flag). A
 * negative number after an option that takes a value is that value.
 */
export function parseCommandLine<const O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  allowPositionals = true,
) {
  const args = joinNegativeValues(argv, options);
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS_")) throw error;
    throw new UsageError(describe(error as Error, args, options));
  }
}

/** Bounds of a numeric option. */
export interface NumberBounds {
  /** @default 0 */
  readonly min?: number;
  /** @default - no upper bound */
  readonly max?: number;
  /**
   * Whole numbers only.
   * @default false
   */
  readonly whole?: boolean;
  /**
   * What the number counts, for the message ("GiB/month").
   * @default - none
   */
  readonly unit?: string;
}

/**
 * The one parser of numeric options: plain decimal digits, with a fraction
 * when `whole` is not set (`12`, `0.25`). No sign, exponent, hexadecimal or
 * surrounding space (`Number()` would take `1e3`, `0x10` and `" 5"`). A
 * UsageError naming the option, the value and what is expected otherwise.
 */
export function numberOption(
  name: string,
  value: string,
  bounds: NumberBounds = {},
): number {
  const { min = 0, max, whole = false, unit } = bounds;
  const pattern = whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const parsed = pattern.test(value) ? Number(value) : NaN;
  const expected =
    `must be a ${whole ? "whole number" : "number"} ` +
    (max === undefined ? `of at least ${min}` : `from ${min} to ${max}`) +
    (unit ? ` (${unit})` : "");
  if (
    !Number.isFinite(parsed) ||
    (whole && !Number.isSafeInteger(parsed)) ||
    parsed < min ||
    (max !== undefined && parsed > max)
  )
    // Quoted only when blank or spaced, so that " 5" shows what was refused.
    throw new UsageError(
      `--${name} ${/^\S+$/.test(value) ? value : JSON.stringify(value)}: ${expected}`,
    );
  return parsed;
}

/**
 * A whole number of at least `min` from an option's text, `fallback` when
 * the option is not given ({@link numberOption}).
 */
export function wholeNumberOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  return numberOption(name, value, { min, whole: true });
}

/**
 * The parsed JSON of an input file; an {@link InputError} naming it (as
 * `label`, e.g. "--prices README.md") and what was `expected` when it is
 * missing, unreadable or not JSON.
 */
export function readJsonInput(
  file: string,
  label: string,
  expected: string,
): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${label}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? (error as Error).message})`}; expected ${expected}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${label}: not JSON (${oneLine((error as Error).message)}); expected ${expected}`,
    );
  }
}

/** What a command-line tool printed and its exit code. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether the command line asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some(
    (arg) => arg === "--help" || arg === "-h",
  );
}

/** The message of an InputError as the one line {@link runMain} prints. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Runs a tool's command on `process.argv` and prints its output, the one
 * way every command ends:
 * - `--help` / `-h` (when `usage` is given): the usage on stdout, exit 0;
 * - a result: its stdout, stderr and exit code;
 * - an {@link InputError} (a UsageError too): its message as one line on
 *   stderr, exit 1, no stack trace;
 * - any other error (a bug): its stack on stderr, exit 1.
 */
export function runMain(
  command: (argv: readonly string[]) => Promise<CommandOutput>,
  usage?: string,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  if (usage !== undefined && wantsHelp(argv)) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = 0;
    return Promise.resolve();
  }
  return command(argv).then(
    (result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.code;
    },
    (error: Error) => {
      process.stderr.write(
        error instanceof InputError
          ? `${oneLine(error.message)}\n`
          : `${error.stack ?? error}\n`,
      );
      process.exitCode = 1;
    },
  );
}

/**
 * The former name of {@link runMain}, for the commands that still call it
 * (tools/drift/cli.ts, tools/offline-plan.ts, tools/delivery/cli.ts).
 */
export const runCommandLine = runMain;
