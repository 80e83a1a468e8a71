/**
 * What the delivery workflows read from the configuration: the matrix rows
 * of the environments, the stacks CI deploys, the read-only backend
 * override, and the environments a drift run checks.
 */
import {
  EnvironmentConfig,
  EnvironmentName,
  ENVIRONMENT_NAMES,
  PipelineConfig,
  promotionOrder,
} from "../../config";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { CiStack } from "../../stacks/ci-stack";
import { LayerStack } from "../../stacks/layer-stack";
import { deployOrder } from "../deploy";
import { SynthesizedStack, UsageError } from "../stack-workdir";

/** The environment named `name`; a UsageError naming the known ones otherwise. */
export function environmentOf(
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

/** Text of a `-backend-config` file that points the S3 backend at the environment's read-only state role. */
export function readOnlyBackendConfig(
  config: PipelineConfig,
  environment: EnvironmentName,
): string {
  if (config.state.backend !== "s3")
    throw new UsageError(
      `state.backend is "${config.state.backend}": there is no S3 backend to point at a read-only role`,
    );
  return `assume_role = {\n  role_arn = "${BootstrapStack.readRoleArn(config.state, environment)}"\n}\n`;
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
