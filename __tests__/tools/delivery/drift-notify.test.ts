import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildReport, StackReport } from "../../../tools/drift/cli";
import { driftVerdict } from "../../../tools/delivery/drift-notify";

const inSync: StackReport = {
  stack: "fp-production-vpc",
  status: "in-sync",
  drift: [],
  changes: [],
  outputs: [],
};
const drifted: StackReport = {
  stack: "fp-production-api",
  status: "drift",
  drift: [
    {
      address: "aws_security_group.api",
      actions: ["update"],
      attributes: ["ingress"],
    },
  ],
  changes: [],
  outputs: [],
};
const failed: StackReport = {
  ...inSync,
  stack: "fp-production-database",
  status: "error",
  error: "terraform init failed: AccessDenied",
};

let dir: string;
beforeEach(
  () => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-notify-"))),
);
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(stacks: StackReport[]): string {
  const file = path.join(dir, "drift.json");
  fs.writeFileSync(file, JSON.stringify(buildReport("refresh", stacks)));
  return file;
}

describe("driftVerdict", () => {
  it("GIVEN every stack in sync and exit 0 WHEN judged THEN in sync with nothing to report", () => {
    expect(driftVerdict("production", 0, write([inSync]))).toMatchObject({
      status: "in-sync",
      exitCode: 0,
      body: "",
    });
  });

  it("GIVEN a drifted stack and exit 2 WHEN judged THEN drift, exit 2, and the body names the drifted address", () => {
    const verdict = driftVerdict("production", 2, write([inSync, drifted]));
    expect(verdict).toMatchObject({
      status: "drift",
      exitCode: 2,
      title: "Drift in production",
    });
    expect(verdict.body).toContain("drifted aws_security_group.api");
  });

  it("GIVEN a stack error and exit 1 WHEN judged THEN an error naming the cause, never no drift", () => {
    const verdict = driftVerdict("production", 1, write([inSync, failed]));
    expect(verdict).toMatchObject({ status: "error", exitCode: 1 });
    expect(verdict.body).toContain("AccessDenied");
  });

  it("GIVEN no report file and exit 0 WHEN judged THEN an error: a missing report is not no drift", () => {
    expect(
      driftVerdict("production", 0, path.join(dir, "missing.json")),
    ).toMatchObject({ status: "error", exitCode: 1 });
  });

  it("GIVEN a drift report but exit 0 WHEN judged THEN an error: the two disagree", () => {
    const verdict = driftVerdict("production", 0, write([drifted]));
    expect(verdict.exitCode).toBe(1);
    expect(verdict.body).toMatch(
      /the report says exit 2, the command exited with 0/,
    );
  });

  it("GIVEN a report of no stacks WHEN judged THEN an error: nothing was checked", () => {
    expect(driftVerdict("production", 0, write([])).body).toContain(
      "no stack was checked",
    );
  });
});
