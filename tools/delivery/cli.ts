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
import { PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { numberOption } from "../command-line";
import {
  CommandOutput,
  defaultOutdir,
  readStacks,
  runCommandLine,
  UsageError,
} from "../stack-workdir";
import { affectedStacks } from "./affected";
import { currentImage } from "./current-image";
import { driftVerdict } from "./drift-notify";
import {
  deployableStacks,
  driftTargets,
  environmentOf,
  matrix,
  readOnlyBackendConfig,
} from "./environments";
import { rollout } from "./image-rollout";
import { planSummary } from "./plan-dir";
import { formatSummary } from "./plan-summary";
import { githubDeployments, wasDeployed } from "./promotion";

const ok = (stdout: string, stderr = ""): CommandOutput => ({
  code: 0,
  stdout,
  stderr,
});

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
        numberOption("exit-code", o["exit-code"], {
          whole: true,
          max: 255,
        }),
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

if (require.main === module) runCommandLine((argv) => runDeliveryCommand(argv));
