/**
 * State isolation with moto's IAM enforcement on: the bootstrap (as
 * synthesized) creates the state bucket and the environments' state access
 * roles in the state account; then, with enforcement on, development's
 * state role can neither read nor write production's state, nor take its
 * lock, while it can do all three under development/.
 *
 * A moto of its own: enforcement applies to every request of a server, and
 * the lifecycle test's moto serves three environments meanwhile. (moto does
 * not read the trust policy of a role in another account: gap
 * `sts-trust-policy`.)
 */
import * as fs from "fs";
import * as path from "path";
import { DeployCommandOutput } from "../../tools/deploy";
import {
  AwsCredentials,
  awsCli,
  AwsCliResult,
  awsEnv,
  credentialsIn,
  motoReady,
  MotoServer,
  startMoto,
} from "../../tools/emulator/moto";
import { EmulatedPlatform } from "../../tools/emulator/platform";
import { TerraformResult } from "../../tools/terraform";
import { scratchDir } from "../integration/emulated-terraform";
import { synthesizedOutdir, terraformReady } from "../support/plan";

const ready = terraformReady() && motoReady();
const describeOnMoto = ready ? describe : describe.skip;

describeOnMoto("state isolation on moto with IAM enforcement", () => {
  let moto: MotoServer;
  const seen: {
    bootstrap?: DeployCommandOutput;
    own?: Record<string, AwsCliResult>;
    production?: Record<string, AwsCliResult>;
    init?: TerraformResult;
  } = {};

  beforeAll(async () => {
    moto = await startMoto();
    const platform = new EmulatedPlatform(
      moto,
      synthesizedOutdir(),
      scratchDir("isolation"),
    );
    const stateAccount = platform.accountOfEnvironment("bootstrap");
    seen.bootstrap = await platform.deploy(
      [platform.bootstrapStack],
      stateAccount,
    );
    if (seen.bootstrap.code !== 0) return;
    const backend =
      platform.stacks[platform.stacksOf("production")[0]].terraform.backend.s3;
    const ownBackend =
      platform.stacks[platform.stacksOf("development")[0]].terraform.backend.s3;
    const bucket: string = backend.bucket;
    // Production's state exists (written by the state account's administrator).
    const admin = await platform.envFor(stateAccount);
    const body = path.join(platform.workDir, "state.json");
    fs.writeFileSync(body, '{"version":4}');
    for (const key of [backend.key, ownBackend.key]) {
      const put = await awsCli(
        [
          "s3api",
          "put-object",
          "--bucket",
          bucket,
          "--key",
          key,
          "--body",
          body,
        ],
        admin,
      );
      if (put.code !== 0) throw new Error(put.stderr);
    }
    // Development's state role, assumed from development's account, as its backend does.
    const development = await platform.credentialsFor(
      platform.accountOfEnvironment("development"),
    );
    const role: AwsCredentials = await credentialsIn(
      moto.endpoint,
      stateAccount,
      backend.assume_role.role_arn
        .split("/")
        .pop()
        .replace("production", "development"),
      development,
    );
    await moto.enforceIam();
    const env = awsEnv(moto.endpoint, role);
    const attempts = async (key: string) => ({
      read: await awsCli(
        [
          "s3api",
          "get-object",
          "--bucket",
          bucket,
          "--key",
          key,
          path.join(platform.workDir, "out"),
        ],
        env,
      ),
      write: await awsCli(
        [
          "s3api",
          "put-object",
          "--bucket",
          bucket,
          "--key",
          key,
          "--body",
          body,
        ],
        env,
      ),
      lock: await awsCli(
        [
          "s3api",
          "put-object",
          "--bucket",
          bucket,
          "--key",
          `${key}.tflock`,
          "--body",
          body,
          "--if-none-match",
          "*",
        ],
        env,
      ),
    });
    seen.production = await attempts(backend.key);
    seen.own = await attempts(ownBackend.key);
  }, 20 * 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it("GIVEN the bootstrap as synthesized WHEN it is applied in the state account THEN it succeeds", () => {
    expect({
      code: seen.bootstrap?.code,
      output: seen.bootstrap?.stdout,
    }).toMatchObject({ code: 0 });
  });

  it.each(["read", "write", "lock"] as const)(
    "GIVEN development's state role WHEN it tries to %s production's state THEN S3 denies it",
    (attempt) => {
      const result = seen.production?.[attempt];
      expect(result?.code).not.toBe(0);
      expect(result?.stderr).toMatch(/AccessDenied|Forbidden|403/);
    },
  );

  it.each(["read", "write", "lock"] as const)(
    "GIVEN development's state role WHEN it tries to %s development's state THEN S3 allows it (the control)",
    (attempt) => {
      expect({
        code: seen.own?.[attempt]?.code,
        stderr: seen.own?.[attempt]?.stderr,
      }).toEqual({ code: 0, stderr: "" });
    },
  );
});
