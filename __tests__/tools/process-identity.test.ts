import { spawn } from "child_process";
import * as fs from "fs";
import {
  identityMismatch,
  processIdentity,
} from "../../tools/process-identity";

describe("process identity", () => {
  it("GIVEN this test's own process WHEN identified THEN its start time and command line are read", () => {
    expect(processIdentity(process.pid)?.commandLine).toEqual(
      fs
        .readFileSync(`/proc/${process.pid}/cmdline`, "utf8")
        .split("\0")
        .filter((arg, i, all) => i < all.length - 1 || arg),
    );
  });

  it("GIVEN a kernel thread (an empty command line, as a process on its way out has) WHEN identified THEN it is no running program", () => {
    const kernelThread = fs
      .readdirSync("/proc")
      .filter((e) => /^\d+$/.test(e))
      .map(Number)
      .find((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") === "";
        } catch {
          return false;
        }
      });
    expect(kernelThread).toBeDefined();
    expect(processIdentity(kernelThread!)).toBeUndefined();
  });

  it("GIVEN a process that exited but was not yet collected by its parent (a zombie) WHEN checked THEN it is not running", async () => {
    // The parent forks a child that exits at once, prints its pid and
    // sleeps without collecting it: the child stays a zombie meanwhile.
    const parent = spawn("python3", [
      "-c",
      "import os,sys,time\npid=os.fork()\nif pid==0: os._exit(0)\nprint(pid,flush=True)\ntime.sleep(30)",
    ]);
    try {
      const pid = await new Promise<number>((resolve) =>
        parent.stdout.once("data", (d: Buffer) => resolve(Number(String(d)))),
      );
      const state = () =>
        fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0];
      for (let i = 0; i < 50 && state() !== "Z"; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect([
        state(),
        identityMismatch({ pid, startTime: "1", commandLine: [] }),
      ]).toEqual(["Z", `pid ${pid} is not running`]);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
