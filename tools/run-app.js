#!/usr/bin/env node
/**
 * The cdktf "app" command and `npm run synth`: the app writes cdktf.out
 * itself, so `npm run synth` runs it without starting the cdktf CLI (which
 * `cdktf synth` does first, then runs this). Bundles main.ts with esbuild
 * into .scratch/run-app/ (only when a file esbuild read for the last bundle
 * changed), runs it into a staging folder and copies the result into the
 * output folder only when the whole synthesis succeeded: a bad setting leaves
 * an earlier cdktf.out as it was. Plain JavaScript so that it starts without
 * a TypeScript compiler.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { PROJECT_ROOT: ROOT, scratchDir } = require("./scratch");

const CACHE = scratchDir("run-app");
const BUNDLE = path.join(CACHE, "app.js");
/** What the bundle was built from: every file esbuild read (its metafile) with size, mtime and SHA-256. */
const INPUTS = path.join(CACHE, "app.inputs.json");
/** Not in the metafile but deciding the bundle too: the compiler settings and these build options. */
const EXTRA_INPUTS = ["tsconfig.json", "tools/run-app.js"];

function buildOptions(outfile) {
  return {
    entryPoints: [path.join(ROOT, "main.ts")],
    absWorkingDir: ROOT, // metafile paths relative to the project root
    bundle: true,
    platform: "node",
    target: "node20",
    outfile,
    sourcemap: "inline",
    metafile: true,
    logLevel: "warning",
  };
}

const sha256 = (file) =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function describeInput(relative) {
  const file = path.join(ROOT, relative);
  const stat = fs.statSync(file);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(file) };
}

/**
 * True when every recorded input still has its recorded content. A file whose
 * size and mtime are unchanged is not read again (this check runs on every
 * synth; reading the ~500 inputs, 10 MB, would cost more than it saves).
 */
function inputsUnchanged(recorded) {
  for (const [relative, was] of Object.entries(recorded)) {
    let stat;
    try {
      stat = fs.statSync(path.join(ROOT, relative));
    } catch {
      return false; // deleted or renamed
    }
    if (stat.size === was.size && stat.mtimeMs === was.mtimeMs) continue;
    if (
      stat.size !== was.size ||
      sha256(path.join(ROOT, relative)) !== was.sha256
    )
      return false;
  }
  return true;
}

function readInputs() {
  try {
    const record = JSON.parse(fs.readFileSync(INPUTS, "utf8"));
    return record.esbuild === require("esbuild/package.json").version
      ? record.inputs
      : undefined;
  } catch {
    return undefined;
  }
}

/** Rebuilds the bundle when a file it was built from changed; returns its path. */
function ensureBundle() {
  const recorded = readInputs();
  if (recorded && fs.existsSync(BUNDLE) && inputsUnchanged(recorded))
    return BUNDLE;
  fs.mkdirSync(CACHE, { recursive: true });
  // Build beside the target and rename: parallel runs never see half a bundle.
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  const esbuild = require("esbuild");
  const { metafile } = esbuild.buildSync(buildOptions(partial));
  const inputs = {};
  const extra = EXTRA_INPUTS.filter((f) => fs.existsSync(path.join(ROOT, f)));
  for (const relative of [...Object.keys(metafile.inputs), ...extra].sort())
    inputs[relative] = describeInput(relative);
  fs.renameSync(partial, BUNDLE);
  const record = { esbuild: esbuild.version, inputs };
  fs.writeFileSync(
    `${INPUTS}.${process.pid}.tmp`,
    JSON.stringify(record, null, 1),
  );
  fs.renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  return BUNDLE;
}

/**
 * Removes the stack folders of outdir that this synthesis (in staging) did
 * not write. The folders themselves say which stacks there are: no second
 * reader of manifest.json (tools/manifest.ts is the one).
 */
function removeOrphanedStacks(staging, outdir) {
  const folders = (dir) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
      : [];
  const current = new Set(folders(path.join(staging, "stacks")));
  for (const name of folders(path.join(outdir, "stacks"))) {
    if (!current.has(name))
      fs.rmSync(path.join(outdir, "stacks", name), { recursive: true });
  }
}

function main() {
  const outdir = path.resolve(process.env.CDKTF_OUTDIR || "cdktf.out");
  const staging = `${outdir}.staging-${process.pid}`;
  const bundle = ensureBundle();
  fs.rmSync(staging, { recursive: true, force: true });
  // cdktf creates the output folder but not its parents; a failed synthesis
  // removes the ones made here again.
  const createdParent = fs.mkdirSync(path.dirname(staging), {
    recursive: true,
  });
  let synthesized = false;
  process.env.CDKTF_OUTDIR = staging;
  try {
    require(bundle);
    // Files are overwritten, never removed, so .terraform folders that cdktf
    // deploy left next to a stack survive; stacks no longer synthesized are
    // removed whole, as `cdktf synth` does.
    fs.cpSync(staging, outdir, { recursive: true, force: true });
    removeOrphanedStacks(staging, outdir);
    synthesized = true;
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).length;
    console.log(
      `${stacks} stacks synthesized into ${path.relative(process.cwd(), outdir) || "."}`,
    );
  } catch (error) {
    if (error && error.name === "ConfigurationError") {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!synthesized && createdParent)
      fs.rmSync(createdParent, { recursive: true, force: true });
  }
}

main();
