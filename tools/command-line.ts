/**
 * Command lines of the project's tools: Node's `util.parseArgs` in strict
 * mode (unknown options, missing values and values given to flags are
 * errors), with its errors restated as a {@link UsageError} that names the
 * option, and the runner that prints a command's output and exit code.
 *
 * Exit code of a usage error: 1, as for any other error of these tools (the
 * drift command keeps 2 for "drift found").
 */
import { parseArgs, ParseArgsConfig } from "util";

/** Thrown for bad command lines and unknown stacks: the CLIs print it and exit 1. */
export class UsageError extends Error {
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

/**
 * `util.parseArgs` of `argv` in strict mode; its errors become a UsageError
 * naming the option (unknown, missing value, value given to a flag).
 */
export function parseCommandLine<const O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({
      args: [...argv],
      options,
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS_")) throw error;
    throw new UsageError(describe(error as Error, argv, options));
  }
}

/**
 * A whole number of at least `min` from an option's text; a UsageError
 * naming the option otherwise.
 */
export function wholeNumberOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min)
    throw new UsageError(
      `--${name} ${value}: must be a whole number of at least ${min}`,
    );
  return parsed;
}

/** What a command-line tool printed and its exit code. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a tool's command from `process.argv` and prints its output. A
 * UsageError prints its message (and `usage`, when given); any other error
 * its stack. Both exit with 1.
 */
export function runCommandLine(
  command: (argv: readonly string[]) => Promise<CommandOutput>,
  usage?: string,
): void {
  command(process.argv.slice(2)).then(
    (result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.code;
    },
    (error: Error) => {
      process.stderr.write(
        error instanceof UsageError
          ? `${error.message}\n${usage ? `\n${usage}\n` : ""}`
          : `${error.stack ?? error}\n`,
      );
      process.exitCode = 1;
    },
  );
}
