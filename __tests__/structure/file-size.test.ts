/**
 * House style: no source file over 400 lines. Source is everything the
 * product and its tools run (TypeScript; JavaScript, .mjs and .cjs
 * modules included; Python) outside the tests; a longer file is split by
 * what it does.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const LIMIT = 400;
const ROOT = path.join(__dirname, "..", "..");
const SOURCE = /\.(ts|js|mjs|cjs|py)$/;
const SKIPPED = new Set([
  "node_modules",
  "__tests__",
  "cdktf.out",
  ".gen",
  ".scratch",
  ".terraform",
  ".git",
  "coverage",
]);

/** Source files under `root` longer than `limit` lines, as "path: n lines". */
function oversized(root: string, limit = LIMIT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        const lines = fs.readFileSync(full, "utf8").split("\n").length - 1;
        if (lines > limit)
          found.push(`${path.relative(root, full)}: ${lines} lines`);
      }
    }
  };
  walk(root);
  return found.sort();
}

describe("source file size", () => {
  it(`GIVEN the repository WHEN its source files are counted THEN none is over ${LIMIT} lines`, () => {
    expect(oversized(ROOT)).toEqual([]);
  });

  it("GIVEN a 401-line module, a 402-line .mjs and a long test WHEN counted THEN only the two modules are reported", () => {
    const dir = fs.mkdtempSync(
      path.join(process.env.PIPELINE_TEST_RUN_DIR ?? os.tmpdir(), "file-size-"),
    );
    try {
      const lines = (n: number) => "x\n".repeat(n);
      fs.mkdirSync(path.join(dir, "tools"));
      fs.mkdirSync(path.join(dir, "__tests__"));
      fs.writeFileSync(path.join(dir, "tools", "long.ts"), lines(401));
      fs.writeFileSync(path.join(dir, "tools", "fine.py"), lines(400));
      fs.writeFileSync(path.join(dir, "tools", "hooks.mjs"), lines(402));
      fs.writeFileSync(path.join(dir, "__tests__", "a.test.ts"), lines(900));
      expect(oversized(dir)).toEqual([
        `${path.join("tools", "hooks.mjs")}: 402 lines`,
        `${path.join("tools", "long.ts")}: 401 lines`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
