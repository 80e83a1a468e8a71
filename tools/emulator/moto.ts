/**
 * moto (the AWS API emulator, 5.2.1) as a child process on a free loopback
 * port, for the tests and the sandbox: {@link startMoto} starts
 * tools/emulator/moto_server.py (moto's own server plus the documented shims
 * of gaps.ts), waits until it answers HTTP, and returns its endpoint;
 * `stop()` ends it. Terraform and the AWS CLI reach it through
 * `AWS_ENDPOINT_URL` ({@link awsEnv}); nothing that users deploy changes.
 *
 * Accounts: credentials moto's STS `AssumeRole` returns for a role of
 * `<account>` act in it: each environment and the state account are
 * separate accounts of one emulator ({@link credentialsIn}).
 */
import { ChildProcess, execFile, spawn, spawnSync } from "child_process";
import * as http from "http";
import * as path from "path";

/** The moto release this project is tested with (`pip install "moto[server]==5.2.1"`). */
export const MOTO_VERSION = "5.2.1";
/** Overrides the Python interpreter that has moto installed. */
export const PYTHON_VARIABLE = "PIPELINE_MOTO_PYTHON";
/** The credentials moto's default (root) identity accepts: any will do. */
export const ROOT_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATORROOT0000",
  AWS_SECRET_ACCESS_KEY: "emulator-root-secret",
} as const;
/**
 * The role assumed into an environment's account to act in it: the name AWS
 * Organizations gives the administrator role of a member account. moto does
 * not need it to exist (its STS does not check the target role).
 */
export const ACCOUNT_ACCESS_ROLE = "OrganizationAccountAccessRole";

/** moto with the shims; its path is in the command line of every moto started here. */
export const SERVER_SCRIPT = path.join(__dirname, "moto_server.py");

/** The Python interpreter to run moto with. */
export function pythonBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env[PYTHON_VARIABLE] || "python3";
}

/** The installed moto version, or undefined when Python or moto is missing. */
export function installedMotoVersion(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const result = spawnSync(
    pythonBinary(env),
    ["-c", "import moto, werkzeug; print(moto.__version__)"],
    { encoding: "utf8", timeout: 60_000 },
  );
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Whether moto can run here. With CI=true a missing moto (or another
 * version) is an error, never a reason to skip.
 */
export function motoReady(env: NodeJS.ProcessEnv = process.env): boolean {
  const version = installedMotoVersion(env);
  const ready = version === MOTO_VERSION;
  if (!ready && env.CI === "true") {
    throw new Error(
      `CI=true but moto ${MOTO_VERSION} is not importable by ${pythonBinary(env)} (found: ${version ?? "none"}): ` +
        `pip install "moto[server]==${MOTO_VERSION}" (or set ${PYTHON_VARIABLE})`,
    );
  }
  return ready;
}

/** Options of {@link startMoto}. */
export interface MotoOptions {
  /**
   * Turns on moto's IAM enforcement after this many requests
   * (`INITIAL_NO_AUTH_ACTION_COUNT`); {@link MotoServer.enforceIam} turns it
   * on later.
   * @default - off (every request allowed)
   */
  readonly iamEnforcementAfter?: number;
  /** @default 0 (a free port) */
  readonly port?: number;
  /**
   * Keep running after this process exits (the sandbox).
   * @default false
   */
  readonly detached?: boolean;
  /**
   * File that receives moto's request log.
   * @default - discarded
   */
  readonly logFile?: number;
  /** @default 60000 */
  readonly startTimeoutMs?: number;
}

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Turns on IAM enforcement for every later request (moto's `/moto-api/reset-auth`). */
  enforceIam(): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** The environment moto runs with. */
export function motoEnv(
  options: MotoOptions,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    // AWS managed policies (AmazonRDSEnhancedMonitoringRole...): without
    // them AttachRolePolicy answers 404 and the provider retries for minutes.
    MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
    // An ACM certificate (DNS validation) turns ISSUED on the first describe
    // after this many seconds (whole seconds; moto's default 60): without it
    // the provider's validation waiter holds the apply for a minute.
    MOTO_ACM_VALIDATION_WAIT: "1",
    PYTHONUNBUFFERED: "1",
  };
  // One server, many accounts: never force a single account.
  delete env.MOTO_ACCOUNT_ID;
  if (options.iamEnforcementAfter !== undefined)
    env.INITIAL_NO_AUTH_ACTION_COUNT = String(options.iamEnforcementAfter);
  else delete env.INITIAL_NO_AUTH_ACTION_COUNT;
  return env;
}

/** One HTTP request to moto; resolves with the status and body. */
export function motoRequest(
  url: string,
  method = "GET",
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // No keep-alive agent: a pooled socket would keep a test worker alive.
    const req = http.request(url, { method, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${url} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Resolves once `endpoint` answers HTTP (any status), or rejects after `timeoutMs`. */
export async function waitUntilAnswering(
  endpoint: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await motoRequest(`${endpoint}/moto-api/`);
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`moto at ${endpoint} did not answer: ${error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Starts moto (with the shims) on 127.0.0.1 and resolves once it answers. */
export async function startMoto(
  options: MotoOptions = {},
): Promise<MotoServer> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const child = spawn(
    pythonBinary(),
    [
      SERVER_SCRIPT,
      "--host",
      "127.0.0.1",
      "--port",
      String(options.port ?? 0),
      ...(options.detached ? ["--detached"] : []),
    ],
    {
      env: motoEnv(options),
      detached: options.detached ?? false,
      stdio: ["ignore", "pipe", options.logFile ?? "ignore"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`moto did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // The whole line: print() writes its "\n" apart, into a pipe a detached moto's parent closes next.
      const match = /moto listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code} before listening:\n${out}`));
    });
  });
  // Nothing reads moto's stdout after the first line; keep the pipe drained.
  child.stdout!.resume();
  if (options.detached) {
    child.stdout!.destroy();
    child.unref();
  }
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, timeoutMs);
  return {
    endpoint,
    port,
    pid: child.pid!,
    enforceIam: async () => {
      const result = await motoRequest(
        `${endpoint}/moto-api/reset-auth`,
        "POST",
        "0",
      );
      if (result.status !== 200)
        throw new Error(`moto reset-auth: ${result.status} ${result.body}`);
    },
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** A moto server started by another process (the sandbox's), by endpoint and pid. */
export function attachMoto(endpoint: string, pid: number): MotoServer {
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    pid,
    enforceIam: async () => {
      await motoRequest(`${endpoint}/moto-api/reset-auth`, "POST", "0");
    },
    stop: async () => {
      if (!processAlive(pid)) return;
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 50 && processAlive(pid); i++)
        await new Promise((r) => setTimeout(r, 200));
      if (processAlive(pid)) process.kill(pid, "SIGKILL");
    },
  };
}

/** Whether a process with this id runs. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------- credentials, CLI
/** AWS credentials as environment variables. */
export interface AwsCredentials {
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
  readonly AWS_SESSION_TOKEN?: string;
}

/**
 * The environment for Terraform, the AWS CLI and the project's commands
 * against moto: `AWS_ENDPOINT_URL` (the AWS provider 5.100.0 and the S3
 * backend of Terraform 1.11 both honour it), the credentials, a region, and
 * no profile or shared file that could point elsewhere.
 */
export function awsEnv(
  endpoint: string,
  credentials: AwsCredentials,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: base.AWS_REGION ?? "af-south-1",
    AWS_DEFAULT_REGION: base.AWS_REGION ?? "af-south-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    ...credentials,
  };
  delete env.AWS_PROFILE;
  if (!credentials.AWS_SESSION_TOKEN) delete env.AWS_SESSION_TOKEN;
  return env;
}

/** What one `aws` CLI call printed. */
export interface AwsCliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aws <args>` (awscli) against moto; never throws for a non-zero exit. */
export function awsCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<AwsCliResult> {
  return new Promise((resolve) => {
    execFile(
      "aws",
      [...args, "--output", "json"],
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** `aws <args>` parsed as JSON; throws with the CLI's message on failure. */
export async function awsJson<T = Record<string, unknown>>(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<T> {
  const result = await awsCli(args, env);
  if (result.code !== 0)
    throw new Error(`aws ${args.join(" ")}: ${result.stderr.trim()}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}

/** The credentials an STS call (`aws sts <args>`) returns. */
export async function stsCredentials(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<AwsCredentials> {
  const response = await awsJson<{
    Credentials: {
      AccessKeyId: string;
      SecretAccessKey: string;
      SessionToken: string;
    };
  }>(["sts", ...args], env);
  return {
    AWS_ACCESS_KEY_ID: response.Credentials.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: response.Credentials.SecretAccessKey,
    AWS_SESSION_TOKEN: response.Credentials.SessionToken,
  };
}

/**
 * Credentials that act in `account` (moto's STS returns them for any role
 * ARN of that account), assumed with the root credentials.
 */
export async function credentialsIn(
  endpoint: string,
  account: string,
  roleName: string = ACCOUNT_ACCESS_ROLE,
  from: AwsCredentials = ROOT_CREDENTIALS,
): Promise<AwsCredentials> {
  return stsCredentials(
    [
      "assume-role",
      "--role-arn",
      `arn:aws:iam::${account}:role/${roleName}`,
      "--role-session-name",
      "emulator",
    ],
    awsEnv(endpoint, from),
  );
}

/**
 * The exception lines of moto's log (`KeyError: ...`, `NotImplementedError:
 * ...`), the last `count` of them: what a 500 from moto was.
 */
export function motoExceptions(log: string, count = 10): string[] {
  return log
    .split("\n")
    .filter((line) => /^[A-Za-z_][\w.]*(Error|Exception)\b/.test(line))
    .slice(-count);
}
