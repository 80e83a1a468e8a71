import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  analysePlan,
  buildReport,
  changedAttributes,
  formatReport,
  runDriftCommand,
  StackReport,
} from "../../tools/drift";
import { writeOutdir } from "../../tools/emulator/state-backend-fixture";
import { UsageError } from "../../tools/stack-workdir";

/** A plan JSON as `terraform show -json` writes it, with the parts drift reads. */
const PLAN = {
  resource_drift: [
    {
      address: "aws_security_group.api",
      mode: "managed",
      change: {
        actions: ["update"],
        before: {
          ingress: [{ from_port: 8000 }],
          tags: { Owner: "data-platform" },
        },
        after: {
          ingress: [{ from_port: 8000 }, { from_port: 22 }],
          tags: { Owner: "someone-else" },
        },
      },
    },
  ],
  resource_changes: [
    {
      address: "aws_cloudwatch_log_group.flow",
      mode: "managed",
      change: {
        actions: ["update"],
        before: { retention_in_days: 7, name: "x" },
        after: { retention_in_days: 30, name: "x" },
        after_unknown: {},
      },
    },
    {
      address: "aws_vpc.main",
      mode: "managed",
      change: { actions: ["no-op"], before: {}, after: {} },
    },
    {
      address: "data.aws_iam_policy_document.x",
      mode: "data",
      change: { actions: ["read"], before: null, after: {} },
    },
    {
      address: "aws_eip.nat",
      mode: "managed",
      change: { actions: ["create"], before: null, after: { domain: "vpc" } },
    },
  ],
  output_changes: {
    vpc_id: { actions: ["no-op"] },
    subnet_ids: { actions: ["update"] },
  },
};

function stackReport(
  stack: string,
  status: StackReport["status"],
): StackReport {
  return {
    stack,
    status,
    drift: [],
    changes: [],
    outputs: [],
    ...(status === "error" ? { error: "backend unreachable" } : {}),
  };
}

describe("drift", () => {
  describe("changedAttributes", () => {
    it("GIVEN a changed tag WHEN compared THEN the path names the tag", () => {
      expect(
        changedAttributes(
          { tags: { Owner: "a", Project: "p" } },
          { tags: { Owner: "b", Project: "p" } },
        ),
      ).toEqual(["tags.Owner"]);
    });

    it("GIVEN a changed list WHEN compared THEN the list attribute is named whole", () => {
      expect(
        changedAttributes(
          { ingress: [{ port: 1 }] },
          { ingress: [{ port: 2 }] },
        ),
      ).toEqual(["ingress"]);
    });

    it("GIVEN an attribute known only after apply WHEN compared THEN it counts as changed", () => {
      expect(
        changedAttributes({ arn: "a" }, { arn: null }, { arn: true }),
      ).toEqual(["arn"]);
    });

    it("GIVEN equal values WHEN compared THEN nothing is named", () => {
      expect(
        changedAttributes({ a: 1, b: { c: [1] } }, { a: 1, b: { c: [1] } }),
      ).toEqual([]);
    });
  });

  describe("analysePlan", () => {
    it("GIVEN a plan with refresh drift WHEN analysed THEN the drifted resource and attributes are reported", () => {
      expect(analysePlan(PLAN).drift).toEqual([
        {
          address: "aws_security_group.api",
          actions: ["update"],
          attributes: ["ingress", "tags.Owner"],
        },
      ]);
    });

    it("GIVEN a plan with changes WHEN analysed THEN managed resources that would change are reported, no-ops and data reads are not", () => {
      expect(analysePlan(PLAN).changes).toEqual([
        {
          address: "aws_cloudwatch_log_group.flow",
          actions: ["update"],
          attributes: ["retention_in_days"],
        },
        { address: "aws_eip.nat", actions: ["create"], attributes: [] },
      ]);
    });

    it("GIVEN a plan with output changes WHEN analysed THEN only changed outputs are reported", () => {
      expect(analysePlan(PLAN).outputs).toEqual([
        { name: "subnet_ids", actions: ["update"] },
      ]);
    });

    it("GIVEN a plan without changes WHEN analysed THEN nothing is reported", () => {
      expect(
        analysePlan({ resource_changes: [PLAN.resource_changes[1]] }),
      ).toEqual({ drift: [], changes: [], outputs: [] });
    });
  });

  describe("buildReport", () => {
    it("GIVEN every stack in sync WHEN reported THEN the exit code is 0", () => {
      expect(
        buildReport("refresh", [stackReport("a", "in-sync")]).exitCode,
      ).toBe(0);
    });

    it("GIVEN a drifted stack WHEN reported THEN the exit code is 2", () => {
      expect(
        buildReport("refresh", [
          stackReport("a", "in-sync"),
          stackReport("b", "drift"),
        ]).exitCode,
      ).toBe(2);
    });

    it("GIVEN a drifted stack and a stack in error WHEN reported THEN the error wins: exit 1", () => {
      const report = buildReport("refresh", [
        stackReport("a", "drift"),
        stackReport("b", "error"),
      ]);
      expect({ exitCode: report.exitCode, summary: report.summary }).toEqual({
        exitCode: 1,
        summary: { stacks: 2, inSync: 0, drifted: 1, errors: 1 },
      });
    });
  });

  describe("formatReport", () => {
    it("GIVEN findings WHEN formatted THEN each resource is listed with its attributes under its kind", () => {
      const findings = analysePlan(PLAN);
      const text = formatReport(
        buildReport("refresh", [{ stack: "s", status: "drift", ...findings }]),
      );
      expect(text).toContain(
        [
          "s: DRIFT",
          "  changed outside Terraform:",
          "    ~ aws_security_group.api: ingress, tags.Owner",
          "  configuration and state disagree:",
          "    ~ aws_cloudwatch_log_group.flow: retention_in_days",
          "    + aws_eip.nat (create)",
          "  outputs:",
          "    ~ subnet_ids (update)",
        ].join("\n"),
      );
    });

    it("GIVEN a stack in error WHEN formatted THEN the line says ERROR and why", () => {
      expect(
        formatReport(buildReport("no-refresh", [stackReport("s", "error")])),
      ).toContain("s: ERROR backend unreachable");
    });
  });

  describe("runDriftCommand", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "drift-cli-"));
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
    const outdir = writeOutdir(scratch, {
      "financial-pipeline-production-vpc": {},
    });

    it("GIVEN a target no stack matches WHEN run THEN it throws a UsageError listing the stacks", async () => {
      await expect(
        runDriftCommand(["nothing-like-it", "--outdir", outdir]),
      ).rejects.toThrow(
        /No synthesized stack matches "nothing-like-it"\. Stacks: financial-pipeline-production-vpc/,
      );
    });

    it("GIVEN an unknown option WHEN run THEN it throws a UsageError", async () => {
      await expect(
        runDriftCommand(["--refresh-everything", "--outdir", outdir]),
      ).rejects.toThrow(UsageError);
    });

    it("GIVEN a bad lock timeout WHEN run THEN it throws naming the option", async () => {
      await expect(
        runDriftCommand(["--lock-timeout", "soon", "--outdir", outdir]),
      ).rejects.toThrow(/--lock-timeout soon/);
    });
  });
});
