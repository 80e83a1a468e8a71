/**
 * Every bad input, through the real command line (`node -r
 * ts-node/register/transpile-only tools/<command>.ts`, what `npm run`
 * runs): one line on stderr naming the input and what is expected, exit
 * code 1, no stack trace, nothing on stdout and nothing written (the
 * convention of docs/tools.md). Each case has its own temporary folder.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs tools/<script> as `npm run` does, in the project root. */
function runTool(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", `tools/${script}`, ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file below `dir` with its size and modification time. */
function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      // A folder's time changes when a file in it is removed: files only.
      return stat.isFile() ? `${name} ${stat.size} ${stat.mtimeMs}` : name;
    })
    .sort();
}

/** A bad input: how to make it in `dir`, the command line, and the line expected. */
interface Case {
  readonly name: string;
  readonly script: string;
  readonly args: (dir: string) => string[];
  readonly setup?: (dir: string) => void;
  readonly line: RegExp;
  /** Files the command removes on purpose (a stale record it clears). */
  readonly removes?: readonly string[];
}

const writeFile = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const manifestNotJson = (dir: string) =>
  writeFile(path.join(dir, "out", "manifest.json"), '{"stacks": {');
const manifestWithoutWorkingDirectory = (dir: string) =>
  writeFile(
    path.join(dir, "out", "manifest.json"),
    JSON.stringify({
      stacks: {
        "financial-pipeline-development-vpc": {
          synthesizedStackPath: "stacks/vpc/cdk.tf.json",
        },
      },
    }),
  );
const NOT_JSON_LINE =
  /^\/.*\/out\/manifest\.json: not JSON \(.+\); expected a cdktf manifest \(run `npm run synth` again\)$/;
const NO_WORKDIR_LINE =
  /^\/.*\/out\/manifest\.json: stacks\.financial-pipeline-development-vpc\.workingDirectory is missing; expected a cdktf manifest/;

/** Every command that reads manifest.json, with the arguments that make it read it. */
const MANIFEST_READERS: readonly [string, string, string[]][] = [
  ["npm run state", "state.ts", ["list", "financial-pipeline-development-vpc"]],
  ["npm run deploy", "deploy.ts", ["development"]],
  ["npm run drift", "drift/cli.ts", ["development"]],
  ["npm run plan:offline", "offline-plan.ts", []],
  ["npm run delivery", "delivery/cli.ts", ["stacks", "development"]],
  ["npm run cost", "cost/cli.ts", ["development", "--profile", "default"]],
];

const SANDBOX_RECORD = (pid: number, startTime: string) =>
  JSON.stringify({
    environment: "development",
    endpoint: "http://127.0.0.1:4566",
    port: 4566,
    pid,
    startTime,
    commandLine: ["python3", "moto_server.py", "--port", "4566"],
    startedAt: "2026-01-01T00:00:00.000Z",
  });

const CASES: readonly Case[] = [
  {
    name: "npm run cost -- --prices /nonexistent.json",
    script: "cost/cli.ts",
    args: () => ["--prices", "/nonexistent.json"],
    line: /^--prices \/nonexistent\.json: no such file; expected a price file like tools\/cost\/prices\.json$/,
  },
  {
    name: "npm run cost -- --prices README.md (not JSON)",
    script: "cost/cli.ts",
    args: () => ["--prices", "README.md"],
    line: /^--prices README\.md: not JSON \(.+\); expected a price file like tools\/cost\/prices\.json$/,
  },
  {
    name: "npm run cost -- --prices <a price file that fails its checks>",
    script: "cost/cli.ts",
    args: (dir) => ["--prices", path.join(dir, "prices.json")],
    setup: (dir) =>
      writeFile(
        path.join(dir, "prices.json"),
        JSON.stringify({ schemaVersion: 1, compiledOn: "yesterday" }),
      ),
    line: /^--prices .*prices\.json: compiledOn must be a YYYY-MM-DD date; expected a price file like tools\/cost\/prices\.json \(docs\/cost\.md\)$/,
  },
  {
    name: "npm run cost -- --spot-share -1",
    script: "cost/cli.ts",
    args: () => ["--spot-share", "-1"],
    line: /^--spot-share -1: must be a number from 0 to 1 \(fraction 0–1\)$/,
  },
  // Every reader goes through tools/manifest.ts (its unit tests hold the other defects).
  ...MANIFEST_READERS.map(
    ([name, script, args]): Case => ({
      name: `${name} with a manifest.json that is not JSON`,
      script,
      args: (dir) => [...args, "--outdir", path.join(dir, "out")],
      setup: manifestNotJson,
      line: NOT_JSON_LINE,
    }),
  ),
  {
    name: "npm run state with a manifest.json that lacks workingDirectory",
    script: "state.ts",
    args: (dir) => [
      "list",
      "financial-pipeline-development-vpc",
      "--outdir",
      path.join(dir, "out"),
    ],
    setup: manifestWithoutWorkingDirectory,
    line: NO_WORKDIR_LINE,
  },
  {
    name: "npm run sandbox -- status with a corrupt sandbox.json",
    script: "sandbox/cli.ts",
    args: () => ["status"],
    setup: (dir) => writeFile(path.join(dir, "sandbox", "sandbox.json"), "{"),
    line: /^No sandbox is up: .*sandbox\.json: not JSON \(.+\); expected a sandbox record\. The record is cleared; nothing was signalled\.$/,
    removes: ["sandbox/sandbox.json"],
  },
  {
    name: "npm run sandbox -- down with a record naming pid 1",
    script: "sandbox/cli.ts",
    args: () => ["down"],
    setup: (dir) =>
      writeFile(
        path.join(dir, "sandbox", "sandbox.json"),
        SANDBOX_RECORD(1, "1"),
      ),
    line: /^No sandbox is up: .*sandbox\.json records a command line that is not the sandbox's moto on port 4566\. The record is cleared; nothing was signalled\.$/,
    removes: ["sandbox/sandbox.json"],
  },
  {
    name: "npm run migrate -- staging --poll-seconds 1e3",
    script: "migrate/cli.ts",
    args: () => ["staging", "--poll-seconds", "1e3"],
    line: /^--poll-seconds 1e3: must be a whole number of at least 1$/,
  },
  {
    name: "npm run delivery -- drift-notify development --exit-code 1e3",
    script: "delivery/cli.ts",
    args: (dir) => [
      "drift-notify",
      "development",
      "--exit-code",
      "1e3",
      "--report",
      path.join(dir, "drift.json"),
    ],
    line: /^--exit-code 1e3: must be a whole number from 0 to 255$/,
  },
  {
    name: "npm run delivery -- rollout development --timeout-seconds 0x10",
    script: "delivery/cli.ts",
    args: () => [
      "rollout",
      "development",
      "--image-tag",
      "0.2.0",
      "--timeout-seconds",
      "0x10",
    ],
    line: /^--timeout-seconds 0x10: must be a whole number of at least 1$/,
  },
  {
    name: 'npm run delivery -- rollout development --health-attempts " 5"',
    script: "delivery/cli.ts",
    args: () => [
      "rollout",
      "development",
      "--image-tag",
      "0.2.0",
      "--health-attempts",
      " 5",
    ],
    line: /^--health-attempts " 5": must be a whole number of at least 1$/,
  },
  {
    name: "npm run migrate -- qa (a usage error: 1, as every command)",
    script: "migrate/cli.ts",
    args: () => ["qa"],
    line: /^Unknown environment "qa" \(development, staging, production\)$/,
  },
  {
    name: "npm run migrate -- --print-logins-sql staging",
    script: "migrate/cli.ts",
    args: () => ["--print-logins-sql", "staging"],
    line: /^--print-logins-sql takes no environment or other option, got staging$/,
  },
];

describe("bad input through the command line", () => {
  const runs = new Map<
    string,
    { run: Run; before: string[]; after: string[] }
  >();
  const dirs: string[] = [];

  beforeAll(async () => {
    const queue = [...CASES];
    // Two processes at a time: the machine is shared.
    await Promise.all(
      [1, 2].map(async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
          dirs.push(dir);
          c.setup?.(dir);
          const before = listing(dir).filter(
            (entry) =>
              !(c.removes ?? []).some((r) => entry.startsWith(`${r} `)),
          );
          const run = await runTool(c.script, c.args(dir), {
            CDKTF_OUTDIR: path.join(dir, "out"),
            PIPELINE_SANDBOX_DIR: path.join(dir, "sandbox"),
          });
          runs.set(c.name, { run, before, after: listing(dir) });
        }
      }),
    );
  }, 240_000);

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    "GIVEN %s WHEN run THEN one line names it and what is expected, exit 1, no stack trace, nothing written",
    (_, c) => {
      const { run, before, after } = runs.get(c.name)!;
      expect({
        code: run.code,
        stdout: run.stdout,
        lines: run.stderr.split("\n").length - 1,
        line: c.line.test(run.stderr.trimEnd()) ? "as expected" : run.stderr,
        after,
      }).toEqual({
        code: 1,
        stdout: "",
        lines: 1,
        line: "as expected",
        after: before,
      });
    },
  );
});
