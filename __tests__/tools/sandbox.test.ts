/**
 * `npm run sandbox` refuses clearly what it cannot do: a second `up`, a
 * `down` with nothing up, an unknown environment or command. (The full
 * `up` deploys what the lifecycle test deploys; see docs/emulator.md.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runSandboxCommand } from "../../tools/sandbox";

describe("npm run sandbox", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const upAlready = () =>
    fs.writeFileSync(
      path.join(dir, "sandbox.json"),
      JSON.stringify({
        environment: "development",
        endpoint: "http://127.0.0.1:1",
        // A process that certainly runs: this one.
        pid: process.pid,
        startedAt: "2026-01-01T00:00:00.000Z",
      }),
    );

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

  it("GIVEN a sandbox up WHEN up runs again THEN it refuses, naming what is up, and leaves it alone", async () => {
    upAlready();
    await expect(runSandboxCommand(["up"], dir)).rejects.toThrow(
      /already up \(development, http:\/\/127\.0\.0\.1:1, moto pid \d+\).*sandbox -- down/,
    );
    expect(fs.existsSync(path.join(dir, "sandbox.json"))).toBe(true);
  });

  it("GIVEN a sandbox up WHEN status runs THEN it prints the environment and the AWS_ENDPOINT_URL line", async () => {
    upAlready();
    const result = await runSandboxCommand(["status"], dir);
    expect(result.stdout).toMatch(
      /development on moto http:\/\/127\.0\.0\.1:1/,
    );
    expect(result.stdout).toMatch(
      /^AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:1$/m,
    );
  });

  it("GIVEN an unknown environment WHEN up runs THEN it names it and the valid ones", async () => {
    await expect(runSandboxCommand(["up", "qa"], dir)).rejects.toThrow(
      /Unknown environment "qa": one of development, staging, production/,
    );
  });

  it("GIVEN an unknown command WHEN run THEN it names it", async () => {
    await expect(runSandboxCommand(["start"], dir)).rejects.toThrow(
      /Unknown sandbox command: start/,
    );
  });
});
