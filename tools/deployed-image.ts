/**
 * The image tag an environment runs: its API stack's `deployed_image_tag`
 * output, read from the stack's state. The API and jobs stacks take the tag
 * as the `image_tag` variable (TF_VAR_image_tag), which defaults to the
 * configured tag; an image rollout (image.yml) deploys both with the new
 * tag, and every later infrastructure deploy (ci.yml, promote.yml) keeps it
 * by setting TF_VAR_image_tag to this tag. A plan without it would revert
 * the running image to the configured one: `npm run delivery --
 * current-image` and `npm run drift` both ask here.
 */
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig, PIPELINE_CONFIG } from "../config";
import { IMAGE_TAG_VARIABLE } from "../stacks/api-stack";
import { LayerStack } from "../stacks/layer-stack";
import {
  CommonOptions,
  errorSummary,
  initStack,
  SynthesizedStack,
} from "./stack-workdir";
import { runTerraform } from "./terraform";

/** The output of the API stack that names the tag it runs. */
export const DEPLOYED_IMAGE_OUTPUT = "deployed_image_tag";

/** Where a stack's image tag comes from. */
export type ImageTagSource = "TF_VAR_image_tag" | "state" | "configuration";

/** An image tag and where it comes from, or why it is unknown. */
export type ImageTagLookup =
  | { readonly tag: string; readonly source: ImageTagSource }
  | { readonly error: string };

/** Whether a synthesized stack takes the `image_tag` variable (the API and jobs stacks). */
export function takesImageTag(stack: SynthesizedStack): boolean {
  const json = JSON.parse(
    fs.readFileSync(path.join(stack.dir, "cdk.tf.json"), "utf8"),
  );
  return json.variable?.[IMAGE_TAG_VARIABLE] !== undefined;
}

/** The configured environment a stack belongs to (by its name), if any. */
export function environmentOfStack(
  stackName: string,
  environments: readonly EnvironmentConfig[] = Object.values(
    PIPELINE_CONFIG.environments,
  ),
): EnvironmentConfig | undefined {
  return environments.find((e) =>
    stackName.startsWith(LayerStack.stackName(e, "")),
  );
}

/**
 * The tag environment `e` runs: its API stack's `deployed_image_tag` (init
 * with `options`, then `terraform output`), else the configured tag when
 * the stack has no such output yet (never deployed: its first deploy runs
 * the configured tag). An error when the stack is not synthesized in
 * `stacks` or Terraform fails: never a guess.
 */
export async function deployedImageTag(
  e: EnvironmentConfig,
  stacks: readonly SynthesizedStack[],
  options: CommonOptions,
  env: NodeJS.ProcessEnv,
): Promise<ImageTagLookup> {
  const name = LayerStack.stackName(e, "api");
  const stack = stacks.find((s) => s.name === name);
  if (!stack)
    return {
      error: `no synthesized API stack of ${e.name} in ${options.outdir}`,
    };
  const init = await initStack(stack, options, env);
  if (init.code !== 0)
    return { error: `terraform init of ${name} failed: ${errorSummary(init)}` };
  const out = await runTerraform(["output", "-json"], { cwd: stack.dir, env });
  if (out.code !== 0)
    return {
      error: `terraform output of ${name} failed: ${errorSummary(out)}`,
    };
  const tag = (JSON.parse(out.stdout) as Record<string, { value?: unknown }>)[
    DEPLOYED_IMAGE_OUTPUT
  ]?.value;
  return typeof tag === "string"
    ? { tag, source: "state" }
    : { tag: e.api.imageTag, source: "configuration" };
}
