/**
 * The commands GitHub Actions runs (docs/delivery.md), so that workflows
 * only orchestrate tested code:
 *
 *   npm run delivery -- matrix                        environments, accounts, role ARNs (JSON, from config)
 *   npm run delivery -- stacks <environment>          the environment's stacks CI deploys, in order
 *   npm run delivery -- affected --head DIR [--base DIR] [--environment E]
 *   npm run delivery -- backend-config <environment> --out FILE
 *                                                     backend override: the read-only state role
 *   npm run delivery -- plan-summary --plan-dir DIR [--title T] [--json FILE]
 *   npm run delivery -- promotable <environment> --sha SHA
 *   npm run delivery -- rollout <environment> --image-tag TAG [--health-url URL] [--report FILE]
 *   npm run delivery -- drift-notify <environment> --exit-code N --report FILE [--body-file FILE]
 *   npm run delivery -- drift-targets [--schedule CRON] [--environment E|all]
 *                                                     matrix rows of the environments a drift run checks
 *   npm run delivery -- current-image <environment> [--backend-config FILE]
 *                                                     the image tag the API stack runs (its state), else the configured one
 *
 * Common option: --outdir DIR (synthesized output, default $CDKTF_OUTDIR or cdktf.out).
 * Exit 0 on success, 1 on an error; drift-notify exits 2 on drift.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import {
  EnvironmentConfig,
  EnvironmentName,
  ENVIRONMENT_NAMES,
  PIPELINE_CONFIG,
  PipelineConfig,
  promotionOrder,
} from "../../config";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { CiStack } from "../../stacks/ci-stack";
import { LayerStack } from "../../stacks/layer-stack";
import { IMAGE_TAG_VARIABLE } from "../../stacks/api-stack";
import {
  defaultOutdir,
  errorSummary,
  initStack,
  readStacks,
  runCommandLine,
  SynthesizedStack,
  UsageError,
  CommandOutput,
} from "../stack-workdir";
import { deployOrder } from "../deploy";
import { runTerraform, terraformEnv } from "../terraform";
import { affectedStacks } from "./affected";
import { driftVerdict } from "./drift-notify";
import { formatSummary, StackPlanSummary, summarizePlan } from "./plan-summary";
import { GithubDeployment, wasDeployed } from "./promotion";
import { checkHealth, describeWithAwsCli, run, waitForStable } from "./rollout";

const ok = (stdout: string, stderr = ""): CommandOutput => ({
  code: 0,
  stdout,
  stderr,
});

function environmentOf(
  config: PipelineConfig,
  name: string | undefined,
): EnvironmentConfig {
  if (!name || !(ENVIRONMENT_NAMES as readonly string[]).includes(name))
    throw new UsageError(
      `environment "${name ?? ""}": must be one of ${ENVIRONMENT_NAMES.join(", ")}`,
    );
  return config.environments[name as EnvironmentName];
}

/** The stacks of an environment CI deploys, in dependency order: all but its `-ci` stack (an administrator's). */
export function deployableStacks(
  stacks: readonly SynthesizedStack[],
  environment: EnvironmentConfig,
): string[] {
  const prefix = `${environment.project}-${environment.name}-`;
  const mine = stacks.filter(
    (s) =>
      s.name.startsWith(prefix) &&
      s.name !== LayerStack.stackName(environment, "ci"),
  );
  // The dependencies of a deployable stack are deployable too: none is missing.
  return deployOrder(mine, false).map((s) => s.name);
}

/** One matrix row per environment, in promotion order. */
export function matrix(config: PipelineConfig) {
  return promotionOrder(config.delivery).map((name) => {
    const env = config.environments[name];
    const d = config.delivery.environments[name];
    return {
      environment: name,
      githubEnvironment: d.githubEnvironment,
      promotedFrom: d.promotedFrom,
      accountId: env.accountId,
      region: env.region,
      deployRoleArn: CiStack.roleArn(env, CiStack.deployRoleName(env)),
      planRoleArn: CiStack.roleArn(env, CiStack.planRoleName(env)),
      apiStack: LayerStack.stackName(env, "api"),
      jobsStack: LayerStack.stackName(env, "jobs"),
    };
  });
}

/**
 * Text of a `-backend-config` file that points the S3 backend at the
 * environment's read-only state role and turns locking off (the role may
 * write no lock file or lock item: a pull request can neither plant nor
 * break the lock of a running apply; docs/access.md).
 */
export function readOnlyBackendConfig(
  config: PipelineConfig,
  environment: EnvironmentName,
): string {
  if (config.state.backend !== "s3")
    throw new UsageError(
      `state.backend is "${config.state.backend}": there is no S3 backend to point at a read-only role`,
    );
  // An empty table name turns DynamoDB locking off, as use_lockfile = false the lock file.
  const table =
    config.state.locking === "lockfile" ? "" : 'dynamodb_table = ""\n';
  return `assume_role = {\n  role_arn = "${BootstrapStack.readRoleArn(config.state, environment)}"\n}\nuse_lockfile = false\n${table}`;
}

async function planSummary(
  planDir: string,
  outdir: string,
): Promise<StackPlanSummary[]> {
  if (!fs.existsSync(planDir))
    throw new UsageError(`--plan-dir ${planDir}: no such folder`);
  const files = fs
    .readdirSync(planDir)
    .filter((f) => f.endsWith(".tfplan") || f.endsWith(".json"))
    .sort();
  const stacks = files.some((f) => f.endsWith(".tfplan"))
    ? readStacks(outdir)
    : [];
  const summaries: StackPlanSummary[] = [];
  for (const file of files) {
    const stack = file.replace(/\.(tfplan|json)$/, "");
    const full = path.resolve(planDir, file);
    if (file.endsWith(".json")) {
      try {
        summaries.push(
          summarizePlan(stack, JSON.parse(fs.readFileSync(full, "utf8"))),
        );
      } catch (error) {
        summaries.push({
          stack,
          add: 0,
          change: 0,
          destroy: 0,
          destroyed: [],
          error: `unreadable: ${error}`,
        });
      }
      continue;
    }
    const dir = stacks.find((s) => s.name === stack)?.dir;
    if (!dir)
      throw new UsageError(
        `${file}: no synthesized stack ${stack} in ${outdir}`,
      );
    const show = await runTerraform(["show", "-json", "-no-color", full], {
      cwd: dir,
      env: terraformEnv(process.env),
    });
    summaries.push(
      show.code === 0
        ? summarizePlan(stack, JSON.parse(show.stdout))
        : {
            stack,
            add: 0,
            change: 0,
            destroy: 0,
            destroyed: [],
            error: `terraform show failed: ${show.stderr.trim().split("\n")[0]}`,
          },
    );
  }
  return summaries;
}

async function githubDeployments(
  githubEnvironment: string,
  sha: string,
  env: NodeJS.ProcessEnv,
): Promise<GithubDeployment[]> {
  const api = env.GITHUB_API_URL ?? "https://api.github.com";
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !env.GITHUB_TOKEN)
    throw new UsageError("promotable needs GITHUB_REPOSITORY and GITHUB_TOKEN");
  const get = async (url: string) => {
    const response = await fetch(url, {
      headers: {
        Authorization: `Bearer ${env.GITHUB_TOKEN}`,
        Accept: "application/vnd.github+json",
      },
    });
    if (!response.ok)
      throw new Error(`GET ${url}: ${response.status} ${response.statusText}`);
    return response.json() as Promise<Record<string, unknown>[]>;
  };
  const query = `environment=${encodeURIComponent(githubEnvironment)}&sha=${encodeURIComponent(sha)}&per_page=100`;
  const deployments = await get(`${api}/repos/${repo}/deployments?${query}`);
  return Promise.all(
    deployments.map(async (d) => ({
      sha: String(d.sha),
      environment: String(d.environment),
      statuses: (await get(String(d.statuses_url))).map((s) => ({
        state: String(s.state),
      })),
    })),
  );
}

/** The delivery command. */
export async function runDeliveryCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  config: PipelineConfig = PIPELINE_CONFIG,
): Promise<CommandOutput> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        outdir: { type: "string" },
        head: { type: "string" },
        base: { type: "string" },
        environment: { type: "string" },
        out: { type: "string" },
        "plan-dir": { type: "string" },
        title: { type: "string" },
        json: { type: "string" },
        sha: { type: "string" },
        "image-tag": { type: "string" },
        "health-url": { type: "string" },
        "health-attempts": { type: "string" },
        "timeout-seconds": { type: "string" },
        "skip-deploy": { type: "boolean" },
        report: { type: "string" },
        "exit-code": { type: "string" },
        "run-url": { type: "string" },
        "body-file": { type: "string" },
        schedule: { type: "string" },
        "backend-config": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: o, positionals } = parsed;
  const [command, target] = positionals;
  const outdir = o.outdir ? path.resolve(o.outdir) : defaultOutdir(env);
  switch (command) {
    case "matrix":
      return ok(`${JSON.stringify(matrix(config))}\n`);
    case "stacks":
      return ok(
        `${deployableStacks(readStacks(outdir), environmentOf(config, target)).join("\n")}\n`,
      );
    case "affected": {
      if (!o.head)
        throw new UsageError(
          "affected needs --head DIR (the pull request's synthesized output)",
        );
      let names = affectedStacks(o.base, path.resolve(o.head));
      if (o.environment) {
        const e = environmentOf(config, o.environment);
        names = names.filter((n) => n.startsWith(`${e.project}-${e.name}-`));
      }
      return ok(names.length > 0 ? `${names.join("\n")}\n` : "");
    }
    case "backend-config": {
      const text = readOnlyBackendConfig(
        config,
        environmentOf(config, target).name,
      );
      if (!o.out) return ok(text);
      fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
      fs.writeFileSync(o.out, text);
      return ok(`${path.resolve(o.out)}\n`);
    }
    case "plan-summary": {
      if (!o["plan-dir"])
        throw new UsageError("plan-summary needs --plan-dir DIR");
      const summaries = await planSummary(o["plan-dir"], outdir);
      if (o.json)
        fs.writeFileSync(o.json, `${JSON.stringify(summaries, null, 2)}\n`);
      return {
        code: summaries.some((s) => s.error) ? 1 : 0,
        stdout: formatSummary(o.title ?? "Terraform plan", summaries),
        stderr: "",
      };
    }
    case "promotable": {
      const e = environmentOf(config, target);
      const from = config.delivery.environments[e.name].promotedFrom;
      if (!o.sha || !/^[0-9a-f]{40}$/.test(o.sha))
        throw new UsageError(
          `--sha ${o.sha ?? ""}: must be a full 40-character commit SHA`,
        );
      if (from === "")
        throw new UsageError(
          `${e.name} is deployed from ${config.delivery.defaultBranch}, not promoted`,
        );
      const source = config.delivery.environments[from].githubEnvironment;
      const yes = wasDeployed(
        await githubDeployments(source, o.sha, env),
        source,
        o.sha,
      );
      return yes
        ? ok(`${o.sha} runs in ${from}: it may be promoted to ${e.name}\n`)
        : {
            code: 1,
            stdout: "",
            stderr: `${o.sha} has no successful deployment to ${from} (GitHub environment "${source}"): promote it there first\n`,
          };
    }
    case "rollout":
      return rollout(environmentOf(config, target), o, outdir, env);
    case "drift-notify": {
      const e = environmentOf(config, target);
      if (o["exit-code"] === undefined || !o.report)
        throw new UsageError(
          "drift-notify needs --exit-code N and --report FILE",
        );
      const verdict = driftVerdict(
        e.name,
        Number(o["exit-code"]),
        o.report,
        o["run-url"] ?? "",
      );
      if (o["body-file"]) fs.writeFileSync(o["body-file"], verdict.body);
      return {
        code: verdict.exitCode,
        stdout: `${verdict.status}: ${verdict.title}\n`,
        stderr: verdict.body ? `${verdict.body}\n` : "",
      };
    }
    case "drift-targets":
      return ok(
        `${JSON.stringify(driftTargets(config, o.schedule, o.environment))}\n`,
      );
    case "current-image":
      return currentImage(
        environmentOf(config, target),
        outdir,
        o["backend-config"],
        env,
      );
    default:
      throw new UsageError(
        `unknown command "${command ?? ""}": matrix, stacks, affected, backend-config, plan-summary, promotable, rollout, drift-notify, drift-targets, current-image`,
      );
  }
}

/**
 * The environments a drift run checks: those whose `driftCron` is the
 * schedule that fired, or the one asked for (`all`: every environment).
 * Throws when nothing matches: a schedule that checks nothing is a mistake.
 */
export function driftTargets(
  config: PipelineConfig,
  schedule: string | undefined,
  environment: string | undefined,
): ReturnType<typeof matrix> {
  const rows = matrix(config);
  const chosen = schedule
    ? rows.filter(
        (r) =>
          config.delivery.environments[r.environment].driftCron ===
          schedule.trim(),
      )
    : !environment || environment === "all"
      ? rows
      : [
          rows.find(
            (r) => r.environment === environmentOf(config, environment).name,
          )!,
        ];
  if (chosen.length === 0)
    throw new UsageError(
      `--schedule "${schedule}": no environment's driftCron (config/delivery.ts) is this schedule`,
    );
  return chosen;
}

/** The tag the API stack runs now (its state's `deployed_image_tag`), so that an infrastructure deploy keeps it. */
async function currentImage(
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
  return ok(`${tag ?? e.api.imageTag}\n`);
}

type Options = Record<string, string | boolean | undefined>;

async function rollout(
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
  const timeoutSeconds = Number(o["timeout-seconds"] ?? 900);
  const attempts = Number(o["health-attempts"] ?? 10);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
    throw new UsageError(
      `--timeout-seconds ${o["timeout-seconds"]}: must be a whole number of seconds`,
    );
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new UsageError(
      `--health-attempts ${o["health-attempts"]}: must be a whole number of at least 1`,
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

if (require.main === module) runCommandLine((argv) => runDeliveryCommand(argv));
