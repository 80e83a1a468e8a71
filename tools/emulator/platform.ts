/**
 * The platform on moto: the bootstrap in the state account, then each
 * environment's stacks in that environment's own account, through the real
 * S3 backend and `npm run deploy` (tools/deploy.ts), from the redirected
 * copy of a synthesized output folder (redirect.ts). Used by the emulator
 * tests and by the sandbox.
 *
 * Accounts come from the synthesized JSON as it is: each stack's
 * `allowed_account_ids`. Credentials for an account are assumed through
 * moto's STS (moto.ts), so the provider's account guard and the backend's
 * `assume_role` into the state account run as synthesized.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { loadConfig, PIPELINE_CONFIG, PipelineConfig } from "../../config";
import { createBootstrapStack } from "../../stacks/bootstrap-stack";
import {
  DeployCommandOutput,
  deployOrder,
  OutcomeListener,
  runDeployCommand,
} from "../deploy";
import { readManifest } from "../manifest";
import { readSynthesizedStacks, StackJson } from "../offline-plan";
import { selectStacks } from "../stack-workdir";
import { runTerraform, terraformEnv, TerraformResult } from "../terraform";
import { resourcesForgottenBeforeDestroy } from "./gaps";
import {
  AwsCredentials,
  awsEnv,
  credentialsIn,
  MotoServer,
  ROOT_CREDENTIALS,
} from "./moto";
import { OVERRIDE_FILE, emulatorOverride, writeEmulatedCopy } from "./redirect";

/** Upper bound of one terraform command of the harness. */
const TERRAFORM_TIMEOUT_MS = 20 * 60_000;

/** The first AWS provider's `allowed_account_ids[0]` of a stack. */
export function accountOf(stack: StackJson): string {
  const providers = stack.provider?.aws;
  const main = (Array.isArray(providers) ? providers : [providers])[0];
  const account = main?.allowed_account_ids?.[0];
  if (!account) throw new Error("stack has no allowed_account_ids");
  return account;
}

/** A synthesized folder with the bootstrap of `config` whose state lives in S3. */
export function synthesizeMigratedBootstrap(
  outdir: string,
  config: PipelineConfig = PIPELINE_CONFIG,
): StackJson {
  const loaded = loadConfig(
    { ...config, state: { ...config.state, bootstrapState: "s3" } },
    [],
  );
  const app = new App({ outdir, skipValidation: true });
  const stack = createBootstrapStack(app, loaded.state);
  if (!stack) throw new Error("state.backend is not s3: nothing to bootstrap");
  app.synth();
  return readSynthesizedStacks(outdir)[stack.node.id];
}

/** The platform's stacks on one moto server. */
export class EmulatedPlatform {
  /** The redirected copy: `<workDir>/cdktf.out`. */
  public readonly outdir: string;
  public readonly stacks: Readonly<Record<string, StackJson>>;
  private readonly credentials = new Map<string, Promise<AwsCredentials>>();

  /**
   * @param moto the running server
   * @param synthesized a synthesized output folder (cdktf.out) to copy;
   *   undefined reuses the copy an earlier platform wrote to `workDir`
   * @param workDir scratch folder of this platform (the bootstrap's local
   *   state file lands here, as at a project root)
   */
  constructor(
    public readonly moto: MotoServer,
    synthesized: string | undefined,
    public readonly workDir: string,
  ) {
    this.outdir = path.join(workDir, "cdktf.out");
    if (synthesized !== undefined) writeEmulatedCopy(synthesized, this.outdir);
    this.stacks = readSynthesizedStacks(this.outdir);
  }

  /** The bootstrap stack's name. */
  get bootstrapStack(): string {
    const name = Object.keys(this.stacks).find((n) => n.endsWith("-bootstrap"));
    if (!name) throw new Error("no bootstrap stack synthesized");
    return name;
  }

  /**
   * Every stack of an environment, in the order `npm run deploy --
   * <environment>` deploys them: the manifest's dependencies, ties by name
   * (vpc, database, api, ci, jobs); `--destroy` takes the reverse.
   */
  stacksOf(environment: string): string[] {
    return deployOrder(
      selectStacks(readManifest(this.outdir), [environment]),
      false,
    ).map((s) => s.name);
  }

  /** An environment's stack of one layer (`vpc`, `api`, `jobs`, ...). */
  stackOf(environment: string, layer: string): string {
    const name = this.stacksOf(environment).find((n) =>
      n.endsWith(`-${environment}-${layer}`),
    );
    if (!name)
      throw new Error(`no synthesized ${layer} stack of ${environment}`);
    return name;
  }

  /** The account an environment's (or the bootstrap's) stacks are pinned to. */
  accountOfEnvironment(environment: string): string {
    const stack =
      environment === "bootstrap"
        ? this.stacks[this.bootstrapStack]
        : this.stacks[this.stacksOf(environment)[0]];
    if (!stack) throw new Error(`no synthesized stacks of ${environment}`);
    return accountOf(stack);
  }

  /** Credentials acting in `account` (assumed once, then reused). */
  credentialsFor(account: string): Promise<AwsCredentials> {
    if (!this.credentials.has(account))
      this.credentials.set(account, credentialsIn(this.moto.endpoint, account));
    return this.credentials.get(account)!;
  }

  /** The process environment for commands in `account` (terraform, aws, npm run ...). */
  async envFor(
    account: string,
    extra: NodeJS.ProcessEnv = {},
  ): Promise<NodeJS.ProcessEnv> {
    return {
      ...terraformEnv(
        awsEnv(this.moto.endpoint, await this.credentialsFor(account)),
      ),
      ...extra,
    };
  }

  /** The environment with moto's root identity (account 123456789012): owns no stack. */
  rootEnv(): NodeJS.ProcessEnv {
    return terraformEnv(awsEnv(this.moto.endpoint, ROOT_CREDENTIALS));
  }

  /** Folder of a stack in the redirected copy. */
  stackDir(stack: string): string {
    return path.join(this.outdir, "stacks", stack);
  }

  /** Runs terraform in a stack's folder of the copy. */
  terraform(
    stack: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ): Promise<TerraformResult> {
    return runTerraform(args, {
      cwd: this.stackDir(stack),
      env,
      timeoutMs: TERRAFORM_TIMEOUT_MS,
    });
  }

  /**
   * `npm run deploy -- <targets> --outdir <copy> ...` with `account`'s
   * credentials; `onOutcome` hears of each stack as soon as it is done.
   */
  async deploy(
    targets: readonly string[],
    account: string,
    args: readonly string[] = [],
    extraEnv: NodeJS.ProcessEnv = {},
    onOutcome?: OutcomeListener,
  ): Promise<DeployCommandOutput> {
    return runDeployCommand(
      [...targets, "--outdir", this.outdir, ...args],
      await this.envFor(account, extraEnv),
      onOutcome,
    );
  }

  /**
   * The documented bootstrap: apply with local state (as synthesized),
   * then re-synthesize with `bootstrapState: "s3"` and `terraform init
   * -migrate-state` into the bucket it created.
   */
  async bootstrap(): Promise<{
    apply: DeployCommandOutput;
    migrate?: TerraformResult;
  }> {
    const name = this.bootstrapStack;
    const account = this.accountOfEnvironment("bootstrap");
    const apply = await this.deploy([name], account);
    if (apply.code !== 0) return { apply };
    const migrated = synthesizeMigratedBootstrap(
      path.join(this.workDir, "bootstrap-s3.out"),
    );
    const dir = this.stackDir(name);
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify(migrated, null, 2),
    );
    fs.writeFileSync(
      path.join(dir, OVERRIDE_FILE),
      `${JSON.stringify(emulatorOverride(migrated), null, 2)}\n`,
    );
    (this.stacks as Record<string, StackJson>)[name] = migrated;
    const migrate = await this.terraform(
      name,
      ["init", "-input=false", "-no-color", "-migrate-state", "-force-copy"],
      await this.envFor(account),
    );
    return { apply, migrate };
  }

  /**
   * Destroys an environment's stacks in reverse order with `npm run deploy
   * -- --destroy`, after removing from state what the gap list says moto
   * cannot delete.
   */
  async destroy(environment: string): Promise<DeployCommandOutput> {
    const account = this.accountOfEnvironment(environment);
    const env = await this.envFor(account);
    const forget = resourcesForgottenBeforeDestroy();
    for (const stack of this.stacksOf(environment)) {
      const addresses = Object.entries(this.stacks[stack].resource ?? {})
        .filter(([type]) => forget.includes(type))
        .flatMap(([type, byName]) =>
          Object.keys(byName as object).map((n) => `${type}.${n}`),
        );
      if (addresses.length === 0) continue;
      const list = await this.terraform(
        stack,
        ["state", "list", "-no-color"],
        env,
      );
      const present = addresses.filter((a) =>
        list.stdout.split("\n").includes(a),
      );
      if (present.length > 0)
        await this.terraform(
          stack,
          ["state", "rm", "-no-color", ...present],
          env,
        );
    }
    return this.deploy([environment], account, ["--destroy"]);
  }

  /** A stack's outputs, name → value (from `terraform state pull`: no provider started). */
  async outputs(
    stack: string,
    account: string,
  ): Promise<Record<string, unknown>> {
    const result = await this.terraform(
      stack,
      ["state", "pull"],
      await this.envFor(account),
    );
    if (result.code !== 0)
      throw new Error(`terraform state pull in ${stack}: ${result.stderr}`);
    return Object.fromEntries(
      Object.entries<{ value: unknown }>(
        JSON.parse(result.stdout || "{}").outputs ?? {},
      ).map(([k, v]) => [k, v.value]),
    );
  }
}
