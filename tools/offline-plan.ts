/**
 * Offline Terraform verification: `terraform init`, `validate` and `plan` of
 * synthesized stacks with no network and no AWS account.
 *
 * Each stack is planned in a scratch copy (`.scratch/offline-plan/<stack>/`),
 * never in cdktf.out: the copy's backend is local, each AWS provider gets
 * dummy credentials and the skip_* flags (and no allowed_account_ids guard,
 * which needs an account id read from AWS), and each `terraform_remote_state`
 * reads a stub state file holding plausible values for every output of the
 * producing stack.
 *
 * CLI: `npm run plan:offline -- [stack-name-or-glob ...] [--outdir <dir>]`
 * (after a synth); exit 0 when every plan succeeded, 1 otherwise or for a
 * bad command line.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  CommandOutput,
  parseCommandLine,
  runCommandLine,
  UsageError,
} from "./command-line";
import { readStackJsons, StackJson } from "./manifest";
import { defaultOutdir, globPattern } from "./stack-workdir";
import { scratchDir } from "./scratch";
import { mapWithLimit } from "./worker-pool";
import { runTerraform, terraformEnv } from "./terraform";

// Re-exported: tests and tools/emulator/platform.ts import them from here.
export type { StackJson };
/** Every stack of an output folder: name → Terraform JSON (tools/manifest.ts, the one manifest reader). */
export { readStackJsons as readSynthesizedStacks } from "./manifest";

/** Dummy credentials and the flags that keep the AWS provider from calling AWS at plan time. */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: "AKIAOFFLINEPLAN00000",
  secret_key: "offline-plan-dummy-secret-key",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
} as const;

/** Region and account the stub values of remote state are made in. */
export interface StubContext {
  readonly region: string;
  readonly accountId: string;
}

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

const ID_PREFIXES: Record<string, string> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_route_table: "rtb-",
  aws_internet_gateway: "igw-",
  aws_nat_gateway: "nat-",
  aws_vpc_endpoint: "vpce-",
};

const ARN_SERVICES: Record<string, string> = {
  aws_kms_key: "kms",
  aws_sns_topic: "sns",
  aws_db_instance: "rds",
  aws_secretsmanager_secret: "secretsmanager",
  aws_security_group: "ec2",
  aws_iam_role: "iam",
  aws_cloudwatch_log_group: "logs",
  aws_lb: "elasticloadbalancing",
  aws_ecs_cluster: "ecs",
  aws_ecr_repository: "ecr",
  aws_s3_bucket: "s3",
};

function stubArn(
  type: string,
  attribute: string,
  seed: string,
  ctx: StubContext,
): string {
  if (attribute.includes("secret"))
    return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!db-${hex(seed, 8)}-AbCdEf`;
  if (type === "aws_kms_key")
    return `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${hex(seed, 8)}-0000-4000-8000-${hex(seed, 12)}`;
  if (type === "aws_sns_topic")
    return `arn:aws:sns:${ctx.region}:${ctx.accountId}:stub-${hex(seed, 8)}`;
  if (type === "aws_iam_role")
    return `arn:aws:iam::${ctx.accountId}:role/stub-${hex(seed, 8)}`;
  if (type === "aws_s3_bucket") return `arn:aws:s3:::stub-${hex(seed, 8)}`;
  const service = ARN_SERVICES[type] ?? type.replace(/^aws_/, "").split("_")[0];
  return `arn:aws:${service}:${ctx.region}:${ctx.accountId}:stub/${hex(seed, 12)}`;
}

/**
 * Prepares every AWS provider of `json` (in place) to run without an AWS
 * account: drops `allowed_account_ids` (the guard reads the account id from
 * AWS), assumed roles and profiles, and sets `settings` (dummy keys, skip
 * flags, endpoints).
 */
export function withoutAwsAccountGuards(
  json: StackJson,
  settings: Readonly<Record<string, unknown>>,
): void {
  const providers = json.provider?.aws;
  for (const provider of Array.isArray(providers)
    ? providers
    : providers
      ? [providers]
      : []) {
    delete provider.allowed_account_ids;
    delete provider.forbidden_account_ids;
    delete provider.assume_role;
    delete provider.profile;
    Object.assign(provider, settings);
  }
}

/**
 * A plausible value for the expression a producer stack outputs, e.g.
 * `${aws_subnet.x.id}` → `subnet-…`: what the consumer's plan needs to be
 * validated by the provider (ARNs must parse, ports are numbers).
 */
export function stubValue(
  expression: unknown,
  seed: string,
  ctx: StubContext,
): unknown {
  if (typeof expression !== "string") return expression;
  const match = /^\$\{([a-z0-9_]+)\.[^.]+\.(.+)\}$/.exec(expression);
  const type = match?.[1] ?? "";
  const attribute = (match?.[2] ?? expression).toLowerCase();
  const leaf = attribute.split(".").pop() ?? attribute;
  if (leaf.endsWith("arn")) return stubArn(type, attribute, seed, ctx);
  if (leaf === "port") return 5432;
  if (leaf.includes("cidr")) return "10.0.0.0/16";
  if (leaf === "address" || leaf === "endpoint" || leaf === "dns_name")
    return `stub-${hex(seed, 8)}.${ctx.region}.example.internal`;
  if (leaf === "id" && type in ID_PREFIXES)
    return `${ID_PREFIXES[type]}${hex(seed, 17)}`;
  if (leaf === "id" && (type === "aws_kms_key" || type === "aws_sns_topic"))
    return stubArn(type, attribute, seed, ctx);
  if (leaf === "db_name") return "stub_database";
  return `stub-${hex(seed, 12)}`;
}

/** A state file (format 4) holding stub values for every output of `producer`. */
export function stubState(producer: StackJson, ctx: StubContext): object {
  const outputs: Record<
    string,
    { value: unknown; type: string; sensitive?: boolean }
  > = {};
  for (const [name, output] of Object.entries<{
    value: unknown;
    sensitive?: boolean;
  }>(producer.output ?? {})) {
    const value = stubValue(output.value, name, ctx);
    outputs[name] = {
      value,
      type: typeof value === "number" ? "number" : "string",
      ...(output.sensitive ? { sensitive: true } : {}),
    };
  }
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "offline-plan-stub",
    outputs,
    resources: [],
  };
}

const REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

/** Names the stack a remote state data source reads, from cdktf's naming or the backend key. */
export function producerOf(
  dataSourceName: string,
  config: StackJson,
  stacks: Record<string, StackJson>,
): string | undefined {
  if (dataSourceName.startsWith(REMOTE_STATE_PREFIX)) {
    const name = dataSourceName.slice(REMOTE_STATE_PREFIX.length);
    if (name in stacks) return name;
  }
  const key = config?.config?.key;
  const workspace = config?.config?.workspaces?.name;
  return Object.keys(stacks).find((name) => {
    const terraform = stacks[name].terraform ?? {};
    return (
      (key && terraform.backend?.s3?.key === key) ||
      (workspace && terraform.cloud?.workspaces?.name === workspace)
    );
  });
}

/**
 * The scratch copy of a stack: local backend, offline provider settings,
 * remote state read from stub files. Returns the JSON and the stub files to
 * write beside it (file name → contents).
 */
export function offlineCopy(
  stack: StackJson,
  stacks: Record<string, StackJson>,
  ctx: StubContext,
): { json: StackJson; stubFiles: Record<string, object> } {
  const json: StackJson = JSON.parse(JSON.stringify(stack));
  const terraform = json.terraform ?? {};
  delete terraform.backend;
  delete terraform.cloud;
  terraform.backend = { local: { path: "terraform.tfstate" } };
  json.terraform = terraform;

  withoutAwsAccountGuards(json, OFFLINE_PROVIDER_SETTINGS);

  const stubFiles: Record<string, object> = {};
  for (const [name, source] of Object.entries<StackJson>(
    json.data?.terraform_remote_state ?? {},
  )) {
    const producer = producerOf(name, source, stacks);
    if (!producer)
      throw new Error(
        `offline plan: cannot tell which stack data.terraform_remote_state.${name} reads`,
      );
    const file = `stub-${producer}.tfstate`;
    stubFiles[file] = stubState(stacks[producer], ctx);
    json.data.terraform_remote_state[name] = {
      backend: "local",
      config: { path: file },
    };
  }
  return { json, stubFiles };
}

/** Outcome of one step (init, validate, plan, show) of one stack. */
export interface StepResult {
  readonly step: string;
  readonly code: number;
  readonly output: string;
}

/** Outcome of the offline verification of one stack. */
export interface StackPlanResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly steps: readonly StepResult[];
  /** Path of `terraform show -json` of the plan, when the plan succeeded. */
  readonly planJsonPath?: string;
  readonly seconds: number;
}

function stubContextOf(stack: StackJson): StubContext {
  const providers = stack.provider?.aws;
  const main =
    (Array.isArray(providers) ? providers : [providers]).find(
      (p) => p && !p.alias,
    ) ?? {};
  return {
    region: main.region ?? "af-south-1",
    accountId: main.allowed_account_ids?.[0] ?? "123456789012",
  };
}

/** Runs init, validate, plan and show -json for one stack in `scratchRoot/<stack>`. */
export async function planStack(
  name: string,
  stacks: Record<string, StackJson>,
  scratchRoot: string,
  env: NodeJS.ProcessEnv = terraformEnv(),
): Promise<StackPlanResult> {
  const started = Date.now();
  const dir = path.join(scratchRoot, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const steps: StepResult[] = [];
  const finish = (ok: boolean, planJsonPath?: string): StackPlanResult => ({
    stack: name,
    ok,
    steps,
    planJsonPath,
    seconds: (Date.now() - started) / 1000,
  });
  try {
    const { json, stubFiles } = offlineCopy(
      stacks[name],
      stacks,
      stubContextOf(stacks[name]),
    );
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify(json, null, 2),
    );
    for (const [file, state] of Object.entries(stubFiles))
      fs.writeFileSync(path.join(dir, file), JSON.stringify(state, null, 2));
  } catch (error) {
    steps.push({ step: "prepare", code: 1, output: String(error) });
    return finish(false);
  }
  const commands: [string, string[]][] = [
    ["init", ["init", "-input=false", "-no-color"]],
    ["validate", ["validate", "-no-color"]],
    [
      "plan",
      ["plan", "-input=false", "-lock=false", "-no-color", "-out=tfplan"],
    ],
    ["show", ["show", "-json", "-no-color", "tfplan"]],
  ];
  for (const [step, args] of commands) {
    const result = await runTerraform(args, { cwd: dir, env });
    steps.push({
      step,
      code: result.code,
      output:
        step === "show" ? result.stderr : `${result.stdout}${result.stderr}`,
    });
    if (result.code !== 0) return finish(false);
    if (step === "show") {
      const planJsonPath = path.join(dir, "plan.json");
      fs.writeFileSync(planJsonPath, result.stdout);
      return finish(true, planJsonPath);
    }
  }
  return finish(false);
}

/** Plans `names` with at most `concurrency` Terraform runs at once. */
export async function planStacks(
  names: readonly string[],
  stacks: Record<string, StackJson>,
  scratchRoot: string,
  concurrency = Math.max(1, Math.min(3, os.cpus().length)),
): Promise<StackPlanResult[]> {
  const env = terraformEnv();
  return mapWithLimit(names, concurrency, (name) =>
    planStack(name, stacks, scratchRoot, env),
  );
}

const USAGE = `Usage: npm run plan:offline -- [stack-name-or-glob ...] [options]

Options:
  --outdir <dir>   synthesized output folder (default $CDKTF_OUTDIR or cdktf.out)
  --help           this text

Exit: 0 every plan succeeded, 1 a plan failed or a bad command line.`;

/** The plan:offline command: plans the stacks the arguments name (all by default). */
export async function runOfflinePlanCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandOutput> {
  const { values, positionals } = parseCommandLine(argv, {
    outdir: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) return { code: 0, stdout: "", stderr: `${USAGE}\n` };
  const outdir = values.outdir
    ? path.resolve(values.outdir)
    : defaultOutdir(env);
  const stacks = readStackJsons(outdir);
  const patterns =
    positionals.length > 0 ? positionals.map(globPattern) : [/.*/];
  const names = Object.keys(stacks).filter((n) =>
    patterns.some((p) => p.test(n)),
  );
  if (names.length === 0)
    throw new UsageError(
      `No synthesized stack matches ${positionals.join(" ")} in ${outdir}. Stacks: ${Object.keys(stacks).join(", ")}`,
    );
  const scratch = scratchDir("offline-plan");
  const results = await planStacks(names, stacks, scratch);
  const lines: string[] = [];
  for (const r of results) {
    const failed = r.steps.find((s) => s.code !== 0);
    lines.push(
      `${r.ok ? "ok  " : "FAIL"} ${r.stack} (${r.seconds.toFixed(1)} s)${failed ? ` - ${failed.step} failed:\n${failed.output}` : ""}`,
    );
    if (r.ok)
      lines.push(
        `     plan JSON: ${path.relative(process.cwd(), r.planJsonPath!)}`,
      );
  }
  return {
    code: results.every((r) => r.ok) ? 0 : 1,
    stdout: `${lines.join("\n")}\n`,
    stderr: "",
  };
}

if (require.main === module) runCommandLine(runOfflinePlanCommand, USAGE);
