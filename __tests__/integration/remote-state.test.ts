/**
 * Cross-stack references at run time: the database stack's synthesized
 * `terraform_remote_state` reads the network stack's outputs from the
 * emulated bucket, with the real terraform binary and no warning.
 */
import * as fs from "fs";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../config";
import {
  Emulators,
  redirectToEmulators,
  startEmulators,
} from "../support/state-backend-fixture";
import {
  OFFLINE_PROVIDER_SETTINGS,
  StackJson,
  stubState,
} from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { synthesizedStacks, terraformReady } from "../support/plan";
import {
  initAgainst,
  outputOnlyDir,
  scratchDir,
  synthesize,
  terraform,
} from "./emulated-terraform";

const ready = terraformReady();
const describeWithTerraform = ready ? describe : describe.skip;
const PRODUCER = "financial-pipeline-development-vpc";
const CONSUMER = "financial-pipeline-development-database";
const BUCKET = PIPELINE_CONFIG.state.bucket!;

/** The consumer's remote state data sources, redirected to the emulators, plus an output per value they read. */
function readerConfig(
  consumer: StackJson,
  emulators: Emulators,
  extraConfig: Record<string, unknown> = {},
): StackJson {
  const redirected = redirectToEmulators(
    consumer,
    emulators,
    OFFLINE_PROVIDER_SETTINGS,
  );
  const sources: Record<string, StackJson> =
    redirected.data.terraform_remote_state;
  for (const source of Object.values(sources))
    Object.assign(source.config, extraConfig);
  const output: Record<string, { value: string }> = {};
  for (const name of Object.keys(sources)) {
    output[name] = { value: `\${data.terraform_remote_state.${name}.outputs}` };
  }
  return {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    data: { terraform_remote_state: sources },
    output,
  };
}

describeWithTerraform("cross-stack remote state against the emulators", () => {
  let emulators: Emulators;
  const seen: {
    seeded?: Record<string, { value: unknown }>;
    read?: Record<string, { value: unknown }>;
    output?: string;
    controlOutput?: string;
  } = {};

  beforeAll(async () => {
    emulators = await startEmulators({ buckets: [BUCKET] });
    const stacks = synthesizedStacks();
    const producer = stacks[PRODUCER];

    // Seed: the network stack's state holds a value for each of its outputs.
    const seedDir = outputOnlyDir("seed", producer, {});
    await initAgainst(emulators, seedDir);
    const state = stubState(producer, {
      region: "af-south-1",
      accountId: PIPELINE_CONFIG.environments.development.accountId,
    });
    seen.seeded = (
      state as { outputs: Record<string, { value: unknown }> }
    ).outputs;
    fs.writeFileSync(path.join(seedDir, "seed.tfstate"), JSON.stringify(state));
    const push = await terraform(["state", "push", "seed.tfstate"], seedDir);
    if (push.code !== 0)
      throw new Error(`state push failed:\n${push.stdout}${push.stderr}`);

    // Read: the database stack's data source, as synthesized, against the emulated bucket.
    const readDir = scratchDir("reader");
    fs.writeFileSync(
      path.join(readDir, "main.tf.json"),
      JSON.stringify(readerConfig(stacks[CONSUMER], emulators), null, 2),
    );
    const init = await terraform(
      ["init", "-input=false", "-no-color"],
      readDir,
    );
    const apply = await terraform(
      ["apply", "-auto-approve", "-input=false", "-no-color"],
      readDir,
    );
    seen.output = `${init.stdout}${init.stderr}${apply.stdout}${apply.stderr}`;
    if (apply.code !== 0)
      throw new Error(`reader apply failed:\n${seen.output}`);
    const outputs = JSON.parse(
      (await terraform(["output", "-json"], readDir)).stdout,
    );
    seen.read = Object.values<{ value: Record<string, { value: unknown }> }>(
      outputs,
    )[0]?.value as never;

    // Control: the same read with dynamodb_table in the data source, as cdktf's own S3Backend would write it.
    const controlDir = scratchDir("reader-control");
    const control = readerConfig(stacks[CONSUMER], emulators, {
      dynamodb_table: PIPELINE_CONFIG.state.lockTable,
    });
    fs.writeFileSync(
      path.join(controlDir, "main.tf.json"),
      JSON.stringify(control, null, 2),
    );
    await terraform(["init", "-input=false", "-no-color"], controlDir);
    const plan = await terraform(
      ["plan", "-input=false", "-no-color"],
      controlDir,
    );
    seen.controlOutput = `${plan.stdout}${plan.stderr}`;
  }, 300_000);

  afterAll(async () => {
    await emulators?.stop();
  });

  it("GIVEN seeded network outputs WHEN the database stack's remote state is read THEN it returns every one of them", () => {
    expect(Object.keys(seen.read ?? {}).length).toBeGreaterThan(0);
    expect(seen.read).toEqual(
      Object.fromEntries(
        Object.entries(seen.seeded ?? {}).map(([k, v]) => [k, v.value]),
      ),
    );
  });

  it("GIVEN the synthesized data source WHEN it is read THEN Terraform prints no deprecation warning", () => {
    expect(seen.output).not.toMatch(/Deprecated Parameter|Warning:/);
  });

  it("GIVEN a data source that names the lock table (the control) WHEN read THEN Terraform 1.11 warns, so the check above can fail", () => {
    expect(seen.controlOutput).toMatch(
      /Deprecated Parameter[\s\S]*dynamodb_table/,
    );
  });

  it("GIVEN DynamoDB locking WHEN synthesized THEN the database stack's data source is the one read above", () => {
    const withTable = synthesize(
      configWith((c) => {
        c.state.locking = "dynamodb";
      }),
      ["development"],
    );
    expect(withTable[CONSUMER].terraform.backend.s3.dynamodb_table).toBe(
      PIPELINE_CONFIG.state.lockTable,
    );
    expect(withTable[CONSUMER].data.terraform_remote_state).toEqual(
      synthesizedStacks()[CONSUMER].data.terraform_remote_state,
    );
  });
});
