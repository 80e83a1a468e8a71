/**
 * The sandbox's record of its moto (`sandbox.json`) and the proof that a
 * running process is that moto. The sandbox signals a process only when all
 * of these hold: the recorded pid runs with the recorded start time
 * (/proc/<pid>/stat field 22) and command line; that command line is
 * moto_server.py with `--port <recorded port>`; and the port answers HTTP.
 * A record that is corrupt or fails any of them is stale: reported, cleared,
 * nothing signalled (a reused pid is someone else's process).
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { readJsonInput } from "../command-line";
import {
  MotoServer,
  motoRequest,
  SERVER_SCRIPT,
  startMoto,
} from "../emulator/moto";
import {
  identityMismatch,
  isProcessId,
  processIdentity,
  ProcessIdentity,
} from "../process-identity";

/** The record's file name in the sandbox folder. */
export const RECORD_FILE = "sandbox.json";

/** What `up` recorded: the environment and the identity of its moto. */
export interface SandboxRecord extends ProcessIdentity {
  readonly environment: string;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly startedAt: string;
}

/** What the record says now. */
export type RecordCheck =
  | { readonly state: "none" }
  | { readonly state: "up"; readonly record: SandboxRecord }
  | { readonly state: "stale"; readonly reason: string };

/** The record's path in `dir`. */
export function recordPath(dir: string): string {
  return path.join(dir, RECORD_FILE);
}

/** Writes the record (readable by its owner only, like the env file beside it). */
export function writeRecord(dir: string, record: SandboxRecord): void {
  fs.writeFileSync(recordPath(dir), JSON.stringify(record, null, 2), {
    mode: 0o600,
  });
}

/** Removes the record. */
export function clearRecord(dir: string): void {
  fs.rmSync(recordPath(dir), { force: true });
}

/** Whether `commandLine` starts the project's moto server on `port`. */
export function isMotoCommandLine(
  commandLine: readonly string[],
  port: number,
): boolean {
  const at = commandLine.indexOf("--port");
  return (
    commandLine.includes(SERVER_SCRIPT) &&
    at >= 0 &&
    commandLine[at + 1] === String(port)
  );
}

/** The record's fields, or why it is not a sandbox record. */
function parseRecord(data: unknown): SandboxRecord | string {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return "is not a JSON object";
  const r = data as Record<string, unknown>;
  const text = (key: string) => typeof r[key] === "string" && r[key] !== "";
  for (const key of ["environment", "endpoint", "startTime", "startedAt"])
    if (!text(key)) return `has no "${key}" (written by another version?)`;
  if (!isProcessId(r.pid)) return 'has no valid "pid"';
  if (!isProcessId(r.port) || r.endpoint !== `http://127.0.0.1:${r.port}`)
    return `has no "port" matching its endpoint ${JSON.stringify(r.endpoint)}`;
  if (
    !Array.isArray(r.commandLine) ||
    !r.commandLine.every((a) => typeof a === "string")
  )
    return 'has no "commandLine"';
  if (!isMotoCommandLine(r.commandLine as string[], r.port as number))
    return `records a command line that is not the sandbox's moto on port ${r.port}`;
  return data as SandboxRecord;
}

/**
 * Reads and checks the record in `dir`: none, up (every proof holds) or
 * stale with the one-line reason (the caller reports and clears it).
 */
export async function checkRecord(dir: string): Promise<RecordCheck> {
  const file = recordPath(dir);
  if (!fs.existsSync(file)) return { state: "none" };
  const label = path.relative(process.cwd(), file) || file;
  let data: unknown;
  try {
    data = readJsonInput(file, label, "a sandbox record");
  } catch (error) {
    return { state: "stale", reason: (error as Error).message };
  }
  const record = parseRecord(data);
  if (typeof record === "string")
    return { state: "stale", reason: `${label} ${record}` };
  const mismatch = identityMismatch(record);
  if (mismatch) return { state: "stale", reason: `${label}: ${mismatch}` };
  try {
    await motoRequest(`${record.endpoint}/moto-api/`);
  } catch {
    return {
      state: "stale",
      reason: `${label}: moto (pid ${record.pid}) does not answer on ${record.endpoint}; it is left running`,
    };
  }
  return { state: "up", record };
}

/**
 * Stops the recorded moto: SIGTERM, then SIGKILL after 10 s, each signal
 * sent only while the pid still runs with the recorded start time and
 * command line.
 */
export async function stopRecordedMoto(record: SandboxRecord): Promise<void> {
  const ours = () => identityMismatch(record) === undefined;
  if (!ours()) return;
  process.kill(record.pid, "SIGTERM");
  for (let i = 0; i < 50 && ours(); i++)
    await new Promise((r) => setTimeout(r, 200));
  if (ours()) process.kill(record.pid, "SIGKILL");
}

/** A free loopback port: moto is started on it by number, so its command line names the port the record proves. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the sandbox's moto (detached, on a free port named in its command
 * line, its log to `logFile`) and returns it with its record, read back
 * from /proc; stops it again when it cannot be identified.
 */
export async function startSandboxMoto(
  environment: string,
  logFile: number,
): Promise<{ moto: MotoServer; record: SandboxRecord }> {
  const moto = await startMoto({
    detached: true,
    logFile,
    port: await freePort(),
  });
  const identity = processIdentity(moto.pid);
  if (!identity || !isMotoCommandLine(identity.commandLine, moto.port)) {
    await moto.stop();
    throw new Error(
      `moto (pid ${moto.pid}) cannot be identified through /proc: the sandbox could not prove it is its moto later, so it is stopped`,
    );
  }
  const record: SandboxRecord = {
    ...identity,
    environment,
    endpoint: moto.endpoint,
    port: moto.port,
    startedAt: new Date().toISOString(),
  };
  return { moto, record };
}
