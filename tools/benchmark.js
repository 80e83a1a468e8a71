#!/usr/bin/env node
/**
 * Synthesis speed, measured side by side in one run: the project's app
 * command (cdktf.json "app") against the cdktf TypeScript template's default
 * `npx ts-node main.ts`, both synthesizing every stack of every environment
 * from the same sources. Runs alternate so that machine noise hits both
 * alike; prints each median and their ratio, and checks that both wrote the
 * same Terraform JSON.
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
const { scratchDir } = require("./scratch");

const ROOT = path.resolve(__dirname, "..");
const USAGE =
  "Usage: npm run benchmark [-- --runs N]   (N timed runs of each command, default 7)";
const APP_COMMAND = JSON.parse(
  fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"),
).app;
const TEMPLATE_COMMAND = "npx ts-node main.ts";

function run(command, outdir) {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  delete env.PIPELINE_ENVIRONMENT;
  delete env.CDKTF_CONTEXT_JSON;
  const started = process.hrtime.bigint();
  const result = spawnSync(command, {
    cwd: ROOT,
    env,
    shell: true,
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0)
    throw new Error(`${command} failed:\n${result.stderr}`);
  return seconds;
}

function digest(dir) {
  const hash = crypto.createHash("sha256");
  const walk = (d) => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
    }
  };
  walk(dir);
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

function main(RUNS) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "synth-benchmark-"));
  try {
    // One untimed run of each: the app command builds its bundle, ts-node warms the disk cache.
    const appOut = path.join(scratch, "app");
    const templateOut = path.join(scratch, "template");
    fs.rmSync(path.join(scratchDir("run-app"), "app.inputs.json"), {
      force: true,
    }); // so the first run bundles
    const firstApp = run(APP_COMMAND, appOut);
    run(TEMPLATE_COMMAND, templateOut);
    if (digest(appOut) !== digest(templateOut))
      throw new Error("the two commands wrote different Terraform JSON");
    const stacks = readManifest(appOut).length;

    const app = [];
    const template = [];
    for (let i = 0; i < RUNS; i++) {
      app.push(run(APP_COMMAND, path.join(scratch, `app-${i}`)));
      template.push(run(TEMPLATE_COMMAND, path.join(scratch, `template-${i}`)));
    }
    const appMedian = median(app);
    const templateMedian = median(template);
    console.log(
      `Synthesis of ${stacks} stacks (all environments), ${RUNS} alternating runs each, ${os.cpus().length} cores`,
    );
    console.log(
      `  app command   ${APP_COMMAND.padEnd(24)} median ${appMedian.toFixed(3)} s  (first run, bundling included: ${firstApp.toFixed(3)} s)`,
    );
    console.log(
      `  template      ${TEMPLATE_COMMAND.padEnd(24)} median ${templateMedian.toFixed(3)} s`,
    );
    console.log(
      `  ratio         template / app = ${(templateMedian / appMedian).toFixed(1)}x`,
    );
    console.log(
      "  output        both commands wrote byte-identical Terraform JSON",
    );
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
