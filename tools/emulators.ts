/**
 * S3 and DynamoDB protocol emulators (s3rver, dynalite) on free loopback
 * ports, for running Terraform's S3 backend without AWS: the integration
 * tests start and stop them; by hand,
 *
 *   node -r ts-node/register/transpile-only tools/emulators.ts [--bucket <name>] [--lock-table <name>]
 *
 * starts both until Ctrl-C and prints the `--backend-config` options that
 * point `npm run state` / `npm run drift` at them; with `--copy-from
 * cdktf.out` it also writes scratch copies of the synthesized stacks,
 * redirected to the emulators ({@link redirectToEmulators}), to
 * `.gen/emulated-out` and prints the `--outdir` for them.
 *
 * Limits, measured: s3rver stores no server-side-encryption settings (it
 * accepts and drops the SSE-KMS headers, so the requests are recorded here
 * instead) and ignores `If-None-Match: *`, so S3 lock-file exclusion cannot
 * be shown against it; dynalite honours conditional writes, so DynamoDB lock
 * contention can.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import {
  OFFLINE_PROVIDER_SETTINGS,
  readSynthesizedStacks,
  StackJson,
  withoutAwsAccountGuards,
} from "./offline-plan";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const S3rver = require("s3rver");
const dynalite = require("dynalite");

/** The emulators' fixed credentials (s3rver's defaults; dynalite accepts any). */
export const EMULATOR_CREDENTIALS = {
  accessKey: "S3RVER",
  secretKey: "S3RVER",
} as const;

/** One request the S3 emulator received. */
export interface RecordedRequest {
  readonly method: string;
  /** Bucket and key, decoded, without the query: `/bucket/dev/x.tfstate`. */
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Running emulators. */
export interface Emulators {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Every request s3rver received, in order. */
  readonly s3Requests: RecordedRequest[];
  /** `-backend-config` values that point an S3 backend at the emulators. */
  backendConfig(): string[];
  /** Settings to merge into a `terraform_remote_state` (backend s3) config. */
  remoteStateConfig(): Record<string, unknown>;
  /** An object's bytes, or undefined when it does not exist. */
  getObject(bucket: string, key: string): Promise<Buffer | undefined>;
  /** Creates a Terraform lock table (`LockID` string key). */
  createLockTable(name: string): Promise<void>;
  /** Every item of a table, as DynamoDB JSON. */
  scanTable(name: string): Promise<Record<string, any>[]>;
  stop(): Promise<void>;
}

/** Options of {@link startEmulators}. */
export interface EmulatorOptions {
  /** Buckets that exist from the start. */
  readonly buckets: readonly string[];
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve((server.address() as { port: number }).port),
    );
  });
}

function request(
  url: string,
  options: http.RequestOptions,
  body?: string,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }),
      );
    });
    req.setTimeout(10_000, () =>
      req.destroy(new Error(`request to ${url} timed out`)),
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Starts s3rver and dynalite on free ports of 127.0.0.1. Stop them with `stop()`. */
export async function startEmulators(
  options: EmulatorOptions,
): Promise<Emulators> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  const s3 = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port: s3Port } = await s3.run();
  const s3Requests: RecordedRequest[] = [];
  s3.httpServer.on("request", (req: http.IncomingMessage) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    s3Requests.push({
      method: req.method ?? "",
      path: decodeURIComponent(url.pathname),
      query: url.search,
      headers: { ...req.headers },
    });
  });
  const dynamo: http.Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const dynamoPort = await listen(dynamo);

  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const dynamodbEndpoint = `http://127.0.0.1:${dynamoPort}`;

  const dynamoCall = async (target: string, payload: object): Promise<any> => {
    const body = JSON.stringify(payload);
    const response = await request(
      dynamodbEndpoint,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.0",
          "X-Amz-Target": `DynamoDB_20120810.${target}`,
          "X-Amz-Date": "20250101T000000Z",
          // dynalite checks the header's shape, not the signature.
          Authorization:
            "AWS4-HMAC-SHA256 Credential=S3RVER/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      body,
    );
    const parsed = JSON.parse(response.body.toString() || "{}");
    if (response.status !== 200)
      throw new Error(
        `DynamoDB ${target}: ${response.status} ${response.body.toString()}`,
      );
    return parsed;
  };

  return {
    s3Endpoint,
    dynamodbEndpoint,
    s3Requests,
    backendConfig: () => [
      `endpoints={s3="${s3Endpoint}",dynamodb="${dynamodbEndpoint}"}`,
      "use_path_style=true",
      `access_key=${EMULATOR_CREDENTIALS.accessKey}`,
      `secret_key=${EMULATOR_CREDENTIALS.secretKey}`,
      "skip_credentials_validation=true",
      "skip_requesting_account_id=true",
      "skip_metadata_api_check=true",
      "skip_region_validation=true",
      "skip_s3_checksum=true",
    ],
    remoteStateConfig: () => ({
      endpoints: { s3: s3Endpoint },
      use_path_style: true,
      access_key: EMULATOR_CREDENTIALS.accessKey,
      secret_key: EMULATOR_CREDENTIALS.secretKey,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_s3_checksum: true,
    }),
    getObject: async (bucket, key) => {
      const response = await request(
        `${s3Endpoint}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`,
        { method: "GET" },
      );
      if (response.status === 404) return undefined;
      if (response.status !== 200)
        throw new Error(
          `GET ${bucket}/${key}: ${response.status} ${response.body.toString()}`,
        );
      return response.body;
    },
    createLockTable: async (name) => {
      await dynamoCall("CreateTable", {
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      });
      // dynalite makes a table ACTIVE on the next tick; wait until it says so.
      for (let i = 0; i < 50; i++) {
        const { Table } = await dynamoCall("DescribeTable", {
          TableName: name,
        });
        if (Table.TableStatus === "ACTIVE") return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`lock table ${name} did not become ACTIVE`);
    },
    scanTable: async (name) =>
      (await dynamoCall("Scan", { TableName: name })).Items ?? [],
    stop: async () => {
      (s3.httpServer as http.Server).closeAllConnections?.();
      dynamo.closeAllConnections?.();
      await Promise.all([
        s3.close(),
        new Promise((resolve) => dynamo.close(() => resolve(undefined))),
      ]);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
/* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */

/**
 * A scratch copy of a synthesized stack that runs against the emulators,
 * never what users deploy: the S3 backend loses its `assume_role` (the
 * emulators have no STS; endpoints and credentials come as `-backend-config`
 * values from {@link Emulators.backendConfig}), every S3
 * `terraform_remote_state` reads from the emulated bucket, and each AWS
 * provider gets the offline settings of tools/offline-plan.ts (dummy
 * credentials, skip flags, no account guard).
 */
export function redirectToEmulators(
  stack: StackJson,
  emulators: Pick<Emulators, "remoteStateConfig">,
  providerSettings: Record<string, unknown>,
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

// ------------------------------------------------------------------- CLI
if (require.main === module) {
  const argv = process.argv.slice(2);
  const valueOf = (flag: string) =>
    argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined;
  const bucket =
    valueOf("--bucket") ?? "financial-pipeline-tfstate-999999999999-af-south-1";
  const lockTable = valueOf("--lock-table");
  const copyFrom = valueOf("--copy-from");
  startEmulators({ buckets: [bucket] }).then(async (emulators) => {
    if (lockTable) await emulators.createLockTable(lockTable);
    console.log(
      `S3 (s3rver):          ${emulators.s3Endpoint}  bucket ${bucket}`,
    );
    console.log(
      `DynamoDB (dynalite):  ${emulators.dynamodbEndpoint}${lockTable ? `  table ${lockTable}` : ""}`,
    );
    const options = emulators
      .backendConfig()
      .map((c) => `--backend-config '${c}'`);
    if (copyFrom) {
      // Scratch copies of every synthesized stack, redirected: cdktf.out stays as synthesized.
      const outdir = path.resolve(".gen", "emulated-out");
      fs.rmSync(outdir, { recursive: true, force: true });
      const stacks = readSynthesizedStacks(path.resolve(copyFrom));
      writeOutdir(
        outdir,
        Object.fromEntries(
          Object.entries(stacks).map(([name, json]) => [
            name,
            redirectToEmulators(json, emulators, OFFLINE_PROVIDER_SETTINGS),
          ]),
        ),
      );
      options.unshift(`--outdir ${path.relative(process.cwd(), outdir)}`);
    }
    console.log(
      `\nOptions for npm run state / drift:\n  ${options.join(" \\\n  ")}`,
    );
    console.log("\nCtrl-C stops both.");
    process.once(
      "SIGINT",
      () => void emulators.stop().then(() => process.exit(0)),
    );
  });
}
