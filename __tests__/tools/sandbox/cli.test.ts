/**
 * `npm run sandbox` refuses clearly what it cannot do (a second `up`, a
 * `down` with nothing up, an unknown environment or command) and signals
 * only a process it can prove is its moto: a stale or corrupt record is
 * reported in one line and cleared, its process left alone. Each test's
 * sandbox folder is in its own temporary folder; the processes are this
 * test's own children. (The full `up` deploys what the lifecycle test
 * deploys; see docs/emulator.md.)
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { InputError } from "../../../tools/command-line";
import { SERVER_SCRIPT } from "../../../tools/emulator/moto";
import { processIdentity } from "../../../tools/process-identity";
import { envFileText, runSandboxCommand } from "../../../tools/sandbox/cli";
import { SandboxRecord } from "../../../tools/sandbox/record";

/** A free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("the sandbox's env file", () => {
  it("GIVEN the sandbox's credentials and region WHEN written THEN awscli 1.x's AWS_DEFAULT_REGION names the region too", () => {
    const text = envFileText(
      {
        AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
        AWS_REGION: "af-south-1",
        AWS_ACCESS_KEY_ID: "AKIA",
        AWS_SECRET_ACCESS_KEY: "secret",
        HOME: "/root",
      },
      "/tmp/out",
    );
    expect(text.split("\n")).toEqual([
      "export AWS_ENDPOINT_URL=http://127.0.0.1:4566",
      "export AWS_REGION=af-south-1",
      "export AWS_DEFAULT_REGION=af-south-1",
      "export AWS_ACCESS_KEY_ID=AKIA",
      "export AWS_SECRET_ACCESS_KEY=secret",
      "export CDKTF_OUTDIR=/tmp/out",
      "",
    ]);
  });
});

describe("npm run sandbox", () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-"));
  });

  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const recordFile = () => path.join(dir, "sandbox.json");
  const record = (fields: Partial<SandboxRecord> & Record<string, unknown>) =>
    fs.writeFileSync(recordFile(), JSON.stringify(fields));

  /** Starts one of this test's own processes and waits until /proc shows it. */
  const start = async (command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: "ignore" });
    children.push(child);
    await new Promise((resolve) => child.once("spawn", resolve));
    return child;
  };
  const alive = (child: ChildProcess) =>
    child.exitCode === null &&
    child.signalCode === null &&
    processIdentity(child.pid!) !== undefined;

  /** A process whose command line is moto's on `port`, answering HTTP there when `listen` (a stand-in for moto). */
  const fakeMoto = async (port: number, listen = true) => {
    const code = listen
      ? "require('http').createServer((q, s) => s.end('moto')).listen(Number(process.argv[3]), '127.0.0.1')"
      : "setTimeout(() => undefined, 60000)";
    const child = await start(process.execPath, [
      "-e",
      code,
      SERVER_SCRIPT,
      "--port",
      String(port),
    ]);
    if (listen)
      for (let i = 0; i < 100; i++) {
        const answering = await new Promise<boolean>((resolve) => {
          const socket = net.connect(port, "127.0.0.1");
          socket.once("connect", () => resolve(!!socket.end()));
          socket.once("error", () => resolve(false));
        });
        if (answering) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    return child;
  };

  /** The record `up` would have written for `child` on `port`. */
  const recordOf = (child: ChildProcess, port: number): SandboxRecord => {
    const identity = processIdentity(child.pid!)!;
    return {
      ...identity,
      environment: "development",
      endpoint: `http://127.0.0.1:${port}`,
      port,
      startedAt: "2026-01-01T00:00:00.000Z",
    };
  };
  const motoCommandLine = (port: number) => [
    "python3",
    SERVER_SCRIPT,
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--detached",
  ];

  describe("nothing up", () => {
    it("GIVEN nothing up WHEN down runs THEN it says no sandbox is up", async () => {
      await expect(runSandboxCommand(["down"], dir)).rejects.toThrow(
        /No sandbox is up/,
      );
    });

    it("GIVEN nothing up WHEN status runs THEN it says so and exits 0", async () => {
      expect(await runSandboxCommand(["status"], dir)).toEqual({
        code: 0,
        stdout: "No sandbox is up.\n",
        stderr: "",
      });
    });
  });

  describe("a moto that the record proves", () => {
    it("GIVEN a sandbox up WHEN up runs again THEN it refuses, naming what is up, and leaves it alone", async () => {
      const port = await freePort();
      const moto = await fakeMoto(port);
      record({ ...recordOf(moto, port) });
      await expect(runSandboxCommand(["up"], dir)).rejects.toThrow(
        new RegExp(
          `already up \\(development, http://127\\.0\\.0\\.1:${port}, moto pid ${moto.pid}\\).*sandbox -- down`,
        ),
      );
      expect({
        record: fs.existsSync(recordFile()),
        alive: alive(moto),
      }).toEqual({ record: true, alive: true });
    });

    it("GIVEN a sandbox up WHEN status runs THEN it prints the environment and the AWS_ENDPOINT_URL line", async () => {
      const port = await freePort();
      record({ ...recordOf(await fakeMoto(port), port) });
      const result = await runSandboxCommand(["status"], dir);
      expect(result.stdout).toMatch(
        new RegExp(
          `development on moto http://127\\.0\\.0\\.1:${port}[\\s\\S]*^AWS_ENDPOINT_URL=http://127\\.0\\.0\\.1:${port}$`,
          "m",
        ),
      );
    });
  });

  describe("a stale or corrupt record: reported in one line, cleared, nothing signalled", () => {
    const staleDown = async (pattern: RegExp) => {
      const run = runSandboxCommand(["down"], dir);
      await expect(run).rejects.toThrow(InputError);
      await expect(run.catch((e: Error) => e.message)).resolves.toMatch(
        pattern,
      );
    };

    it("GIVEN a record naming a live foreign process with another start time WHEN down runs THEN the process lives and the record is cleared", async () => {
      const sleeper = await start("sleep", ["60"]);
      const port = await freePort();
      record({
        ...recordOf(sleeper, port),
        startTime: "1",
        commandLine: motoCommandLine(port),
      });
      await staleDown(
        new RegExp(
          `^No sandbox is up: .*sandbox\\.json: pid ${sleeper.pid} started at tick \\d+, not 1 as recorded.*nothing was signalled\\.$`,
        ),
      );
      expect({
        record: fs.existsSync(recordFile()),
        alive: alive(sleeper),
      }).toEqual({ record: false, alive: true });
    });

    it("GIVEN a record naming a live foreign process with its start time but not moto's command line WHEN down runs THEN the process lives and the record is cleared", async () => {
      const sleeper = await start("sleep", ["60"]);
      const port = await freePort();
      record({
        ...recordOf(sleeper, port),
        commandLine: motoCommandLine(port),
      });
      await staleDown(
        new RegExp(
          `pid ${sleeper.pid} runs "sleep 60", not the recorded command line`,
        ),
      );
      expect({
        record: fs.existsSync(recordFile()),
        alive: alive(sleeper),
      }).toEqual({ record: false, alive: true });
    });

    it("GIVEN a record of the process itself, command line and all, that is not moto's WHEN down runs THEN it is refused before any check of the process", async () => {
      const sleeper = await start("sleep", ["60"]);
      const port = await freePort();
      record({ ...recordOf(sleeper, port) });
      await staleDown(
        new RegExp(
          `records a command line that is not the sandbox's moto on port ${port}`,
        ),
      );
      expect(alive(sleeper)).toBe(true);
    });

    it("GIVEN a provable moto that does not answer on its port WHEN down runs THEN it is left running and the record cleared", async () => {
      const port = await freePort();
      const moto = await fakeMoto(port, false);
      record({ ...recordOf(moto, port) });
      await staleDown(
        new RegExp(
          `moto \\(pid ${moto.pid}\\) does not answer on http://127\\.0\\.0\\.1:${port}; it is left running`,
        ),
      );
      expect({
        record: fs.existsSync(recordFile()),
        alive: alive(moto),
      }).toEqual({ record: false, alive: true });
    });

    it("GIVEN a record naming pid 1 WHEN status runs THEN it says stale, not up, and clears the record", async () => {
      const port = await freePort();
      record({
        environment: "development",
        endpoint: `http://127.0.0.1:${port}`,
        port,
        pid: 1,
        startTime: "1",
        commandLine: motoCommandLine(port),
        startedAt: "2026-01-01T00:00:00.000Z",
      });
      const run = runSandboxCommand(["status"], dir);
      await expect(run).rejects.toThrow(
        /^No sandbox is up: .*pid 1 (started at tick \d+, not 1 as recorded|is not running|runs .*, not the recorded command line).*The record is cleared; nothing was signalled\.$/,
      );
      expect(fs.existsSync(recordFile())).toBe(false);
    });

    it.each([
      ["-1", -1],
      ["0", 0],
    ])(
      "GIVEN a record naming pid %s (a process group) WHEN down runs THEN it is refused as not a valid pid",
      async (_, pid) => {
        const port = await freePort();
        record({
          environment: "development",
          endpoint: `http://127.0.0.1:${port}`,
          port,
          pid,
          startTime: "1",
          commandLine: motoCommandLine(port),
          startedAt: "2026-01-01T00:00:00.000Z",
        });
        await staleDown(/sandbox\.json has no valid "pid"/);
      },
    );

    it("GIVEN a record of an earlier version (pid only, no start time) WHEN status runs THEN it is stale", async () => {
      record({
        environment: "development",
        endpoint: "http://127.0.0.1:1",
        pid: process.pid,
        startedAt: "2026-01-01T00:00:00.000Z",
      });
      await expect(runSandboxCommand(["status"], dir)).rejects.toThrow(
        /sandbox\.json has no "startTime" \(written by another version\?\)/,
      );
    });

    it("GIVEN a record that is not JSON WHEN status runs THEN one line says so and the record is cleared", async () => {
      fs.writeFileSync(recordFile(), '{"environment": "devel');
      await expect(runSandboxCommand(["status"], dir)).rejects.toThrow(
        /^No sandbox is up: .*sandbox\.json: not JSON \(.*\); expected a sandbox record\. The record is cleared; nothing was signalled\.$/,
      );
      expect(fs.existsSync(recordFile())).toBe(false);
    });
  });

  describe("the command line", () => {
    it("GIVEN an unknown environment WHEN up runs THEN it names it and the valid ones", async () => {
      await expect(runSandboxCommand(["up", "qa"], dir)).rejects.toThrow(
        /Unknown environment "qa": one of development, staging, production/,
      );
    });

    it("GIVEN an unknown command WHEN run THEN it names it and the commands", async () => {
      await expect(runSandboxCommand(["start"], dir)).rejects.toThrow(
        "Unknown sandbox command: start (up [environment], status or down)",
      );
    });
  });
});
