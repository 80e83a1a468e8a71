#!/usr/bin/env node
/**
 * Synthesis speed, measured side by side in one run, every command
 * synthesizing every stack of every environment from the same sources:
 *
 *  - `npm run synth`: this project's app command run directly (the app
 *    writes cdktf.out itself);
 *  - the cdktf TypeScript template's `cdktf synth`: the cdktf CLI running
 *    the template's app command `npx ts-node main.ts`;
 *  - the template's app command `npx ts-node main.ts` alone.
 *
 * The machine may be shared and busy: the commands take turns in every
 * round, in an order that rotates, so that noise hits each alike; the report
 * gives each command's median wall time (and range), its median CPU time
 * (user + system of it and its children, Linux only: far less sensitive to
 * other load than wall time) and the ratios of the medians.
 * Before timing, one untimed run of each, plus `cdktf synth` with this
 * project's own app (what someone who types `cdktf synth` gets), must write
 * byte-identical Terraform JSON.
 *
 * Usage: npm run benchmark [-- --runs N]; a bad option exits 1 naming it.
 */
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

require("ts-node").register({
  transpileOnly: true,
  compilerOptions: { module: "commonjs" },
});
const {
  parseCommandLine,
  UsageError,
  wholeNumberOption,
} = require("./command-line.ts");
const { readManifest } = require("./manifest.ts");
const { PROJECT_ROOT: ROOT, scratchDir } = require("./scratch");

const USAGE =
  "Usage: npm run benchmark [-- --runs N]   (N timed rounds, each command once per round, default 7)";
const CDKTF = JSON.stringify(path.join(ROOT, "node_modules", ".bin", "cdktf"));
const TEMPLATE_APP = "npx ts-node main.ts";

/** The timed commands; `command(outdir)` is a shell command line. */
const COMMANDS = [
  {
    name: "npm run synth",
    command: () => "npm run --silent synth",
  },
  {
    name: "template: cdktf synth",
    command: (outdir) =>
      `${CDKTF} synth --app ${JSON.stringify(TEMPLATE_APP)} --output ${JSON.stringify(outdir)}`,
  },
  {
    name: `template: ${TEMPLATE_APP}`,
    command: () => TEMPLATE_APP,
  },
];

/** Untimed: `cdktf synth` as this project's cdktf.json sets it up. */
const PROJECT_CDKTF_SYNTH = {
  name: "cdktf synth (this project's app)",
  command: (outdir) => `${CDKTF} synth --output ${JSON.stringify(outdir)}`,
};

/** Clock ticks per second of /proc times (Linux), or undefined where there is none. */
const CLOCK_TICKS = (() => {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  const result = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(result.stdout);
  return result.status === 0 && ticks > 0 ? ticks : undefined;
})();

/**
 * CPU seconds (user + system) of the finished children of this process,
 * their own waited-for children included (Linux /proc); undefined elsewhere.
 * Less sensitive to a busy machine than wall time.
 */
function childCpuSeconds() {
  if (CLOCK_TICKS === undefined) return undefined;
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of proc(5), cutime and cstime; fields[0] is field 3.
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/**
 * Runs `entry` into `outdir` (CDKTF_OUTDIR, or the command's --output);
 * returns the wall seconds it took and the CPU seconds it used.
 */
function run(entry, outdir) {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  delete env.PIPELINE_ENVIRONMENT;
  delete env.CDKTF_CONTEXT_JSON;
  const command = entry.command(outdir);
  const cpuBefore = childCpuSeconds();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, {
    cwd: ROOT,
    env,
    shell: true,
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childCpuSeconds();
  if (result.status !== 0)
    throw new Error(
      `${entry.name} (${command}) failed:\n${result.stdout}${result.stderr}`,
    );
  return {
    seconds,
    cpuSeconds: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/** SHA-256 over every file below `dir`: relative path and bytes, in name order. */
function digest(dir) {
  const hash = crypto.createHash("sha256");
  const files = fs
    .readdirSync(dir, { recursive: true })
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort();
  for (const name of files)
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  return hash.digest("hex");
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The benchmark's options from `argv`; a UsageError naming a bad one. */
function parseOptions(argv) {
  const { values } = parseCommandLine(
    argv,
    { runs: { type: "string" }, help: { type: "boolean" } },
    false,
  );
  return {
    help: values.help ?? false,
    runs: wholeNumberOption("runs", values.runs, 7),
  };
}

function main(runs) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "synth-benchmark-"));
  // Every output folder at the same depth: the bootstrap's relative state path is then the same.
  let count = 0;
  const outdir = () => path.join(scratch, `out-${count++}`);
  try {
    // Untimed: the first npm run synth bundles, ts-node and cdktf warm the disk cache.
    fs.rmSync(path.join(scratchDir("run-app"), "app.inputs.json"), {
      force: true,
    });
    const first = {};
    for (const entry of [...COMMANDS, PROJECT_CDKTF_SYNTH]) {
      const dir = outdir();
      const { seconds } = run(entry, dir);
      first[entry.name] = { dir, seconds, digest: digest(dir) };
    }
    const reference = first[COMMANDS[0].name];
    const differing = Object.entries(first)
      .filter(([, r]) => r.digest !== reference.digest)
      .map(([name]) => name);
    if (differing.length > 0)
      throw new Error(
        `${differing.join(", ")} wrote other Terraform JSON than ${COMMANDS[0].name}`,
      );
    const stacks = readManifest(reference.dir).length;
    for (const { dir } of Object.values(first))
      fs.rmSync(dir, { recursive: true, force: true });

    const load = os.loadavg()[0];
    const times = COMMANDS.map(() => []);
    const cpu = COMMANDS.map(() => []);
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < COMMANDS.length; k++) {
        const i = (round + k) % COMMANDS.length; // each command first in turn
        const dir = outdir();
        const { seconds, cpuSeconds } = run(COMMANDS[i], dir);
        times[i].push(seconds);
        if (cpuSeconds !== undefined) cpu[i].push(cpuSeconds);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const medians = times.map(median);
    const cpuMedians = cpu.every((c) => c.length > 0)
      ? cpu.map(median)
      : undefined;
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    const lines = [
      `Synthesis of ${stacks} stacks (all environments), ${runs} rounds, ${os.cpus().length} cores, load average ${load.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}`,
      ...COMMANDS.map(
        (c, i) =>
          `  ${c.name.padEnd(width)}  median ${medians[i].toFixed(2)} s  (${Math.min(...times[i]).toFixed(2)}-${Math.max(...times[i]).toFixed(2)} s)${cpuMedians ? `  CPU median ${cpuMedians[i].toFixed(2)} s` : ""}`,
      ),
      `  first npm run synth, bundling included: ${reference.seconds.toFixed(2)} s`,
      ...COMMANDS.slice(1).map(
        (c, i) =>
          `  ratio  ${c.name} / npm run synth = ${(medians[i + 1] / medians[0]).toFixed(2)}x${cpuMedians ? ` (CPU ${(cpuMedians[i + 1] / cpuMedians[0]).toFixed(2)}x)` : ""}`,
      ),
      `  output: ${[...COMMANDS, PROJECT_CDKTF_SYNTH].map((c) => c.name).join(", ")}: byte-identical Terraform JSON`,
    ];
    console.log(lines.join("\n"));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(1);
}
if (options.help) console.log(USAGE);
else main(options.runs);
