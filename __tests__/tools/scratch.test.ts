import { execFileSync } from "child_process";
import * as path from "path";
import { PROJECT_ROOT, scratchDir } from "../../tools/scratch";

const ROOT = path.resolve(__dirname, "..", "..");

describe("scratchDir", () => {
  it("GIVEN a tool name and no PIPELINE_SCRATCH_DIR WHEN asked THEN the folder is .scratch/<tool> at the project root, whatever the working directory", () => {
    const cwd = process.cwd();
    try {
      process.chdir(path.join(ROOT, "tools"));
      expect(scratchDir("offline-plan", {})).toBe(
        path.join(ROOT, ".scratch", "offline-plan"),
      );
    } finally {
      process.chdir(cwd);
    }
    expect(PROJECT_ROOT).toBe(ROOT);
  });

  it("GIVEN PIPELINE_SCRATCH_DIR WHEN asked THEN the folder is <tool> below it, resolved", () => {
    expect(
      scratchDir("offline-plan", { PIPELINE_SCRATCH_DIR: "relative/run" }),
    ).toBe(path.resolve("relative", "run", "offline-plan"));
  });

  it("GIVEN the test run WHEN a tool asks THEN its scratch is in the run folder, never the project's .scratch", () => {
    expect(scratchDir("offline-plan")).toBe(
      path.join(process.env.PIPELINE_TEST_RUN_DIR!, "scratch", "offline-plan"),
    );
  });

  it.each(["", "../up", "a/b", "Offline", "-x", "x-"])(
    "GIVEN the tool name %p WHEN asked THEN it throws naming it",
    (tool) => {
      expect(() => scratchDir(tool)).toThrow(
        `scratchDir: tool = ${JSON.stringify(tool)}: must be a kebab-case name`,
      );
    },
  );

  it("GIVEN a file in a tool's scratch folder WHEN git looks at it THEN it is ignored", () => {
    const file = path.relative(
      ROOT,
      path.join(scratchDir("offline-plan", {}), "x", "cdk.tf.json"),
    );
    // Exits 0 (and prints the path) only when the path is ignored.
    expect(
      execFileSync("git", ["check-ignore", "--no-index", file], {
        cwd: ROOT,
        encoding: "utf8",
      }).trim(),
    ).toBe(file);
  });

  it("GIVEN a file in a tool's scratch folder WHEN prettier looks at it THEN it is ignored", () => {
    const info = execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs"),
        "--file-info",
        path.join(scratchDir("run-app", {}), "app.js"),
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(JSON.parse(info)).toEqual({ ignored: true, inferredParser: null });
  });
});
