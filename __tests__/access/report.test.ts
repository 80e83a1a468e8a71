import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { accessCommand } from "../../tools/access/cli";
import { readAccessModel } from "../../tools/access/model";
import {
  accessDoc,
  accessReport,
  renderReport,
} from "../../tools/access/report";

const outdir = () => process.env.PIPELINE_TEST_OUTDIR!;
const DOC = path.join(__dirname, "..", "..", "docs", "access.md");

describe("npm run access", () => {
  it("GIVEN production WHEN reported THEN the deploy role's denies include the boundary and secret values", () => {
    const deploy = accessReport(readAccessModel(outdir(), "production")).find(
      (p) => p.role === "financial-pipeline-production-ci-deploy",
    );
    expect(deploy?.denies.map((d) => d.sid)).toEqual(
      expect.arrayContaining([
        "BoundaryStays",
        "NoSecretValues",
        "NoAuditLoggingStop",
      ]),
    );
  });

  it("GIVEN the checked-in configuration WHEN production's report is rendered THEN docs/access.md holds exactly it (run `npm run access -- production --write-docs` when this fails)", async () => {
    const doc = fs.readFileSync(DOC, "utf8");
    const report = renderReport(
      "production",
      accessReport(readAccessModel(outdir(), "production")),
    );
    expect(accessDoc(doc, DOC, report)).toBe(doc);
  });

  it("GIVEN an unknown environment WHEN run THEN one line names it and what is expected", async () => {
    await expect(
      accessCommand(["nowhere", "--outdir", outdir()]),
    ).rejects.toThrow(
      /^environment "nowhere": must be one of development, staging, production$/,
    );
  });

  it("GIVEN --json WHEN run for development THEN it prints the report as JSON", async () => {
    // The command synthesizes into --outdir when a source file is newer than
    // its manifest (edited during the run): give it a copy of the run's
    // stacks, never the folder the other test files read.
    const copy = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), "access-report-")),
      "cdktf.out",
    );
    fs.cpSync(outdir(), copy, { recursive: true });
    const result = await accessCommand([
      "development",
      "--json",
      "--outdir",
      copy,
    ]);
    expect(result.code).toBe(0);
    expect(
      JSON.parse(result.stdout).map((p: { role: string }) => p.role),
    ).toContain("financial-pipeline-development-ci-plan");
  });
});
