/**
 * moto as the tests start it (moto_server.py with its shims, moto.ts's
 * environment): each shim makes moto answer as AWS does and nothing beside
 * it. The bucket-policy shim evaluates aws:SecureTransport in bucket
 * policies only: a conditional statement of an identity policy is still
 * moto's own (its condition on a key the request lacks counts as met, which
 * here is what AWS does too).
 *
 * One moto, everything in beforeAll; IAM enforcement is turned on last
 * (it applies to every later request of the server).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AwsCliResult,
  awsCli,
  awsEnv,
  awsJson,
  motoReady,
  MotoServer,
  ROOT_CREDENTIALS,
  startMoto,
} from "../../../tools/emulator/moto";

const describeWithMoto = motoReady() ? describe : describe.skip;

const TLS_ONLY = (bucket: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

/** Everything but creating queues in af-south-1 (the region every request here names). */
const IDENTITY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: "sqs:*", Resource: "*" },
    {
      Effect: "Deny",
      Action: "sqs:CreateQueue",
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": "af-south-1" } },
    },
  ],
});

describeWithMoto("moto as started for the tests (shims, environment)", () => {
  let moto: MotoServer;
  let scratch: string;
  const seen: {
    certificate?: string;
    putIntoTlsOnlyBucket?: AwsCliResult;
    conditionalDeny?: AwsCliResult;
    unconditionalAllow?: AwsCliResult;
  } = {};

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "moto-server-"));
    moto = await startMoto();
    const root = awsEnv(moto.endpoint, ROOT_CREDENTIALS);

    const { CertificateArn } = await awsJson<{ CertificateArn: string }>(
      [
        "acm",
        "request-certificate",
        "--domain-name",
        "api.example.com",
        "--validation-method",
        "DNS",
      ],
      root,
    );
    await new Promise((r) => setTimeout(r, 2_500));
    seen.certificate = (
      await awsJson<{ Certificate: { Status: string } }>(
        ["acm", "describe-certificate", "--certificate-arn", CertificateArn],
        root,
      )
    ).Certificate.Status;

    const bucket = "tls-only-bucket";
    const body = path.join(scratch, "body");
    fs.writeFileSync(body, "x");
    await awsJson(
      [
        "s3api",
        "create-bucket",
        "--bucket",
        bucket,
        "--create-bucket-configuration",
        "LocationConstraint=af-south-1",
      ],
      root,
    );
    await awsJson(
      [
        "s3api",
        "put-bucket-policy",
        "--bucket",
        bucket,
        "--policy",
        TLS_ONLY(bucket),
      ],
      root,
    );
    seen.putIntoTlsOnlyBucket = await awsCli(
      ["s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body],
      root,
    );

    await awsJson(["iam", "create-user", "--user-name", "probe"], root);
    await awsJson(
      [
        "iam",
        "put-user-policy",
        "--user-name",
        "probe",
        "--policy-name",
        "p",
        "--policy-document",
        IDENTITY_POLICY,
      ],
      root,
    );
    const { AccessKey } = await awsJson<{
      AccessKey: { AccessKeyId: string; SecretAccessKey: string };
    }>(["iam", "create-access-key", "--user-name", "probe"], root);
    const user = awsEnv(moto.endpoint, {
      AWS_ACCESS_KEY_ID: AccessKey.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: AccessKey.SecretAccessKey,
    });
    await moto.enforceIam();
    seen.conditionalDeny = await awsCli(
      [
        "sqs",
        "create-queue",
        "--queue-name",
        "q",
        "--endpoint-url",
        moto.endpoint,
      ],
      user,
    );
    seen.unconditionalAllow = await awsCli(
      ["sqs", "list-queues", "--endpoint-url", moto.endpoint],
      user,
    );
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("GIVEN an ACM certificate with DNS validation WHEN described after 2.5 s THEN it is ISSUED (MOTO_ACM_VALIDATION_WAIT=1)", () => {
    expect(seen.certificate).toBe("ISSUED");
  });

  it("GIVEN a bucket whose policy denies requests without TLS WHEN the provider's kind of request puts an object THEN it is allowed (shim bucket-policy-secure-transport)", () => {
    expect({
      code: seen.putIntoTlsOnlyBucket?.code,
      stderr: seen.putIntoTlsOnlyBucket?.stderr,
    }).toEqual({ code: 0, stderr: "" });
  });

  it("GIVEN enforcement and an identity policy whose Deny is conditional on the requested region WHEN the user creates a queue in that region THEN the Deny applies (the shim leaves identity policies alone)", () => {
    expect({
      code: seen.conditionalDeny?.code,
      denied: /AccessDenied|not authorized/i.test(
        seen.conditionalDeny?.stderr ?? "",
      ),
    }).toEqual({ code: 255, denied: true });
  });

  it("GIVEN the same user WHEN it lists queues (allowed without a condition) THEN it succeeds (the control)", () => {
    expect(seen.unconditionalAllow?.code).toBe(0);
  });
});
