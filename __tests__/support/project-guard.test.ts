import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { guardError, projectListing } from "./project-guard";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "project-guard-"));
  fs.mkdirSync(path.join(root, ".scratch", "terraform"), { recursive: true });
  fs.writeFileSync(
    path.join(root, ".scratch", "terraform", "terraformrc"),
    "a",
  );
  fs.writeFileSync(path.join(root, "main.ts"), "");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the isolation guard", () => {
  it("GIVEN nothing written WHEN listed again THEN there is no error", () => {
    const before = projectListing(root);
    expect(guardError(before, projectListing(root))).toBeUndefined();
  });

  it("GIVEN a tool's shared config rewritten WHEN listed again THEN the error names it", () => {
    const before = projectListing(root);
    const file = path.join(root, ".scratch", "terraform", "terraformrc");
    fs.writeFileSync(file, "another mirror");
    expect(guardError(before, projectListing(root))?.message).toMatch(
      /generated files changed: \.scratch\/terraform\/terraformrc: changed\. A test writes only inside its own temporary folder/,
    );
  });

  it("GIVEN a cdktf.out and a state file added WHEN listed again THEN the error names both", () => {
    const before = projectListing(root);
    fs.mkdirSync(path.join(root, "cdktf.out"));
    fs.writeFileSync(path.join(root, "x.tfstate"), "{}");
    expect(guardError(before, projectListing(root))?.message).toContain(
      "cdktf.out: added; x.tfstate: added.",
    );
  });

  it("GIVEN a source file edited WHEN listed again THEN it is not the guard's business", () => {
    const before = projectListing(root);
    fs.writeFileSync(path.join(root, "main.ts"), "// edited");
    expect(guardError(before, projectListing(root))).toBeUndefined();
  });

  it("GIVEN TypeScript's build info rewritten WHEN listed again THEN it is not the guard's business", () => {
    fs.mkdirSync(path.join(root, ".scratch", "tsc"));
    const before = projectListing(root);
    fs.writeFileSync(path.join(root, ".scratch", "tsc", "tsbuildinfo"), "{}");
    expect(guardError(before, projectListing(root))).toBeUndefined();
  });
});
