/**
 * The README is a front page: its first screen gives the two commands a
 * newcomer needs on a fresh machine, and CI runs exactly the test command it
 * gives.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
/** Lines a newcomer sees without scrolling. */
const FIRST_SCREEN_LINES = 40;

/** The commands of the README's first fenced shell block, comments dropped. */
function firstCommands(readme: string): string[] {
  const block = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.length > 0);
}

describe("README front page", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("GIVEN the README WHEN its first screen is read THEN its first commands run the platform on the emulator and then the tests", () => {
    const firstScreen = readme
      .split("\n")
      .slice(0, FIRST_SCREEN_LINES)
      .join("\n");
    expect(firstCommands(firstScreen)).toEqual([
      "npm ci && npm run sandbox -- up",
      "npm test",
    ]);
  });

  it("GIVEN .ci/run WHEN read THEN it installs and runs exactly the README's test command", () => {
    const ciRun = fs
      .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
      .trim()
      .split("\n")
      .pop();
    expect(ciRun).toBe(`npm ci && ${firstCommands(readme)[1]}`);
  });
});
