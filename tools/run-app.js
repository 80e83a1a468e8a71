#!/usr/bin/env node
/**
 * The cdktf "app" command. Bundles main.ts with esbuild into .gen/ (only when
 * a source file or the lock file changed since the last bundle), runs it into
 * a staging folder and copies the result into the output folder only when the
 * whole synthesis succeeded: a bad setting leaves an earlier cdktf.out as it
 * was. Plain JavaScript so that it starts without a TypeScript compiler.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const GEN = path.join(ROOT, ".gen");
const BUNDLE = path.join(GEN, "app.js");
const STAMP = path.join(GEN, "app.sha256");
const SOURCE_DIRS = ["config", "constructs", "stacks"];

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

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

/** Removes stack folders of outdir that its new manifest no longer lists. */
function removeOrphanedStacks(outdir) {
  const stacksDir = path.join(outdir, "stacks");
  const manifest = JSON.parse(
    fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"),
  );
  const current = new Set(
    Object.values(manifest.stacks).map((s) =>
      path.basename(s.workingDirectory),
    ),
  );
  for (const entry of fs.existsSync(stacksDir)
    ? fs.readdirSync(stacksDir, { withFileTypes: true })
    : []) {
    if (entry.isDirectory() && !current.has(entry.name))
      fs.rmSync(path.join(stacksDir, entry.name), { recursive: true });
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
    copyTree(staging, outdir);
    removeOrphanedStacks(outdir);
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
