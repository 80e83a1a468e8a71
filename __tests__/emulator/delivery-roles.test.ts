/**
 * The delivery roles on moto: the bootstrap and development's CI stack are
 * deployed with `npm run deploy` (the CI stack from a saved plan, summarised
 * by `npm run delivery -- plan-summary`, as the promote workflow does);
 * the plan and deploy roles are assumed through moto's STS web identity
 * call, and with moto's IAM enforcement on, what each may do is tried.
 *
 * moto checks neither the web identity token nor the trust policy's
 * `aud`/`sub` conditions (gap `sts-web-identity-conditions`): who may assume
 * the roles is proven by the unit tests; what the roles may do, here, as
 * far as moto judges it as AWS does: it matches resources only for S3,
 * existing IAM roles, existing SQS queues and AssumeRole and reads no
 * condition value (gap `iam-identity-policy-scope`), so the calls tried are
 * the state role's S3 prefixes and unconditional allows and denies; the
 * drift check through the read-only state role runs before enforcement.
 */
import * as fs from "fs";
import * as path from "path";
import { DeployCommandOutput } from "../../tools/deploy";
import { runDeliveryCommand } from "../../tools/delivery/cli";
import { runDriftCommand, StackReport } from "../../tools/drift/cli";
import {
  AwsCliResult,
  awsCli,
  awsEnv,
  AwsCredentials,
  credentialsIn,
  motoReady,
  MotoServer,
  ROOT_CREDENTIALS,
  startMoto,
  stsCredentials,
} from "../../tools/emulator/moto";
import { EmulatedPlatform } from "../../tools/emulator/platform";
import { CommandOutput } from "../../tools/stack-workdir";
import { scratchDir } from "../integration/emulated-terraform";
import { synthesizedOutdir, terraformReady } from "../support/plan";

const ready = terraformReady() && motoReady();
const describeOnMoto = ready ? describe : describe.skip;
const CI_STACK = "financial-pipeline-development-ci";

/** Credentials of `roleArn` from moto's AssumeRoleWithWebIdentity (any token is accepted: the gap). */
async function webIdentity(
  endpoint: string,
  roleArn: string,
): Promise<AwsCredentials> {
  return stsCredentials(
    [
      "assume-role-with-web-identity",
      "--role-arn",
      roleArn,
      "--role-session-name",
      "github",
      "--web-identity-token",
      "header.payload.signature",
    ],
    awsEnv(endpoint, ROOT_CREDENTIALS),
  );
}

const denied = (r?: AwsCliResult) =>
  r !== undefined &&
  r.code !== 0 &&
  /AccessDenied|not authorized|403/i.test(r.stderr);

describeOnMoto("delivery roles on moto with IAM enforcement", () => {
  let moto: MotoServer;
  let platform: EmulatedPlatform;
  const seen: {
    bootstrap?: DeployCommandOutput;
    planned?: DeployCommandOutput;
    summary?: CommandOutput;
    applied?: DeployCommandOutput;
    stale?: DeployCommandOutput;
    tries: Record<string, AwsCliResult>;
    drift?: CommandOutput;
    initRole?: string;
  } = { tries: {} };

  beforeAll(async () => {
    moto = await startMoto();
    platform = new EmulatedPlatform(
      moto,
      synthesizedOutdir(),
      scratchDir("delivery"),
    );
    const stateAccount = platform.accountOfEnvironment("bootstrap");
    const devAccount = platform.accountOfEnvironment("development");
    seen.bootstrap = await platform.deploy(
      [platform.bootstrapStack],
      stateAccount,
    );
    if (seen.bootstrap.code !== 0) return;

    // The promotion flow on the CI stack: saved plan, summary, apply of exactly that plan.
    const plans = path.join(platform.workDir, "plans");
    const later = path.join(platform.workDir, "plans-later");
    seen.planned = await platform.deploy([CI_STACK], devAccount, [
      "--plan-dir",
      plans,
    ]);
    await platform.deploy([CI_STACK], devAccount, ["--plan-dir", later]);
    seen.summary = await runDeliveryCommand(
      ["plan-summary", "--plan-dir", plans, "--outdir", platform.outdir],
      await platform.envFor(devAccount),
    );
    seen.applied = await platform.deploy([CI_STACK], devAccount, [
      "--from-plans",
      plans,
    ]);
    // A plan made before that apply: the state moved on, Terraform must refuse it.
    seen.stale = await platform.deploy([CI_STACK], devAccount, [
      "--from-plans",
      later,
    ]);
    if (seen.applied.code !== 0) return;

    const outputs = await platform.outputs(CI_STACK, devAccount);
    const plan = await webIdentity(
      moto.endpoint,
      String(outputs.plan_role_arn),
    );
    const deploy = await webIdentity(
      moto.endpoint,
      String(outputs.deploy_role_arn),
    );
    const read = await credentialsIn(
      moto.endpoint,
      stateAccount,
      "financial-pipeline-tfstate-development-read",
      plan,
    );

    const backend = platform.stacks[CI_STACK].terraform.backend.s3;
    const production =
      platform.stacks["financial-pipeline-production-vpc"].terraform.backend.s3;
    const body = path.join(platform.workDir, "state.json");
    fs.writeFileSync(body, '{"version":4}');
    await awsCli(
      [
        "s3api",
        "put-object",
        "--bucket",
        production.bucket,
        "--key",
        production.key,
        "--body",
        body,
      ],
      await platform.envFor(stateAccount),
    );
    const backendFile = path.join(platform.workDir, "read-only.tfbackend");
    await runDeliveryCommand([
      "backend-config",
      "development",
      "--out",
      backendFile,
    ]);

    // The drift check as drift.yml runs it: plan role, read-only state role, no lock.
    seen.drift = await runDriftCommand(
      [
        CI_STACK,
        "--outdir",
        platform.outdir,
        "--backend-config",
        backendFile,
        "--reconfigure",
        "--json",
      ],
      awsEnv(moto.endpoint, plan),
    );
    const backendState = path.join(
      platform.stackDir(CI_STACK),
      ".terraform",
      "terraform.tfstate",
    );
    seen.initRole = fs.existsSync(backendState)
      ? JSON.parse(fs.readFileSync(backendState, "utf8")).backend?.config
          ?.assume_role?.role_arn
      : undefined;

    await moto.enforceIam();
    const as = (c: AwsCredentials) => awsEnv(moto.endpoint, c);
    const s3 = (c: AwsCredentials, ...args: string[]) =>
      awsCli(["s3api", ...args, "--bucket", backend.bucket], as(c));
    const out = path.join(platform.workDir, "out");
    seen.tries = {
      readOwnState: await s3(read, "get-object", "--key", backend.key, out),
      writeOwnState: await s3(
        read,
        "put-object",
        "--key",
        backend.key,
        "--body",
        body,
      ),
      writeOwnLock: await s3(
        read,
        "put-object",
        "--key",
        `${backend.key}.tflock`,
        "--body",
        body,
        "--if-none-match",
        "*",
      ),
      readProductionState: await s3(
        read,
        "get-object",
        "--key",
        production.key,
        out,
      ),
      planDescribes: await awsCli(["ec2", "describe-vpcs"], as(plan)),
      planCreatesVpc: await awsCli(
        ["ec2", "create-vpc", "--cidr-block", "10.9.0.0/16"],
        as(plan),
      ),
      deployCreatesUser: await awsCli(
        ["iam", "create-user", "--user-name", "ci-key"],
        as(deploy),
      ),
      deployEditsPlanRole: await awsCli(
        [
          "iam",
          "delete-role-policy",
          "--role-name",
          "financial-pipeline-development-ci-plan",
          "--policy-name",
          "github-actions",
        ],
        as(deploy),
      ),
    };
  }, 20 * 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it("GIVEN the bootstrap WHEN deployed in the state account THEN it succeeds", () => {
    expect({
      code: seen.bootstrap?.code,
      out: seen.bootstrap?.stdout,
    }).toMatchObject({ code: 0 });
  });

  it("GIVEN a saved plan of the new CI stack WHEN summarised THEN 12 to add (provider, boundary, two roles, their inline policies, three resource policies and their attachments) and nothing destroyed", () => {
    expect(seen.planned?.code).toBe(0);
    expect(seen.summary?.stdout).toContain(`| ${CI_STACK} | 12 | 0 | 0 |`);
  });

  it("GIVEN that saved plan WHEN applied with --from-plans THEN the CI stack exists", () => {
    expect({
      code: seen.applied?.code,
      out: seen.applied?.stdout,
    }).toMatchObject({ code: 0 });
  });

  it("GIVEN a plan saved before that apply WHEN applied THEN Terraform refuses the stale plan", () => {
    expect(seen.stale?.code).toBe(1);
    expect(`${seen.stale?.stdout}${seen.stale?.stderr}`).toMatch(
      /stale|Saved plan/i,
    );
  });

  it("GIVEN the read-only state role WHEN it reads its state THEN S3 allows it", () => {
    expect(seen.tries.readOwnState?.stderr).toBe("");
  });

  it("GIVEN the read-only state role WHEN it writes a lock file THEN S3 denies it (plans run without a lock)", () => {
    expect(denied(seen.tries.writeOwnLock)).toBe(true);
  });

  it("GIVEN the read-only state role WHEN it writes its state file THEN S3 denies it", () => {
    expect(denied(seen.tries.writeOwnState)).toBe(true);
  });

  it("GIVEN the read-only state role WHEN it reads production's state THEN S3 denies it", () => {
    expect(denied(seen.tries.readProductionState)).toBe(true);
  });

  it("GIVEN the plan role WHEN it describes THEN allowed, and WHEN it creates a VPC THEN denied", () => {
    expect(seen.tries.planDescribes?.code).toBe(0);
    expect(denied(seen.tries.planCreatesVpc)).toBe(true);
  });

  it("GIVEN the deploy role WHEN it creates an IAM user or edits the plan role THEN denied", () => {
    expect([
      denied(seen.tries.deployCreatesUser),
      denied(seen.tries.deployEditsPlanRole),
    ]).toEqual([true, true]);
  });

  it("GIVEN the read-only backend override WHEN npm run drift initializes the CI stack THEN its backend assumes the read-only state role", () => {
    expect(seen.initRole).toBe(
      "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-development-read",
    );
  });

  it("GIVEN the plan role and the read-only backend WHEN npm run drift checks the CI stack THEN in sync (exit 0)", () => {
    const report = JSON.parse(seen.drift?.stdout || "{}");
    expect({
      code: seen.drift?.code,
      findings: (report.stacks ?? []).map((s: StackReport) => [
        s.status,
        s.drift,
        s.changes,
        s.error,
      ]),
    }).toEqual({ code: 0, findings: [["in-sync", [], [], undefined]] });
  });
});
