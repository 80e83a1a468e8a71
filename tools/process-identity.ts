/**
 * Who a process id belongs to, from Linux's /proc: a pid alone names
 * whatever process the kernel gave that number to last, so a tool that
 * recorded a pid signals it only once its start time and command line are
 * the recorded ones too (the sandbox's moto, tools/sandbox/record.ts).
 * Without /proc nothing can be proven and every answer is undefined.
 */
import * as fs from "fs";

/** A process id a signal may name: a positive whole number (0 and negatives name process groups). */
export function isProcessId(pid: unknown): pid is number {
  return typeof pid === "number" && Number.isSafeInteger(pid) && pid > 0;
}

/**
 * The process's start time, field 22 of /proc/<pid>/stat (clock ticks
 * after boot, as text); with the pid it names one process for as long as
 * the machine runs. Undefined when no such process runs (or /proc cannot
 * tell), and for a zombie (state Z or X): it has exited and only waits for
 * its parent to collect its status.
 */
export function processStartTime(pid: number): string | undefined {
  if (!isProcessId(pid)) return undefined;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "<pid> (<comm>) <state> <ppid> ...": comm may hold spaces and ")",
  // so the fields are counted from the last ")"; field 3 (state) comes first.
  const fields = stat
    .slice(stat.lastIndexOf(")") + 2)
    .trim()
    .split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return undefined;
  const startTime = fields[22 - 3];
  return startTime !== undefined && /^\d+$/.test(startTime)
    ? startTime
    : undefined;
}

/** The process's arguments (/proc/<pid>/cmdline), undefined when no such process runs. */
export function processCommandLine(pid: number): string[] | undefined {
  if (!isProcessId(pid)) return undefined;
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return text.split("\0").filter((arg, i, all) => i < all.length - 1 || arg);
  } catch {
    return undefined;
  }
}

/** What identifies one process: its id, start time and command line. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string;
  readonly commandLine: readonly string[];
}

/** The identity of a running program, undefined when it cannot be read or is exiting. */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  const startTime = processStartTime(pid);
  const commandLine = processCommandLine(pid);
  // An empty command line: the process has released its memory on the way
  // out (it is exiting, before it turns zombie), or it is a kernel thread,
  // which no record names. Either way it is not a running program.
  if (
    startTime === undefined ||
    commandLine === undefined ||
    commandLine.length === 0
  )
    return undefined;
  return { pid, startTime, commandLine };
}

/**
 * Why the process running as `expected.pid` is not the recorded one (no
 * such process, another start time, another command line), or undefined
 * when it is.
 */
export function identityMismatch(
  expected: ProcessIdentity,
): string | undefined {
  const actual = processIdentity(expected.pid);
  if (actual === undefined) return `pid ${expected.pid} is not running`;
  if (actual.startTime !== expected.startTime)
    return `pid ${expected.pid} started at tick ${actual.startTime}, not ${expected.startTime} as recorded: another process has that id now`;
  if (actual.commandLine.join("\0") !== expected.commandLine.join("\0"))
    return `pid ${expected.pid} runs ${JSON.stringify(actual.commandLine.join(" "))}, not the recorded command line`;
  return undefined;
}
