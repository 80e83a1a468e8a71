import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  boundaryViolations,
  importCycles,
  importGraph,
  scriptEntries,
  testOnlyTools,
} from "../support/import-graph";

const REPOSITORY = path.resolve(__dirname, "..", "..");

let scratch: string;
beforeEach(
  () => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "boundaries-test-"))),
);
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes `files` (relative path → text) under the scratch folder. */
function tree(files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    fs.writeFileSync(path.join(scratch, file), text);
  }
  return scratch;
}

describe("import boundaries", () => {
  it("GIVEN the repository WHEN its imports are read THEN each points tools → stacks → config → modules and none into __tests__", () => {
    expect(boundaryViolations(importGraph(REPOSITORY))).toEqual([]);
  });

  it("GIVEN a module that imports the configuration WHEN checked THEN the import is reported with the rule it breaks", () => {
    const root = tree({
      "modules/a/thing.ts": 'import { X } from "../../config/types";\n',
      "config/types.ts": "export const X = 1;\n",
    });
    expect(boundaryViolations(importGraph(root))).toEqual([
      "modules/a/thing.ts imports config/types.ts (modules/ may import nothing from config, stacks, tools, main, __tests__)",
    ]);
  });

  it("GIVEN config reaching stacks by a type import and tools by require WHEN checked THEN both are reported", () => {
    const root = tree({
      "config/a.ts":
        'import type { S } from "../stacks/s";\nconst t = require("../tools/t");\n',
      "stacks/s.ts": "export type S = 1;\n",
      "tools/t.js": "module.exports = 1;\n",
    });
    expect(boundaryViolations(importGraph(root))).toEqual([
      "config/a.ts imports stacks/s.ts (config/ may import nothing from stacks, tools, main, __tests__)",
      "config/a.ts imports tools/t.js (config/ may import nothing from stacks, tools, main, __tests__)",
    ]);
  });

  it("GIVEN a tool that imports a test helper WHEN checked THEN the import is reported, while tests may import tools", () => {
    const root = tree({
      "tools/x/cli.ts": 'export * from "../../__tests__/support/fixture";\n',
      "__tests__/support/fixture.ts": 'import "../../tools/x/cli";\n',
    });
    expect(boundaryViolations(importGraph(root))).toEqual([
      "tools/x/cli.ts imports __tests__/support/fixture.ts (tools/ may import nothing from __tests__)",
    ]);
  });
});

describe("test fixtures out of tools/", () => {
  it("GIVEN the repository WHEN its imports are read THEN every tools/ module tests import is also used by the product or run by a script", () => {
    expect(
      testOnlyTools(importGraph(REPOSITORY), scriptEntries(REPOSITORY)),
    ).toEqual([]);
  });

  it("GIVEN a tools/ module only a test imports WHEN checked THEN it is reported, while a script's entry and a shared module are not", () => {
    const root = tree({
      "package.json": JSON.stringify({
        scripts: { run: "node -r ts-node/register tools/run/cli.ts" },
      }),
      "tools/fixture.ts": "export const f = 1;\n",
      "tools/shared.ts": "export const s = 1;\n",
      "tools/run/cli.ts": 'import "../shared";\n',
      "__tests__/a.test.ts":
        'import "../tools/fixture";\nimport "../tools/shared";\nimport "../tools/run/cli";\n',
    });
    expect(testOnlyTools(importGraph(root), scriptEntries(root))).toEqual([
      "tools/fixture.ts is imported only by __tests__/a.test.ts",
    ]);
  });
});

describe("import cycles", () => {
  it("GIVEN the repository WHEN its imports are read THEN no file reaches itself", () => {
    expect(importCycles(importGraph(REPOSITORY))).toEqual([]);
  });

  it("GIVEN three files that import each other in a ring WHEN checked THEN the cycle is reported as its path", () => {
    const root = tree({
      "config/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "config/b.ts": 'import type { C } from "./c";\nexport const b = 1;\n',
      "config/c/index.ts": 'export { a as C } from "../a";\n',
      "config/d.ts": 'import { a } from "./a";\n',
    });
    expect(importCycles(importGraph(root))).toEqual([
      "config/a.ts → config/b.ts → config/c/index.ts → config/a.ts",
    ]);
  });

  it("GIVEN two cycles that share a file WHEN checked THEN the shortest is the path and the other files are named with it", () => {
    const root = tree({
      "config/a.ts": 'import "./b";\nimport "./c";\n',
      "config/b.ts": 'import "./a";\n',
      "config/c.ts": 'import "./a";\n',
    });
    expect(importCycles(importGraph(root))).toEqual([
      "config/a.ts → config/b.ts → config/a.ts (same cycle: config/c.ts)",
    ]);
  });

  it("GIVEN imports that form no loop WHEN checked THEN no cycle is reported", () => {
    const root = tree({
      "config/a.ts": 'import "./b";\nimport "./c";\n',
      "config/b.ts": 'import "./c";\n',
      "config/c.ts": 'import "fs";\n',
    });
    expect(importCycles(importGraph(root))).toEqual([]);
  });
});
