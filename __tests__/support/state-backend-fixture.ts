/**
 * A state bucket (and lock table) on moto for the backend tests that need
 * only S3 and DynamoDB, not a bootstrap: one moto server, buckets created
 * up front, and the `-backend-config` values that point an S3 backend at
 * it with moto's default account. (It replaces the s3rver + dynalite pair
 * of the project's first emulator tests: one emulator.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  OFFLINE_PROVIDER_SETTINGS,
  StackJson,
  withoutAwsAccountGuards,
} from "../../tools/offline-plan";
import {
  awsCli,
  awsEnv,
  awsJson,
  MotoServer,
  startMoto,
} from "../../tools/emulator/moto";

/** Credentials of the fixture: moto's default account (123456789012). */
export const EMULATOR_CREDENTIALS = {
  accessKey: "AKIASTATEFIXTURE0000",
  secretKey: "state-fixture-secret",
} as const;

/** A state object's server-side encryption as S3 reports it. */
export interface ObjectEncryption {
  readonly ServerSideEncryption?: string;
  readonly SSEKMSKeyId?: string;
}

/** A running fixture. */
export interface Emulators {
  readonly moto: MotoServer;
  /** moto's endpoint (S3 and DynamoDB alike). */
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** `-backend-config` values that point an S3 backend at moto. */
  backendConfig(): string[];
  /** Settings to merge into a `terraform_remote_state` (backend s3) config. */
  remoteStateConfig(): Record<string, unknown>;
  /** An object's bytes, or undefined when it does not exist. */
  getObject(bucket: string, key: string): Promise<Buffer | undefined>;
  /** An object's server-side encryption (HeadObject). */
  headObject(bucket: string, key: string): Promise<ObjectEncryption>;
  /** Creates a Terraform lock table (`LockID` string key). */
  createLockTable(name: string): Promise<void>;
  /** Every item of a table, as DynamoDB JSON. */
  scanTable(name: string): Promise<Record<string, { S?: string }>[]>;
  stop(): Promise<void>;
}

/** Options of {@link startEmulators}. */
export interface EmulatorOptions {
  /** Buckets that exist from the start (in af-south-1). */
  readonly buckets: readonly string[];
  /** @default "af-south-1" */
  readonly region?: string;
}

/** Starts moto and creates the buckets. Stop it with `stop()`. */
export async function startEmulators(
  options: EmulatorOptions,
): Promise<Emulators> {
  const region = options.region ?? "af-south-1";
  const moto = await startMoto();
  const env = awsEnv(moto.endpoint, {
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKey,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretKey,
  });
  const aws = <T>(args: string[]) =>
    awsJson<T>([...args, "--region", region], env);
  for (const bucket of options.buckets)
    await aws([
      "s3api",
      "create-bucket",
      "--bucket",
      bucket,
      "--create-bucket-configuration",
      `LocationConstraint=${region}`,
    ]);
  const connection = {
    access_key: EMULATOR_CREDENTIALS.accessKey,
    secret_key: EMULATOR_CREDENTIALS.secretKey,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    use_path_style: true,
  };
  return {
    moto,
    s3Endpoint: moto.endpoint,
    dynamodbEndpoint: moto.endpoint,
    backendConfig: () => [
      `endpoints={s3="${moto.endpoint}",dynamodb="${moto.endpoint}",sts="${moto.endpoint}"}`,
      ...Object.entries(connection).map(([k, v]) => `${k}=${v}`),
    ],
    remoteStateConfig: () => ({
      endpoints: { s3: moto.endpoint },
      ...connection,
    }),
    getObject: async (bucket, key) => {
      const file = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), "object-")),
        "body",
      );
      try {
        const result = await awsCli(
          [
            "s3api",
            "get-object",
            "--bucket",
            bucket,
            "--key",
            key,
            file,
            "--region",
            region,
          ],
          env,
        );
        if (result.code !== 0) {
          if (/NoSuchKey|Not Found|404/.test(result.stderr)) return undefined;
          throw new Error(`get-object ${bucket}/${key}: ${result.stderr}`);
        }
        return fs.readFileSync(file);
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    },
    headObject: (bucket, key) =>
      aws<ObjectEncryption>([
        "s3api",
        "head-object",
        "--bucket",
        bucket,
        "--key",
        key,
      ]),
    createLockTable: async (name) => {
      await aws([
        "dynamodb",
        "create-table",
        "--table-name",
        name,
        "--attribute-definitions",
        "AttributeName=LockID,AttributeType=S",
        "--key-schema",
        "AttributeName=LockID,KeyType=HASH",
        "--billing-mode",
        "PAY_PER_REQUEST",
      ]);
    },
    scanTable: async (name) =>
      (
        await aws<{ Items?: Record<string, { S?: string }>[] }>([
          "dynamodb",
          "scan",
          "--table-name",
          name,
        ])
      ).Items ?? [],
    stop: () => moto.stop(),
  };
}

/**
 * A scratch copy of a synthesized stack for the fixture, never what users
 * deploy: the S3 backend loses its `assume_role` (the fixture has no
 * bootstrap, so no state role; endpoints and credentials come as
 * `-backend-config` values from {@link Emulators.backendConfig}), every S3
 * `terraform_remote_state` reads from the fixture's bucket, and each AWS
 * provider gets the offline settings of tools/offline-plan.ts. The full
 * lifecycle (tools/emulator/platform.ts) keeps every role as synthesized.
 */
export function redirectToEmulators(
  stack: StackJson,
  emulators: Pick<Emulators, "remoteStateConfig">,
  providerSettings: Record<string, unknown> = OFFLINE_PROVIDER_SETTINGS,
): StackJson {
  const json: StackJson = JSON.parse(JSON.stringify(stack));
  const backend = json.terraform?.backend?.s3;
  if (backend) delete backend.assume_role;
  for (const source of Object.values<StackJson>(
    json.data?.terraform_remote_state ?? {},
  )) {
    if (source.backend !== "s3") continue;
    delete source.config.assume_role;
    Object.assign(source.config, emulators.remoteStateConfig());
  }
  withoutAwsAccountGuards(json, providerSettings);
  return json;
}

/**
 * Writes `stacks` as a synthesized output folder (manifest.json plus
 * `stacks/<name>/cdk.tf.json`) that `--outdir` of the state and drift CLIs
 * accepts; returns `outdir`.
 */
export function writeOutdir(
  outdir: string,
  stacks: Readonly<Record<string, StackJson>>,
): string {
  const manifest: { version: string; stacks: Record<string, object> } = {
    version: "0.21.0",
    stacks: {},
  };
  for (const [name, json] of Object.entries(stacks)) {
    const dir = path.join(outdir, "stacks", name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "cdk.tf.json"),
      JSON.stringify(json, null, 2),
    );
    manifest.stacks[name] = {
      name,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      dependencies: [],
    };
  }
  fs.writeFileSync(
    path.join(outdir, "manifest.json"),
    JSON.stringify(manifest, null, 2),
  );
  return outdir;
}
