import * as path from "path";
import {
  errorSummary,
  parseArgs,
  selectStacks,
  SynthesizedStack,
} from "../../tools/stack-workdir";

const STACKS: SynthesizedStack[] = [
  "financial-pipeline-bootstrap",
  "financial-pipeline-development-vpc",
  "financial-pipeline-production-api",
  "financial-pipeline-production-database",
  "financial-pipeline-production-vpc",
].map((name) => ({ name, dir: `/out/stacks/${name}`, dependencies: [] }));

const names = (stacks: SynthesizedStack[]) => stacks.map((s) => s.name);

describe("stack-workdir", () => {
  describe("selectStacks", () => {
    it("GIVEN no target WHEN selecting THEN every stack is chosen", () => {
      expect(selectStacks(STACKS, [])).toHaveLength(5);
    });

    it("GIVEN an environment name WHEN selecting THEN that environment's stacks are chosen, not the bootstrap", () => {
      expect(names(selectStacks(STACKS, ["production"]))).toEqual([
        "financial-pipeline-production-api",
        "financial-pipeline-production-database",
        "financial-pipeline-production-vpc",
      ]);
    });

    it("GIVEN a glob WHEN selecting THEN matching stacks are chosen", () => {
      expect(names(selectStacks(STACKS, ["*-vpc"]))).toEqual([
        "financial-pipeline-development-vpc",
        "financial-pipeline-production-vpc",
      ]);
    });

    it("GIVEN a stack name WHEN selecting THEN only that stack is chosen", () => {
      expect(
        names(selectStacks(STACKS, ["financial-pipeline-bootstrap"])),
      ).toEqual(["financial-pipeline-bootstrap"]);
    });

    it("GIVEN a target that matches nothing WHEN selecting THEN it throws listing the stacks", () => {
      expect(() => selectStacks(STACKS, ["qa"])).toThrow(
        /No synthesized stack matches "qa"\. Stacks: financial-pipeline-bootstrap, /,
      );
    });
  });

  describe("parseArgs", () => {
    it("GIVEN repeated --backend-config and --outdir WHEN parsed THEN both are kept in order", () => {
      const { common } = parseArgs(
        ["--backend-config", "a=1", "--outdir=out", "--backend-config=b=2"],
        {},
        {},
      );
      expect({
        outdir: common.outdir,
        backendConfig: common.backendConfig,
      }).toEqual({
        outdir: path.resolve("out"),
        backendConfig: ["a=1", "b=2"],
      });
    });

    it("GIVEN no --outdir WHEN parsed THEN CDKTF_OUTDIR is used", () => {
      expect(parseArgs([], {}, { CDKTF_OUTDIR: "/tmp/x" }).common.outdir).toBe(
        "/tmp/x",
      );
    });

    it("GIVEN a command's own flags WHEN parsed THEN they come back apart from the common options and positionals", () => {
      const parsed = parseArgs(
        ["stack", "--json", "--report", "r.json", "--no-init", "other"],
        { json: "boolean", report: "value", parallel: "value" },
        {},
      );
      expect({
        flags: parsed.flags,
        positional: parsed.positional,
        skipInit: parsed.common.skipInit,
      }).toEqual({
        flags: { json: true, report: "r.json" },
        positional: ["stack", "other"],
        skipInit: true,
      });
    });

    it("GIVEN an option the command does not take WHEN parsed THEN it throws naming it", () => {
      expect(() => parseArgs(["--json"], {}, {})).toThrow(
        /^Unknown option --json \(options: --backend-config, --no-init, --outdir, --reconfigure\)$/,
      );
    });

    it("GIVEN a value option without value WHEN parsed THEN it throws naming the option", () => {
      expect(() => parseArgs(["--outdir"], {}, {})).toThrow(
        /--outdir needs a value/,
      );
    });
  });

  describe("errorSummary", () => {
    it("GIVEN Terraform's boxed error WHEN summarized THEN the Error: line and its detail come out on one line", () => {
      const stderr = [
        "╷",
        "│ Error: Error acquiring the state lock",
        "│ ",
        "│ Error message: operation error DynamoDB: PutItem, ConditionalCheckFailed",
        "╵",
      ].join("\n");
      expect(errorSummary({ code: 1, stdout: "", stderr })).toBe(
        "Error: Error acquiring the state lock Error message: operation error DynamoDB: PutItem, ConditionalCheckFailed",
      );
    });
  });
});
