#!/usr/bin/env node
/**
 * Runs the cdktf CLI (`npm run cdktf -- <command>`, e.g. diff or deploy) with this
 * project's Terraform settings: the provider mirror's CLI config when one is
 * found (tools/terraform.ts), no dangling TF_CLI_CONFIG_FILE, and no version
 * check call to HashiCorp, which fails with an error line offline.
 */
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

require("ts-node").register({
  transpileOnly: true,
  compilerOptions: { module: "commonjs" },
});
const { terraformEnv } = require("./terraform.ts");

const env = terraformEnv({ ...process.env, CHECKPOINT_DISABLE: "1" });
delete env.TF_IN_AUTOMATION; // cdktf deploy and destroy stay interactive
const cli = path.join(
  __dirname,
  "..",
  "node_modules",
  "cdktf-cli",
  "bundle",
  "bin",
  "cdktf",
);
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  env,
  stdio: "inherit",
});
process.exitCode = result.status ?? 1;
