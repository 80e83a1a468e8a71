/**
 * The whole platform, for real, on moto: the bootstrap into the state
 * account (local state, then migrated into its bucket), then development,
 * staging and production side by side, each in its own account, through
 * the real S3 backend and `npm run deploy`: vpc → database → api → jobs
 * with cross-stack reads of the real outputs, ci beside them; a second plan
 * (only the listed emulator gaps may show); production's account guard;
 * drift from real out-of-band API changes through `npm run drift`
 * (production's: a web ACL rule group switched to count mode); a rollout of
 * a new image tag (in production); and destroy in reverse, checked through
 * the API.
 *
 * The beforeAll starts moto and runs the bootstrap; then the three
 * environments run side by side (most of their time is the provider's RDS
 * waiters), the bootstrap's own checks beside them, and record what
 * happened; each test waits for the phase it asserts on (deploy, replan,
 * drift, rollout, destroy), so a failure or a slow machine costs only the
 * tests after it. Work is kept off development's path, the longest: each
 * stack is planned again as soon as it is applied, independent reads and
 * API calls run side by side. Timings go to
 * `<run dir>/emulator-timings.json` and the test output.
 */
import * as fs from "fs";
import * as path from "path";
import { DeployCommandOutput } from "../../tools/deploy";
import { DriftReport } from "../../tools/drift/cli";
import { only, stateResources } from "../support/aws-state";
import { resourcesForgottenBeforeDestroy } from "../../tools/emulator/gaps";
import { leftovers } from "../support/leftovers";
import {
  awsCli,
  awsJson,
  motoExceptions,
  motoReady,
  MotoServer,
  startMoto,
} from "../../tools/emulator/moto";
import { EmulatedPlatform } from "../../tools/emulator/platform";
import { isAllowed, Replan, replan } from "../support/replan";
import { readManifest } from "../../tools/manifest";
import { TerraformResult } from "../../tools/terraform";
import { runCli, scratchDir } from "../integration/emulated-terraform";
import { synthesizedOutdir, terraformReady } from "../support/plan";
import { countModeByHand } from "../support/waf-count-mode";

const ready = terraformReady() && motoReady();
const describeOnMoto = ready ? describe : describe.skip;
const ENVIRONMENTS = ["development", "staging", "production"] as const;
type Environment = (typeof ENVIRONMENTS)[number];
const NEW_IMAGE_TAG = "0.2.0";
/** Stacks `npm run drift` plans at once in the drift phase. */
const DRIFT_PARALLEL = 3;
/** The inline policy put on the API task role by hand in the drift phase. */
const OUT_OF_BAND_POLICY = "out-of-band-admin";

/** What happened to one environment. */
interface EnvironmentRecord {
  guard?: {
    deploy: DeployCommandOutput;
    vpcsBefore: number;
    vpcsAfter: number;
  };
  deploy?: DeployCommandOutput;
  /** A failed first destroy (printed with moto's exceptions), when it was retried. */
  firstDestroy?: DeployCommandOutput;
  outputs: Record<string, Record<string, unknown>>;
  crossStack?: {
    dbSubnets: string[];
    vpcSubnets: string[];
    vpcOfDbSg: string;
    vpcId: string;
  };
  replans: Replan[];
  drift?: {
    /** The stacks changed by hand, repaired and checked again. */
    stacks: string[];
    before: TerraformResult;
    report?: DriftReport;
    redeploy: DeployCommandOutput;
    /** The API task role's inline policies after the repair deploy. */
    inlinePoliciesAfterRedeploy: string[];
    after: TerraformResult;
    afterReport?: DriftReport;
  };
  /** Production: a web ACL rule group switched to count mode by hand, then `npm run drift` on the API stack. */
  wafDrift?: {
    rule: string;
    result: TerraformResult;
    report?: DriftReport;
  };
  rollout?: {
    revisionBefore: number;
    deploy: DeployCommandOutput;
    revisionAfter: number;
    serviceTaskDefinition: string;
    imageOfRevision: string;
    forceNewDeployment: { code: number; stderr: string };
  };
  migrate?: {
    command: TerraformResult;
    outputs: Record<string, unknown>;
    task?: {
      taskArn: string;
      taskDefinitionArn: string;
      group: string;
      startedBy: string;
      lastStatus: string;
      subnets: string[];
    };
  };
  destroy?: DeployCommandOutput;
  resourcesBeforeDestroy?: number;
  resourcesAfterDestroy?: number;
  leftovers?: Record<string, string[]>;
  timings: Record<string, number>;
  error?: string;
}

/** The phases of an environment's run that tests wait for. */
type Phase = "deploy" | "replan" | "drift" | "rollout" | "migrate" | "destroy";
const PHASES: readonly Phase[] = [
  "deploy",
  "replan",
  "drift",
  "rollout",
  "migrate",
  "destroy",
];
/** Upper bound of one test's wait for its phase (the machine may be shared). */
const PHASE_TIMEOUT_MS = 60 * 60_000;

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited by the tests; a rejection nobody awaits is not an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

const seconds = (started: number) =>
  Math.round((Date.now() - started) / 100) / 10;

/** Each stack's seconds in a deploy or destroy, by layer: `{"apply database": 91.2, ...}`. */
const stackSeconds = (what: string, d: DeployCommandOutput) =>
  Object.fromEntries(
    d.outcomes.map((o) => [
      `${what} ${o.stack.split("-").pop()}`,
      Math.round(o.seconds * 10) / 10,
    ]),
  );

describeOnMoto("the platform deployed, operated and destroyed on moto", () => {
  let moto: MotoServer;
  /** moto's request log: its exceptions are printed when a deploy or destroy fails. */
  let motoLog: string;
  let motoLogFd: number | undefined;
  let platform: EmulatedPlatform;
  const bootstrap: {
    apply?: DeployCommandOutput;
    migrate?: TerraformResult;
    stateObject?: { code: number };
    localFileAfterMigration?: number;
    replan?: Replan;
    timings: Record<string, number>;
  } = { timings: {} };
  const record = Object.fromEntries(
    ENVIRONMENTS.map((e) => [
      e,
      { outputs: {}, replans: [], timings: {} } as EnvironmentRecord,
    ]),
  ) as Record<Environment, EnvironmentRecord>;
  const bootstrapped = deferred();
  const phases = Object.fromEntries(
    ENVIRONMENTS.map((e) => [
      e,
      Object.fromEntries(PHASES.map((p) => [p, deferred()])),
    ]),
  ) as Record<Environment, Record<Phase, Deferred>>;
  /** Resolves when `environment` has run `phase` (tests then read the record). */
  const reached = async (environment: Environment, phase: Phase) => {
    await bootstrapped.promise;
    await phases[environment][phase].promise;
  };
  let runs: Promise<unknown> = Promise.resolve();

  async function driftAndRepair(
    environment: Environment,
    r: EnvironmentRecord,
  ): Promise<void> {
    const account = platform.accountOfEnvironment(environment);
    const env = await platform.envFor(account);
    const vpcStack = platform.stackOf(environment, "vpc");
    const apiStack = platform.stackOf(environment, "api");
    let started = Date.now();
    const [api, vpc] = await Promise.all([
      stateResources(platform, apiStack, account),
      stateResources(platform, vpcStack, account),
    ]);
    const targetGroup = only(api, "aws_lb_target_group").values;
    const albSg = api.find(
      (x) =>
        x.type === "aws_security_group" && x.address.includes("load-balancer"),
    )!.values;
    const alarm = api.find(
      (x) => x.type === "aws_cloudwatch_metric_alarm" && x.values.metric_name,
    )!.values;
    const endpoint = vpc.find((x) => x.type === "aws_vpc_endpoint")!.values;
    const logGroup = only(vpc, "aws_cloudwatch_log_group").values;
    const taskRole = api.find(
      (x) => x.type === "aws_iam_role" && x.values.name.endsWith("-api-task"),
    )!.values.name;
    // The architecture document's four console adjustments, plus a retention, through the API.
    const changes: string[][] = [
      [
        "elbv2",
        "modify-target-group",
        "--target-group-arn",
        targetGroup.arn,
        "--health-check-interval-seconds",
        "10",
      ],
      [
        "ec2",
        "authorize-security-group-ingress",
        "--group-id",
        albSg.id,
        "--protocol",
        "tcp",
        "--port",
        "22",
        "--cidr",
        "0.0.0.0/0",
      ],
      [
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        alarm.alarm_name,
        "--metric-name",
        alarm.metric_name,
        "--namespace",
        alarm.namespace,
        "--statistic",
        alarm.statistic ?? "Average",
        "--period",
        String(alarm.period),
        "--evaluation-periods",
        String(alarm.evaluation_periods),
        "--comparison-operator",
        alarm.comparison_operator,
        "--threshold",
        String(Number(alarm.threshold) + 1),
        ...Object.entries<string>(alarm.dimensions ?? {}).flatMap(([k, v]) => [
          "--dimensions",
          `Name=${k},Value=${v}`,
        ]),
        ...(alarm.alarm_actions?.length
          ? ["--alarm-actions", ...alarm.alarm_actions]
          : []),
        ...(alarm.ok_actions?.length
          ? ["--ok-actions", ...alarm.ok_actions]
          : []),
        ...(alarm.datapoints_to_alarm
          ? ["--datapoints-to-alarm", String(alarm.datapoints_to_alarm)]
          : []),
        ...(alarm.treat_missing_data
          ? ["--treat-missing-data", alarm.treat_missing_data]
          : []),
        ...(alarm.alarm_description
          ? ["--alarm-description", alarm.alarm_description]
          : []),
      ],
      [
        "ec2",
        "modify-vpc-endpoint",
        "--vpc-endpoint-id",
        endpoint.id,
        "--policy-document",
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Resource: "*",
            },
          ],
        }),
      ],
      [
        "logs",
        "put-retention-policy",
        "--log-group-name",
        logGroup.name,
        "--retention-in-days",
        "1",
      ],
      // What an attacker with IAM access does; `terraform plan` shows no
      // change for it (inline_policy is not configured), drift must.
      [
        "iam",
        "put-role-policy",
        "--role-name",
        taskRole,
        "--policy-name",
        OUT_OF_BAND_POLICY,
        "--policy-document",
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
        }),
      ],
    ];
    // Each on its own resource: side by side.
    const results = await Promise.all(changes.map((args) => awsCli(args, env)));
    results.forEach((result, i) => {
      if (result.code !== 0)
        throw new Error(
          `aws ${changes[i].slice(0, 2).join(" ")}: ${result.stderr}`,
        );
    });
    r.timings["change by hand"] = seconds(started);
    started = Date.now();
    // Every stack of the environment, as an operator runs it; the stacks
    // are planned side by side (most of a plan is waiting for moto).
    const before = await runCli(
      "drift",
      [
        environment,
        "--outdir",
        platform.outdir,
        "--json",
        "--parallel",
        String(DRIFT_PARALLEL),
      ],
      env,
    );
    r.timings.drift = seconds(started);
    started = Date.now();
    // The stacks changed by hand; the database stack's re-apply would only
    // replay its listed gaps (and wait minutes for RDS).
    const redeploy = await platform.deploy([vpcStack, apiStack], account, [
      "--ignore-missing-stack-dependencies",
    ]);
    r.timings.repair = seconds(started);
    // Terraform does not manage the role's inline policies as a set: the
    // deploy leaves the added one, the operator deletes it.
    const inlinePolicies = await awsJson<{ PolicyNames: string[] }>(
      ["iam", "list-role-policies", "--role-name", taskRole],
      env,
    );
    await awsCli(
      [
        "iam",
        "delete-role-policy",
        "--role-name",
        taskRole,
        "--policy-name",
        OUT_OF_BAND_POLICY,
      ],
      env,
    );
    // The repaired stacks again; the others were not touched (their second
    // plan is the re-plan phase's).
    started = Date.now();
    const after = await runCli(
      "drift",
      [vpcStack, apiStack, "--outdir", platform.outdir, "--json"],
      env,
    );
    r.timings["drift after repair"] = seconds(started);
    const parse = (result: TerraformResult) =>
      result.stdout.trim()
        ? (JSON.parse(result.stdout) as DriftReport)
        : undefined;
    r.drift = {
      stacks: [vpcStack, apiStack],
      before,
      report: parse(before),
      redeploy,
      inlinePoliciesAfterRedeploy: inlinePolicies.PolicyNames,
      after,
      afterReport: parse(after),
    };
  }

  /** Production's web ACL tuned by hand (one group to count mode), then drift on the API stack. */
  async function wafDrift(
    environment: Environment,
    r: EnvironmentRecord,
  ): Promise<void> {
    const account = platform.accountOfEnvironment(environment);
    const env = await platform.envFor(account);
    const apiStack = platform.stackOf(environment, "api");
    const acl = only(
      await stateResources(platform, apiStack, account),
      "aws_wafv2_web_acl",
    ).values;
    const rule = await countModeByHand({ name: acl.name, id: acl.id }, env);
    const started = Date.now();
    const result = await runCli(
      "drift",
      [apiStack, "--outdir", platform.outdir, "--json"],
      env,
    );
    r.timings.wafDrift = seconds(started);
    r.wafDrift = {
      rule,
      result,
      report: result.stdout.trim()
        ? (JSON.parse(result.stdout) as DriftReport)
        : undefined,
    };
  }

  async function rollout(
    environment: Environment,
    r: EnvironmentRecord,
  ): Promise<void> {
    const account = platform.accountOfEnvironment(environment);
    const env = await platform.envFor(account);
    const apiStack = platform.stackOf(environment, "api");
    const revision = async () =>
      Number(
        only(
          await stateResources(platform, apiStack, account),
          "aws_ecs_task_definition",
        ).values.revision,
      );
    const revisionBefore = await revision();
    const started = Date.now();
    const deploy = await platform.deploy(
      [apiStack],
      account,
      ["--ignore-missing-stack-dependencies"],
      {
        TF_VAR_image_tag: NEW_IMAGE_TAG,
      },
    );
    r.timings.rollout = seconds(started);
    const outputs = await platform.outputs(apiStack, account);
    const cluster = String(
      outputs[Object.keys(outputs).find((k) => /cluster.*name/i.test(k))!],
    );
    const service = String(
      outputs[Object.keys(outputs).find((k) => /service.*name/i.test(k))!],
    );
    const described = await awsJson<{ services: { taskDefinition: string }[] }>(
      ["ecs", "describe-services", "--cluster", cluster, "--services", service],
      env,
    );
    const serviceTaskDefinition = described.services[0]?.taskDefinition ?? "";
    const definition = await awsJson<{
      taskDefinition: { containerDefinitions: { image: string }[] };
    }>(
      [
        "ecs",
        "describe-task-definition",
        "--task-definition",
        serviceTaskDefinition,
      ],
      env,
    );
    // The architecture document's command, with the names from the stack's outputs.
    const force = await awsCli(
      [
        "ecs",
        "update-service",
        "--cluster",
        cluster,
        "--service",
        service,
        "--force-new-deployment",
      ],
      env,
    );
    r.rollout = {
      revisionBefore,
      deploy,
      revisionAfter: await revision(),
      serviceTaskDefinition,
      imageOfRevision:
        definition.taskDefinition.containerDefinitions[0]?.image ?? "",
      forceNewDeployment: { code: force.code, stderr: force.stderr },
    };
  }

  /** `npm run migrate -- <environment>` against moto, and the task it started as ECS shows it. */
  async function migrate(
    environment: Environment,
    r: EnvironmentRecord,
  ): Promise<void> {
    const account = platform.accountOfEnvironment(environment);
    const env = await platform.envFor(account);
    const jobsStack = platform.stackOf(environment, "jobs");
    const outputs = await platform.outputs(jobsStack, account);
    const started = Date.now();
    // The stack folder was initialized by the deploy.
    const command = await runCli(
      "migrate",
      [
        environment,
        "--outdir",
        platform.outdir,
        "--no-init",
        "--poll-seconds",
        "1",
      ],
      env,
    );
    r.timings.migrate = seconds(started);
    r.migrate = { command, outputs };
    const taskArn = /log lines of (\S+):/.exec(command.stdout)?.[1];
    if (!taskArn) return;
    const described = await awsJson<{
      tasks: {
        taskArn: string;
        taskDefinitionArn: string;
        group: string;
        startedBy: string;
        lastStatus: string;
        attachments?: { details?: { name: string; value: string }[] }[];
      }[];
    }>(
      [
        "ecs",
        "describe-tasks",
        "--cluster",
        String(outputs.ecs_cluster_name),
        "--tasks",
        taskArn,
      ],
      env,
    );
    const task = described.tasks[0];
    if (task)
      r.migrate.task = {
        taskArn: task.taskArn,
        taskDefinitionArn: task.taskDefinitionArn,
        group: task.group,
        startedBy: task.startedBy,
        lastStatus: task.lastStatus,
        subnets: (task.attachments ?? []).flatMap((a) =>
          (a.details ?? [])
            .filter((d) => d.name === "subnetId")
            .map((d) => d.value),
        ),
      };
  }

  /** What failed, with the exceptions moto logged (a 500 is often moto's own). */
  function reportFailure(
    environment: Environment,
    what: string,
    d: DeployCommandOutput,
  ): void {
    console.log(
      [
        `${environment} ${what} failed:`,
        ...failedStacks(d),
        "moto's last exceptions:",
        ...motoExceptions(fs.readFileSync(motoLog, "utf8")),
      ].join("\n"),
    );
  }

  async function runEnvironment(environment: Environment): Promise<void> {
    const r = record[environment];
    const account = platform.accountOfEnvironment(environment);
    const env = await platform.envFor(account);
    const stacks = platform.stacksOf(environment);
    const vpcCount = async () =>
      (
        (
          await awsJson<{ Vpcs: { IsDefault: boolean }[] }>(
            ["ec2", "describe-vpcs"],
            env,
          )
        ).Vpcs ?? []
      ).filter((v) => !v.IsDefault).length;
    if (environment === "production") {
      // The account guard: production's stacks with development's credentials.
      const vpcsBefore = await vpcCount();
      const deploy = await platform.deploy(
        [environment],
        platform.accountOfEnvironment("development"),
      );
      r.guard = { deploy, vpcsBefore, vpcsAfter: await vpcCount() };
    }
    let started = Date.now();
    // Development's path is the longest: there each stack is planned again
    // as soon as it is applied, beside the stacks still applying (most of
    // that time is the RDS waiters). A later stack's apply that changed an
    // earlier stack's resources would still show: the drift phase plans
    // every stack again after all of them. Staging and production, which
    // have no drift phase, are planned again once all their stacks are.
    const replans = new Map<string, Promise<Replan>>();
    const early = environment === "development";
    r.deploy = await platform.deploy([environment], account, [], {}, (o) => {
      if (!early || o.status !== "applied") return;
      const again = replan(o.stack, platform.stackDir(o.stack), env);
      again.catch(() => undefined); // awaited below, after the deploy
      replans.set(o.stack, again);
    });
    r.timings.apply = seconds(started);
    Object.assign(r.timings, stackSeconds("apply", r.deploy));
    if (r.deploy.code !== 0) {
      await Promise.allSettled(replans.values());
      reportFailure(environment, "deploy", r.deploy);
      throw new Error(`deploy failed:\n${r.deploy.stdout}`);
    }
    // Read side by side (each is a `terraform state pull`).
    started = Date.now();
    const [outputs, vpc, db] = await Promise.all([
      Promise.all(stacks.map((s) => platform.outputs(s, account))),
      stateResources(platform, platform.stackOf(environment, "vpc"), account),
      stateResources(
        platform,
        platform.stackOf(environment, "database"),
        account,
      ),
    ]);
    stacks.forEach((s, i) => (r.outputs[s] = outputs[i]));
    r.timings["read outputs"] = seconds(started);
    const subnetGroup = only(db, "aws_db_subnet_group").values;
    // The instance's own group (the stack also holds its proxy's).
    const [dbSgId] = only(db, "aws_db_instance").values
      .vpc_security_group_ids as string[];
    const dbSg = db.find(
      (x) => x.type === "aws_security_group" && x.values.id === dbSgId,
    );
    r.crossStack = {
      dbSubnets: [...subnetGroup.subnet_ids].sort(),
      vpcSubnets: vpc
        .filter((x) => x.type === "aws_subnet")
        .map((x) => x.values.id),
      vpcOfDbSg: String(dbSg?.values.vpc_id),
      vpcId: only(vpc, "aws_vpc").values.id,
    };
    phases[environment].deploy.resolve();
    // Development: what is left of its re-plans once the deploy has ended.
    started = Date.now();
    r.replans = await Promise.all(
      stacks.map((s) => replans.get(s) ?? replan(s, platform.stackDir(s), env)),
    );
    r.timings.replan = seconds(started);
    phases[environment].replan.resolve();
    if (environment === "production") {
      // Production is otherwise idle until its destroy (a refusal): the
      // rollout runs there, off development's longer path.
      await rollout(environment, r);
      phases[environment].rollout.resolve();
    }
    if (environment === "development") {
      // The migration uses the jobs stack only: it runs beside drift and
      // repair (vpc and api). Both finish before the destroy.
      const settled = await Promise.allSettled([
        (async () => {
          await driftAndRepair(environment, r);
          phases[environment].drift.resolve();
        })(),
        (async () => {
          await migrate(environment, r);
          phases[environment].migrate.resolve();
        })(),
      ]);
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
    if (environment === "production") {
      // Its own failure fails only its tests: the destroy still runs.
      await wafDrift(environment, r).then(
        () => phases[environment].drift.resolve(),
        (error) => phases[environment].drift.reject(error),
      );
    }
    // What the emulated destroy removes from state first (gap list) is not counted.
    const forgotten = resourcesForgottenBeforeDestroy();
    r.resourcesBeforeDestroy = (
      await Promise.all(stacks.map((s) => stateResources(platform, s, account)))
    )
      .flat()
      .filter((x) => !forgotten.includes(x.type)).length;
    started = Date.now();
    r.destroy = await platform.destroy(environment);
    r.timings.destroy = seconds(started);
    Object.assign(r.timings, stackSeconds("destroy", r.destroy));
    if (r.destroy.code !== 0 && environment !== "production") {
      // In one CI run development's destroy failed within 30 s while staging's
      // ran beside it on the same moto; that run did not keep the error.
      // Printed with moto's exceptions and retried once: a second failure fails.
      reportFailure(environment, "destroy", r.destroy);
      r.firstDestroy = r.destroy;
      r.destroy = await platform.destroy(environment);
    }
    r.resourcesAfterDestroy = (
      await Promise.all(
        stacks.map((s) => stateResources(platform, s, account).catch(() => [])),
      )
    )
      .flat()
      .filter((x) => !forgotten.includes(x.type)).length;
    if (environment !== "production") {
      // Only production has a DR region (eu-west-1); it is not destroyed.
      started = Date.now();
      r.leftovers = await leftovers(env, ["af-south-1"]);
      r.timings.leftovers = seconds(started);
    }
    phases[environment].destroy.resolve();
  }

  beforeAll(async () => {
    const started = Date.now();
    motoLog = path.join(scratchDir("moto"), "moto.log");
    motoLogFd = fs.openSync(motoLog, "w");
    moto = await startMoto({ logFile: motoLogFd });
    bootstrap.timings.motoStart = seconds(started);
    platform = new EmulatedPlatform(
      moto,
      synthesizedOutdir(),
      scratchDir("emulator"),
    );
    let step = Date.now();
    const result = await platform.bootstrap();
    bootstrap.timings.bootstrap = seconds(step);
    Object.assign(bootstrap, result);
    if (result.apply.code !== 0 || result.migrate?.code !== 0) {
      bootstrapped.reject(
        new Error(
          `bootstrap failed:\n${result.apply.stdout}${result.migrate?.stderr ?? ""}`,
        ),
      );
      return;
    }
    // The environments run side by side (they need the state bucket, lock
    // table and roles the apply made); each test waits for its phase. The
    // bootstrap's own checks run beside them.
    step = Date.now();
    runs = Promise.all(
      ENVIRONMENTS.map((e) =>
        runEnvironment(e).catch((error) => {
          record[e].error = String(error.stack ?? error);
          for (const p of PHASES) phases[e][p].reject(error);
        }),
      ),
    );
    const checked = Date.now();
    try {
      const stateAccount = platform.accountOfEnvironment("bootstrap");
      const stateEnv = await platform.envFor(stateAccount);
      const bucket =
        platform.stacks[platform.bootstrapStack].terraform.backend.s3;
      bootstrap.stateObject = await awsCli(
        [
          "s3api",
          "head-object",
          "--bucket",
          bucket.bucket,
          "--key",
          bucket.key,
        ],
        stateEnv,
      );
      bootstrap.replan = await replan(
        platform.bootstrapStack,
        platform.stackDir(platform.bootstrapStack),
        stateEnv,
      );
      bootstrap.timings["bootstrap checks"] = seconds(checked);
      bootstrapped.resolve();
    } catch (error) {
      bootstrapped.reject(error);
    }
    runs = runs.then(() => {
      bootstrap.timings.environments = seconds(step);
      bootstrap.timings.total = seconds(started);
      const timings = {
        bootstrap: bootstrap.timings,
        ...Object.fromEntries(ENVIRONMENTS.map((e) => [e, record[e].timings])),
      };
      const file = path.join(
        process.env.PIPELINE_TEST_RUN_DIR ?? platform.workDir,
        "emulator-timings.json",
      );
      fs.writeFileSync(file, JSON.stringify(timings, null, 2));
      console.log(`emulator lifecycle timings (s): ${JSON.stringify(timings)}`);
    });
  }, 20 * 60_000);

  afterAll(async () => {
    await runs;
    await moto?.stop();
    if (motoLogFd !== undefined) fs.closeSync(motoLogFd);
  }, PHASE_TIMEOUT_MS);

  /**
   * Each stack of a deploy (or destroy) that started before a stack it waits
   * for had ended (its dependencies; destroying, its dependants), as
   * "<stack> started before <other> ended"; every stack must have run.
   */
  const startedBeforeItsTurn = (
    d: DeployCommandOutput | undefined,
    what: "deploy" | "destroy",
  ) => {
    const outcomes = d?.outcomes ?? [];
    const dependencies = Object.fromEntries(
      readManifest(platform.outdir).map((s) => [s.name, s.dependencies]),
    );
    const waitsFor = (a: string, b: string) =>
      what === "deploy"
        ? dependencies[a].includes(b)
        : dependencies[b].includes(a);
    if (outcomes.length === 0 || outcomes.some((o) => !o.startedAt))
      return ["not every stack ran"];
    return outcomes.flatMap((a) =>
      outcomes
        .filter((b) => waitsFor(a.stack, b.stack) && a.startedAt! < b.endedAt!)
        .map((b) => `${a.stack} started before ${b.stack} ended`),
    );
  };

  /** Each failed stack with Terraform's error, so that a red run says why. */
  const failedStacks = (d?: DeployCommandOutput) =>
    (d?.outcomes ?? [])
      .filter((o) => o.status === "failed")
      .map((o) => `${o.stack}: ${o.error}`);

  describe("GIVEN the bootstrap stack as synthesized (local state)", () => {
    it("WHEN it is deployed and migrated THEN the apply and `init -migrate-state` succeed", () => {
      expect({
        apply: bootstrap.apply?.code,
        migrate: bootstrap.migrate?.code,
      }).toEqual({ apply: 0, migrate: 0 });
    });

    it("WHEN it is migrated THEN its state object is in the state bucket under bootstrap/", () => {
      expect(bootstrap.stateObject?.code).toBe(0);
    });

    it("WHEN it is planned again from the bucket THEN nothing changes", () => {
      expect(bootstrap.replan?.unexpected).toEqual([]);
      expect(bootstrap.replan?.code).not.toBe(1);
    });
  });

  describe.each(ENVIRONMENTS)(
    "GIVEN the %s stacks in their own account",
    (environment) => {
      it(
        "WHEN `npm run deploy` runs them through the S3 backend THEN every stack applies in dependency order (vpc, database, api, ci, jobs)",
        async () => {
          await reached(environment, "deploy");
          const r = record[environment];
          expect({
            error: r.error,
            code: r.deploy?.code,
            failed: failedStacks(r.deploy),
          }).toEqual({
            error: undefined,
            code: 0,
            failed: [],
          });
          expect(
            r.deploy?.outcomes.map((o) => `${o.stack} ${o.status}`),
          ).toEqual(platform.stacksOf(environment).map((s) => `${s} applied`));
          expect(
            platform.stacksOf(environment).map((s) => s.split("-").pop()),
          ).toEqual(["vpc", "database", "api", "ci", "jobs"]);
        },
        PHASE_TIMEOUT_MS,
      );

      it(
        "WHEN `npm run deploy` runs them two at a time THEN no stack starts before the stacks it depends on have applied",
        async () => {
          await reached(environment, "deploy");
          expect(
            startedBeforeItsTurn(record[environment].deploy, "deploy"),
          ).toEqual([]);
        },
        PHASE_TIMEOUT_MS,
      );

      it(
        "WHEN the database stack reads the vpc stack's state THEN it uses the real subnet and VPC ids",
        async () => {
          await reached(environment, "deploy");
          const c = record[environment].crossStack;
          expect(c?.dbSubnets.length).toBeGreaterThan(0);
          expect(c?.vpcSubnets).toEqual(expect.arrayContaining(c!.dbSubnets));
          expect(c?.vpcOfDbSg).toBe(c?.vpcId);
        },
        PHASE_TIMEOUT_MS,
      );

      it(
        "WHEN every stack is planned again THEN only listed emulator gaps differ",
        async () => {
          await reached(environment, "replan");
          const replans = record[environment].replans;
          expect(replans.map((p) => p.stack)).toEqual(
            platform.stacksOf(environment),
          );
          expect(
            replans.map((p) => ({
              stack: p.stack,
              error: p.error,
              unexpected: p.unexpected,
            })),
          ).toEqual(
            replans.map((p) => ({
              stack: p.stack,
              error: undefined,
              unexpected: [],
            })),
          );
        },
        PHASE_TIMEOUT_MS,
      );
    },
  );

  describe("GIVEN production's stacks and development's credentials", () => {
    it(
      "WHEN they are deployed THEN the provider's account guard stops each stack that starts (vpc and ci, side by side) before any change, and nothing else starts",
      async () => {
        await reached("production", "deploy");
        const guard = record.production.guard;
        expect(guard?.deploy.code).toBe(1);
        expect(
          guard?.deploy.outcomes.map(
            (o) => `${o.stack.split("-").pop()} ${o.status}`,
          ),
        ).toEqual([
          "vpc failed",
          "database skipped",
          "api skipped",
          "ci failed",
          "jobs skipped",
        ]);
        expect(
          guard?.deploy.outcomes
            .filter((o) => o.status === "failed")
            .map((o) => /AWS account ID not allowed/.test(o.error ?? "")),
        ).toEqual([true, true]);
        expect(guard?.vpcsAfter).toBe(guard?.vpcsBefore);
      },
      PHASE_TIMEOUT_MS,
    );
  });

  describe("GIVEN production deployed and a managed rule group of its web ACL switched to count mode by hand", () => {
    it(
      "WHEN `npm run drift` runs on the API stack THEN it exits 2",
      async () => {
        await reached("production", "drift");
        expect(record.production.wafDrift?.result.code).toBe(2);
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs on the API stack THEN it reports the web ACL's rules",
      async () => {
        await reached("production", "drift");
        const findings = (record.production.wafDrift?.report?.stacks ?? [])
          .flatMap((s) => s.drift)
          .filter((f) => f.address.startsWith("aws_wafv2_web_acl."));
        expect(findings).toEqual([
          expect.objectContaining({
            attributes: expect.arrayContaining([
              expect.stringMatching(/^rule/),
            ]),
          }),
        ]);
      },
      PHASE_TIMEOUT_MS,
    );
  });

  describe("GIVEN development deployed and changed by hand through the AWS API", () => {
    const findings = () => {
      const report = record.development.drift?.report;
      return (report?.stacks ?? []).flatMap((s) =>
        [...s.drift, ...s.changes].map((f) => ({
          stack: s.stack,
          address: f.address,
          attributes: f.attributes,
        })),
      );
    };
    const expectFinding = (type: string, attribute: string, layer: string) =>
      expect(findings()).toContainEqual(
        expect.objectContaining({
          stack: platform.stackOf("development", layer),
          address: expect.stringMatching(new RegExp(`^${type}\\.`)),
          attributes: expect.arrayContaining([
            expect.stringMatching(new RegExp(`^${attribute}`)),
          ]),
        }),
      );

    it(
      "WHEN `npm run drift` runs THEN it exits 2",
      async () => {
        await reached("development", "drift");
        expect(record.development.drift?.before.code).toBe(2);
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift -- development` runs THEN it plans every stack of the environment without an error",
      async () => {
        await reached("development", "drift");
        const stacks = record.development.drift?.report?.stacks ?? [];
        // The report lists the stacks by name.
        expect(stacks.map((s) => [s.stack, s.status])).toEqual(
          [...platform.stacksOf("development")]
            .sort()
            .map((s) => [s, expect.stringMatching(/^(in-sync|drift)$/)]),
        );
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the target group's health check",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_lb_target_group", "health_check", "api");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the rule added to the load balancer's security group",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_security_group", "ingress", "api");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the alarm threshold",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_cloudwatch_metric_alarm", "threshold", "api");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the VPC endpoint's policy",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_vpc_endpoint", "policy", "vpc");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the log retention",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_cloudwatch_log_group", "retention_in_days", "vpc");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN it reports the inline policy added to the API task role, which `terraform plan` alone does not",
      async () => {
        await reached("development", "drift");
        expectFinding("aws_iam_role", "inline_policy", "api");
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run drift` runs THEN the stacks nobody changed are in sync but for listed emulator gaps",
      async () => {
        await reached("development", "drift");
        const changed = record.development.drift?.stacks ?? [];
        const untouched = (
          record.development.drift?.report?.stacks ?? []
        ).filter((s) => !changed.includes(s.stack));
        expect({
          stacks: untouched.map((s) => s.stack.split("-").pop()).sort(),
          notGaps: untouched.flatMap((s) =>
            [...s.drift, ...s.changes]
              .filter((f) => !isAllowed(f))
              .map((f) => `${s.stack} ${f.address} ${f.attributes.join(",")}`),
          ),
        }).toEqual({ stacks: ["ci", "database", "jobs"], notGaps: [] });
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run deploy` has run again THEN the inline policy added by hand is still there: Terraform does not remove what it does not manage",
      async () => {
        await reached("development", "drift");
        expect(record.development.drift?.inlinePoliciesAfterRedeploy).toContain(
          OUT_OF_BAND_POLICY,
        );
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run deploy` has run again THEN `npm run drift` finds each repaired stack in sync but for listed emulator gaps",
      async () => {
        await reached("development", "drift");
        const d = record.development.drift;
        expect(d?.redeploy.code).toBe(0);
        const stacks = d?.afterReport?.stacks ?? [];
        expect(stacks.map((s) => s.stack)).toEqual(
          [...(d?.stacks ?? [])].sort(),
        );
        const notGaps = stacks.flatMap((s) =>
          [...s.drift, ...s.changes]
            .filter((f) => !isAllowed(f))
            .map((f) => `${s.stack} ${f.address} ${f.attributes.join(",")}`),
        );
        expect({
          errors: stacks.filter((s) => s.status === "error"),
          notGaps,
        }).toEqual({ errors: [], notGaps: [] });
        // A stack without emulator gaps is reported in sync: exit 0 there.
        expect(stacks.find((s) => s.stack.endsWith("-vpc"))?.status).toBe(
          "in-sync",
        );
      },
      PHASE_TIMEOUT_MS,
    );
  });

  describe("GIVEN production's API stack and a new image tag", () => {
    it(
      "WHEN it is deployed THEN a new task definition revision runs the new tag",
      async () => {
        await reached("production", "rollout");
        const r = record.production.rollout;
        expect(r?.deploy.code).toBe(0);
        expect(r?.revisionAfter).toBe((r?.revisionBefore ?? 0) + 1);
        expect(r?.serviceTaskDefinition).toMatch(
          new RegExp(`:${r?.revisionAfter}$`),
        );
        expect(r?.imageOfRevision).toMatch(
          new RegExp(`:${NEW_IMAGE_TAG.replace(/\./g, "\\.")}$`),
        );
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `aws ecs update-service --force-new-deployment` runs with the output names THEN it succeeds",
      async () => {
        await reached("production", "rollout");
        expect(record.production.rollout?.forceNewDeployment).toEqual({
          code: 0,
          stderr: "",
        });
      },
      PHASE_TIMEOUT_MS,
    );
  });

  describe("GIVEN development's jobs stack deployed", () => {
    const migration = () => record.development.migrate;

    it(
      "WHEN `npm run migrate -- development` runs THEN it exits 0 on the container's exit code 0",
      async () => {
        await reached("development", "migrate");
        const m = migration();
        expect({
          code: m?.command.code,
          stderr: m?.command.stderr,
        }).toMatchObject({ code: 0 });
        expect(m?.command.stdout).toMatch(
          /Migration succeeded: exit code 0(\s|$)/,
        );
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN `npm run migrate` starts the task THEN ECS shows the jobs stack's task definition, task group and subnets",
      async () => {
        await reached("development", "migrate");
        const m = migration();
        const subnets = (m?.outputs.task_subnet_ids ?? []) as string[];
        expect(m?.task).toEqual({
          taskArn: expect.any(String),
          taskDefinitionArn: m?.outputs.migration_task_definition_arn,
          group: m?.outputs.migration_task_group,
          startedBy: "npm-run-migrate",
          lastStatus: "STOPPED",
          subnets: [expect.any(String)],
        });
        expect(subnets).toContain(m?.task?.subnets[0]);
        expect(m?.command.stderr).toMatch(/migration status STOPPED/);
      },
      PHASE_TIMEOUT_MS,
    );

    it(
      "WHEN the task wrote no log stream (moto runs no container) THEN `npm run migrate` says so instead of failing",
      async () => {
        await reached("development", "migrate");
        expect(migration()?.command.stdout).toMatch(
          /Last 1 log lines of \S+:\n {2}\(no log lines: aws logs get-log-events failed: .*ResourceNotFoundException/,
        );
      },
      PHASE_TIMEOUT_MS,
    );
  });

  describe.each(["development", "staging"] as const)(
    "GIVEN %s deployed",
    (environment) => {
      it(
        "WHEN it is destroyed THEN every stack is destroyed in reverse deploy order (jobs, ci, api, database, vpc)",
        async () => {
          await reached(environment, "destroy");
          const d = record[environment].destroy;
          expect({ code: d?.code, failed: failedStacks(d) }).toEqual({
            code: 0,
            failed: [],
          });
          expect(d?.outcomes.map((o) => o.stack)).toEqual(
            [...platform.stacksOf(environment)].reverse(),
          );
        },
        PHASE_TIMEOUT_MS,
      );

      it(
        "WHEN it is destroyed two stacks at a time THEN no stack's destroy starts before the stacks that depend on it are gone",
        async () => {
          await reached(environment, "destroy");
          expect(
            startedBeforeItsTurn(record[environment].destroy, "destroy"),
          ).toEqual([]);
        },
        PHASE_TIMEOUT_MS,
      );

      it(
        "WHEN it is destroyed THEN the AWS API shows nothing the stacks created",
        async () => {
          await reached(environment, "destroy");
          expect(record[environment].leftovers).toEqual({});
        },
        PHASE_TIMEOUT_MS,
      );
    },
  );

  describe("GIVEN production deployed", () => {
    it(
      "WHEN it is destroyed THEN prevent_destroy refuses before anything is deleted",
      async () => {
        await reached("production", "destroy");
        const r = record.production;
        expect(r.destroy?.code).toBe(1);
        expect(r.destroy?.stdout).toMatch(
          /prevent_destroy|Instance cannot be destroyed/,
        );
        expect(
          r.destroy?.outcomes.filter((o) => o.status === "applied"),
        ).toEqual([]);
        expect(r.resourcesAfterDestroy).toBe(r.resourcesBeforeDestroy);
      },
      PHASE_TIMEOUT_MS,
    );
  });
});
