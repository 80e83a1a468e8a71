/**
 * `npm run delivery -- current-image`: the image tag the API stack runs, read
 * from its state, so that an infrastructure deploy keeps it.
 */
import { EnvironmentConfig } from "../../config";
import { LayerStack } from "../../stacks/layer-stack";
import {
  CommandOutput,
  errorSummary,
  initStack,
  readStacks,
  UsageError,
} from "../stack-workdir";
import { runTerraform, terraformEnv } from "../terraform";

/** The tag the API stack runs now (its state's `deployed_image_tag`), so that an infrastructure deploy keeps it. */
export async function currentImage(
  e: EnvironmentConfig,
  outdir: string,
  backendConfig: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutput> {
  const stack = readStacks(outdir).find(
    (s) => s.name === LayerStack.stackName(e, "api"),
  );
  if (!stack)
    throw new UsageError(`no synthesized API stack of ${e.name} in ${outdir}`);
  const tfEnv = terraformEnv(env);
  const init = await initStack(
    stack,
    {
      outdir,
      backendConfig: backendConfig ? [backendConfig] : [],
      reconfigure: false,
      skipInit: false,
    },
    tfEnv,
  );
  if (init.code !== 0)
    return {
      code: 1,
      stdout: "",
      stderr: `terraform init failed: ${errorSummary(init)}\n`,
    };
  const out = await runTerraform(["output", "-json"], {
    cwd: stack.dir,
    env: tfEnv,
  });
  if (out.code !== 0)
    return {
      code: 1,
      stdout: "",
      stderr: `terraform output failed: ${errorSummary(out)}\n`,
    };
  const tag = (JSON.parse(out.stdout) as Record<string, { value?: string }>)
    .deployed_image_tag?.value;
  // No output yet: the stack was never deployed, and its first deploy runs the configured tag.
  return { code: 0, stdout: `${tag ?? e.api.imageTag}\n`, stderr: "" };
}
