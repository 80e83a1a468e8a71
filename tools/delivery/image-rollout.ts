/**
 * `npm run delivery -- rollout`: deploys the API stack with a new image tag,
 * waits for the ECS service to settle and checks the API's health, writing a
 * Markdown summary (and a JSON report when asked).
 */
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../config";
import { IMAGE_TAG_VARIABLE } from "../../stacks/api-stack";
import { LayerStack } from "../../stacks/layer-stack";
import { wholeNumberOption } from "../command-line";
import { CommandOutput, readStacks, UsageError } from "../stack-workdir";
import { runTerraform, terraformEnv } from "../terraform";
import { checkHealth, describeWithAwsCli, run, waitForStable } from "./rollout";

/** Options of the command line, by name. */
export type Options = Record<string, string | boolean | undefined>;

/** An option's text; undefined when not given (a flag is never a number's text). */
const optionText = (value: string | boolean | undefined) =>
  typeof value === "string" ? value : undefined;

export async function rollout(
  e: EnvironmentConfig,
  o: Options,
  outdir: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutput> {
  const tag = o["image-tag"];
  if (
    typeof tag !== "string" ||
    !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)
  )
    throw new UsageError(
      `--image-tag ${tag ?? ""}: must be a Docker image tag (the commit SHA)`,
    );
  const timeoutSeconds = wholeNumberOption(
    "timeout-seconds",
    optionText(o["timeout-seconds"]),
    900,
  );
  const attempts = wholeNumberOption(
    "health-attempts",
    optionText(o["health-attempts"]),
    10,
  );
  const stackName = LayerStack.stackName(e, "api");
  const stack = readStacks(outdir).find((s) => s.name === stackName);
  if (!stack)
    throw new UsageError(
      `no synthesized stack ${stackName} in ${outdir}: run npm run synth first`,
    );
  const tfEnv = { ...terraformEnv(env), [`TF_VAR_${IMAGE_TAG_VARIABLE}`]: tag };
  const lines: string[] = [`## Image rollout: ${e.name} -> ${tag}`, ""];
  const report: Record<string, unknown> = {
    environment: e.name,
    stack: stackName,
    imageTag: tag,
  };
  const finish = (code: number, status: string) => {
    report.status = status;
    lines.push("", `**Result: ${status}**`, "");
    if (typeof o.report === "string")
      fs.writeFileSync(o.report, `${JSON.stringify(report, null, 2)}\n`);
    return { code, stdout: `${lines.join("\n")}`, stderr: "" };
  };
  if (!o["skip-deploy"]) {
    const deployScript = path.join(__dirname, "..", "deploy.ts");
    try {
      await run(
        process.execPath,
        [
          "-r",
          "ts-node/register/transpile-only",
          deployScript,
          stackName,
          "--ignore-missing-stack-dependencies",
          "--outdir",
          outdir,
        ],
        tfEnv,
      );
      lines.push(`- deployed ${stackName} with ${IMAGE_TAG_VARIABLE}=${tag}`);
    } catch (error) {
      lines.push(
        `- deploy of ${stackName} failed: ${(error as Error).message}`,
      );
      return finish(1, "deploy-failed");
    }
  }
  const out = await runTerraform(["output", "-json"], {
    cwd: stack.dir,
    env: tfEnv,
  });
  if (out.code !== 0) {
    lines.push(
      `- terraform output failed: ${out.stderr.trim().split("\n")[0]}`,
    );
    return finish(1, "error");
  }
  const outputs = JSON.parse(out.stdout) as Record<string, { value: string }>;
  const value = (name: string) => outputs[name]?.value;
  if (value("deployed_image_tag") !== tag) {
    lines.push(
      `- the stack's deployed_image_tag is ${value("deployed_image_tag")}, not ${tag}`,
    );
    return finish(1, "error");
  }
  const wait = await waitForStable(
    describeWithAwsCli(
      value("ecs_cluster_name"),
      value("ecs_service_name"),
      e.region,
      env,
    ),
    {
      timeoutMs: timeoutSeconds * 1000,
      intervalMs: 15_000,
    },
  );
  report.wait = wait;
  lines.push(
    `- service ${value("ecs_service_name")}: ${wait.outcome} (${wait.detail})`,
  );
  if (wait.outcome !== "stable") return finish(1, wait.outcome);
  const url =
    typeof o["health-url"] === "string"
      ? o["health-url"]
      : `${value("api_url")}${e.api.healthCheckPath}`;
  const health = await checkHealth(url, attempts, 10_000);
  report.health = { url, ...health };
  lines.push(
    `- GET ${url}: ${health.status ?? health.error} after ${health.attempts} attempt(s)`,
  );
  return finish(health.ok ? 0 : 1, health.ok ? "healthy" : "unhealthy");
}
