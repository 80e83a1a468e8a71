/**
 * `npm run delivery -- current-image`: the image tag the API stack runs, read
 * from its state (tools/deployed-image.ts), so that an infrastructure deploy
 * keeps it.
 */
import { EnvironmentConfig } from "../../config";
import { LayerStack } from "../../stacks/layer-stack";
import { deployedImageTag } from "../deployed-image";
import { CommandOutput, readStacks, UsageError } from "../stack-workdir";
import { terraformEnv } from "../terraform";

/** The tag the API stack runs now (its state's `deployed_image_tag`), so that an infrastructure deploy keeps it. */
export async function currentImage(
  e: EnvironmentConfig,
  outdir: string,
  backendConfig: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutput> {
  const stacks = readStacks(outdir);
  if (!stacks.some((s) => s.name === LayerStack.stackName(e, "api")))
    throw new UsageError(`no synthesized API stack of ${e.name} in ${outdir}`);
  const found = await deployedImageTag(
    e,
    stacks,
    {
      outdir,
      backendConfig: backendConfig ? [backendConfig] : [],
      reconfigure: false,
      skipInit: false,
    },
    terraformEnv(env),
  );
  return "error" in found
    ? { code: 1, stdout: "", stderr: `${found.error}\n` }
    : { code: 0, stdout: `${found.tag}\n`, stderr: "" };
}
