#!/usr/bin/env node
/**
 * The cdktf "app" command. Bundles main.ts with esbuild into .scratch/run-app/ (only when
 * a source file or the lock file changed since the last bundle), runs it into
 * a staging folder and copies the result into the output folder only when the
 * whole synthesis succeeded: a bad setting leaves an earlier cdktf.out as it
 * was. Plain JavaScript so that it starts without a TypeScript compiler.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { scratchDir } = require("./scratch");

const ROOT = path.resolve(__dirname, "..");
const GEN = scratchDir("run-app");
const BUNDLE = path.join(GEN, "app.js");
const STAMP = path.join(GEN, "app.sha256");
const SOURCE_DIRS = ["config", "modules", "stacks"];

function sourceFiles() {
  const files = [
    path.join(ROOT, "main.ts"),
    path.join(ROOT, "package-lock.json"),
  ];
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) files.push(full);
    }
  };
  SOURCE_DIRS.forEach((d) => walk(path.join(ROOT, d)));
  return files;
}

function sourceHash() {
  const hash = crypto.createHash("sha256");
  for (const file of sourceFiles()) {
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** Rebuilds the bundle when the sources changed; returns its path. */
function ensureBundle() {
  const digest = sourceHash();
  if (
    fs.existsSync(BUNDLE) &&
    fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, "utf8") === digest
  )
    return BUNDLE;
  fs.mkdirSync(GEN, { recursive: true });
  // Build beside the target and rename: parallel runs never see half a bundle.
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  require("esbuild").buildSync({
    entryPoints: [path.join(ROOT, "main.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    outfile: partial,
    sourcemap: "inline",
    logLevel: "warning",
  });
  fs.renameSync(partial, BUNDLE);
  fs.writeFileSync(`${STAMP}.${process.pid}.tmp`, digest);
  fs.renameSync(`${STAMP}.${process.pid}.tmp`, STAMP);
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
  process.env.CDKTF_OUTDIR = staging;
  try {
    require(bundle);
    // Files are overwritten, never removed, so .terraform folders that cdktf
    // deploy left next to a stack survive; stacks no longer synthesized are
    // removed whole, as `cdktf synth` does.
    fs.cpSync(staging, outdir, { recursive: true, force: true });
    removeOrphanedStacks(staging, outdir);
  } catch (error) {
    if (error && error.name === "ConfigurationError") {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

main();
