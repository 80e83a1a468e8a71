/** Synthesizing one environment's stacks the way the app does, for tests of settings the checked-in configuration leaves off. */
import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentName, PipelineConfig } from "../../config";
import {
  createEnvironmentStacks,
  EnvironmentStacks,
} from "../../stacks/environment-stacks";
import { StackJson } from "../../tools/offline-plan";

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
