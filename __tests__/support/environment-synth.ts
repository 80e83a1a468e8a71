/** Synthesizing one environment's stacks the way the app does, for tests of settings the checked-in configuration leaves off. */
import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentName, loadConfig, PipelineConfig } from "../../config";
import { createBootstrapStack } from "../../stacks/bootstrap-stack";
import { createCiStack } from "../../stacks/ci-stack";
import {
  createEnvironmentStacks,
  EnvironmentStacks,
} from "../../stacks/environment-stacks";
import { readSynthesizedStacks, StackJson } from "../../tools/offline-plan";

/**
 * The vpc, database, api and jobs stacks of `environment` under `config`,
 * synthesized with `app.synth()` (cross-stack references become remote
 * state reads and outputs), as Terraform JSON by layer. The output folder
 * (under the run's temporary folder) is removed before returning.
 */
export function synthEnvironmentStacks(
  config: PipelineConfig,
  environment: EnvironmentName,
): Record<keyof EnvironmentStacks, StackJson> {
  const app: App = Testing.app();
  const stacks = createEnvironmentStacks(
    app,
    config.environments[environment],
    config.state,
  );
  app.synth();
  const out = Object.fromEntries(
    Object.entries(stacks).map(([layer, stack]) => [
      layer,
      JSON.parse(
        fs.readFileSync(
          path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"),
          "utf8",
        ),
      ) as StackJson,
    ]),
  );
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return out as Record<keyof EnvironmentStacks, StackJson>;
}

/**
 * The bootstrap and every stack of `environments` under `config`, as main.ts
 * creates them, synthesized into `outdir`: stack name → Terraform JSON (what
 * the offline planner takes).
 */
export function synthesizeApp(
  config: PipelineConfig,
  environments: readonly EnvironmentName[],
  outdir: string,
): Record<string, StackJson> {
  const loaded = loadConfig(config, [...environments]);
  const app = new App({ outdir, skipValidation: true });
  createBootstrapStack(app, loaded.state);
  for (const environment of loaded.environments) {
    createCiStack(app, environment, loaded.state, loaded.delivery);
    createEnvironmentStacks(app, environment, loaded.state);
  }
  app.synth();
  return readSynthesizedStacks(outdir);
}
