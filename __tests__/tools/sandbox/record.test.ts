/**
 * The proof that a process is the sandbox's moto (tools/sandbox/record.ts,
 * tools/process-identity.ts), on this test's own child processes.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { motoReady, SERVER_SCRIPT } from "../../../tools/emulator/moto";
import {
  identityMismatch,
  processCommandLine,
  processIdentity,
  processStartTime,
} from "../../../tools/process-identity";
import {
  checkRecord,
  isMotoCommandLine,
  SandboxRecord,
  startSandboxMoto,
  stopRecordedMoto,
  writeRecord,
} from "../../../tools/sandbox/record";

const describeWithMoto = motoReady() ? describe : describe.skip;

describe("sandbox record", () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill();
  });

  const sleeper = async () => {
    const child = spawn("sleep", ["60"], { stdio: "ignore" });
    children.push(child);
    await new Promise((resolve) => child.once("spawn", resolve));
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<NodeJS.Signals | null>((resolve) =>
      child.exitCode !== null || child.signalCode !== null
        ? resolve(child.signalCode)
        : child.once("exit", (_code, signal) => resolve(signal)),
    );
  const recordOf = (child: ChildProcess): SandboxRecord => ({
    ...processIdentity(child.pid!)!,
    environment: "development",
    endpoint: "http://127.0.0.1:1",
    port: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
  });

  describe("process identity", () => {
    it("GIVEN a running child WHEN identified THEN its start time is a tick count and its command line its arguments", async () => {
      const child = await sleeper();
      expect({
        startTime: /^\d+$/.test(processStartTime(child.pid!) ?? ""),
        commandLine: processCommandLine(child.pid!),
      }).toEqual({ startTime: true, commandLine: ["sleep", "60"] });
    });

    it.each([0, -1, 1.5, 2 ** 53])(
      "GIVEN pid %p WHEN identified THEN there is no identity (never a process group)",
      (pid) => {
        expect(processIdentity(pid)).toBeUndefined();
      },
    );

    it("GIVEN the identity of a child that has exited WHEN compared THEN it is not running", async () => {
      const child = await sleeper();
      const identity = processIdentity(child.pid!)!;
      child.kill();
      await exited(child);
      expect(identityMismatch(identity)).toBe(
        `pid ${child.pid} is not running`,
      );
    });
  });

  describe("isMotoCommandLine", () => {
    it.each([
      [["python3", SERVER_SCRIPT, "--port", "4566"], true],
      [["python3", SERVER_SCRIPT, "--port", "4567"], false],
      [["python3", SERVER_SCRIPT, "--port", "0"], false],
      [["python3", "other.py", "--port", "4566"], false],
      [["sleep", "60"], false],
    ])(
      "GIVEN %j and port 4566 WHEN checked THEN %p",
      (commandLine, expected) => {
        expect(isMotoCommandLine(commandLine, 4566)).toBe(expected);
      },
    );
  });

  describe("stopRecordedMoto", () => {
    it("GIVEN a record whose identity holds WHEN stopped THEN the process gets SIGTERM", async () => {
      const child = await sleeper();
      await stopRecordedMoto(recordOf(child));
      expect(await exited(child)).toBe("SIGTERM");
    });

    it("GIVEN a record whose start time differs WHEN stopped THEN nothing is signalled", async () => {
      const child = await sleeper();
      await stopRecordedMoto({ ...recordOf(child), startTime: "1" });
      expect(processIdentity(child.pid!)?.commandLine).toEqual(["sleep", "60"]);
    });
  });

  describeWithMoto("the sandbox's moto", () => {
    let dir: string;
    let started: Awaited<ReturnType<typeof startSandboxMoto>> | undefined;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-moto-"));
      const log = fs.openSync(path.join(dir, "moto.log"), "a");
      started = await startSandboxMoto("development", log);
      fs.closeSync(log);
    }, 90_000);

    afterAll(async () => {
      if (started) await stopRecordedMoto(started.record);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("GIVEN moto started as up starts it WHEN its record is checked THEN every proof holds: it is up", async () => {
      writeRecord(dir, started!.record);
      expect(await checkRecord(dir)).toEqual({
        state: "up",
        record: started!.record,
      });
    });

    it("GIVEN moto started as up starts it WHEN its record is stopped THEN moto exits", async () => {
      await stopRecordedMoto(started!.record);
      expect(identityMismatch(started!.record)).toBe(
        `pid ${started!.record.pid} is not running`,
      );
    });
  });
});
