import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../../tools/command-line";
import { writeOutdir } from "../support/state-backend-fixture";
import { backupPath, runStateCommand, summarizeState } from "../../tools/state";

describe("state", () => {
  describe("summarizeState", () => {
    it("GIVEN a state file WHEN summarized THEN serial, lineage and resource count are read", () => {
      const text = JSON.stringify({
        version: 4,
        serial: 7,
        lineage: "abc",
        terraform_version: "1.11.4",
        resources: [{}, {}],
      });
      expect(summarizeState(text)).toEqual({
        serial: 7,
        lineage: "abc",
        terraformVersion: "1.11.4",
        resources: 2,
      });
    });

    it("GIVEN empty output (no state stored yet) WHEN summarized THEN it throws saying so", () => {
      expect(() => summarizeState("\n")).toThrow(
        /holds no state for this stack yet/,
      );
    });

    it("GIVEN Terraform's placeholder for an empty backend WHEN summarized THEN it throws saying no state is stored", () => {
      const placeholder = JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 0,
        lineage: "",
        outputs: {},
        resources: [],
      });
      expect(() => summarizeState(placeholder)).toThrow(
        /holds no state for this stack yet/,
      );
    });

    it("GIVEN text that is not a state WHEN summarized THEN it throws", () => {
      expect(() => summarizeState('{"version": 3}')).toThrow(
        /not a Terraform state/,
      );
    });
  });

  describe("backupPath", () => {
    it("GIVEN a stack, serial and time WHEN named THEN the file sits under state-backups/<stack>/ with serial and UTC time", () => {
      expect(
        backupPath(
          "financial-pipeline-production-vpc",
          12,
          new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)),
        ),
      ).toBe(
        path.join(
          "state-backups",
          "financial-pipeline-production-vpc",
          "financial-pipeline-production-vpc-serial-12-20250102T030405Z.tfstate",
        ),
      );
    });
  });

  describe("runStateCommand", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "state-cli-"));
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
    const outdir = writeOutdir(scratch, {
      "financial-pipeline-production-vpc": {},
    });

    it("GIVEN an unknown stack WHEN run THEN it throws naming the stack and listing the known ones", async () => {
      await expect(
        runStateCommand([
          "list",
          "financial-pipeline-production-vcp",
          "--outdir",
          outdir,
        ]),
      ).rejects.toThrow(
        /No synthesized stack named "financial-pipeline-production-vcp"\. Stacks: financial-pipeline-production-vpc/,
      );
    });

    it("GIVEN an unknown command WHEN run THEN it throws naming the command", async () => {
      await expect(
        runStateCommand([
          "rm",
          "financial-pipeline-production-vpc",
          "--outdir",
          outdir,
        ]),
      ).rejects.toThrow(/Unknown command "rm"/);
    });

    it("GIVEN show without an address WHEN run THEN it throws asking for one", async () => {
      await expect(
        runStateCommand([
          "show",
          "financial-pipeline-production-vpc",
          "--outdir",
          outdir,
        ]),
      ).rejects.toThrow(/show needs one resource address/);
    });

    it("GIVEN no synthesized output WHEN run THEN it throws telling to synthesize first", async () => {
      const empty = path.join(scratch, "empty");
      fs.mkdirSync(empty);
      await expect(
        runStateCommand(["list", "x", "--outdir", empty]),
      ).rejects.toThrow(/run `npm run synth` first/);
    });

    it("GIVEN an unknown option WHEN run THEN it throws naming the option", async () => {
      await expect(
        runStateCommand([
          "list",
          "financial-pipeline-production-vpc",
          "--out-dir",
          outdir,
        ]),
      ).rejects.toThrow(/^Unknown option --out-dir \(options: /);
    });

    it("GIVEN --out without a value WHEN run THEN it throws saying it needs one", async () => {
      await expect(
        runStateCommand(["pull", "financial-pipeline-production-vpc", "--out"]),
      ).rejects.toThrow(/^--out needs a value/);
    });

    it("GIVEN no command WHEN run THEN a UsageError names the commands", async () => {
      await expect(runStateCommand(["--outdir", outdir])).rejects.toThrow(
        new UsageError(
          "Name a command (list, show, output, pull) and a stack; --help shows the usage.",
        ),
      );
    });
  });
});
