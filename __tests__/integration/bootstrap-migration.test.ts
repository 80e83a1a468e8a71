/**
 * The documented bootstrap procedure (docs/state-and-drift.md) with the real terraform
 * binary: the first apply keeps the bootstrap's state in a local file at the
 * project root; after `bootstrapState: "s3"` and `terraform init
 * -migrate-state` the same state (lineage and serial) is in the bucket under
 * `bootstrap/`. An output-only configuration stands in for the AWS resources,
 * which cannot be applied offline.
 */
import * as fs from "fs";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../config";
import { Emulators, startEmulators } from "../support/state-backend-fixture";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { terraformReady } from "../support/plan";
import { scratchDir, synthesize, terraform } from "./emulated-terraform";

const ready = terraformReady();
const describeWithTerraform = ready ? describe : describe.skip;
const STACK = "financial-pipeline-bootstrap";
const BUCKET = PIPELINE_CONFIG.state.bucket!;

function bootstrapJson(location: "local" | "s3"): StackJson {
  return synthesize(
    configWith((c) => {
      c.state.bootstrapState = location;
    }),
    [],
  )[STACK];
}

describeWithTerraform("bootstrap state migration against the emulators", () => {
  let emulators: Emulators;
  const seen: {
    localFile?: StackJson;
    migrated?: StackJson;
    migrateOutput?: string;
  } = {};

  beforeAll(async () => {
    emulators = await startEmulators({ buckets: [BUCKET] });
    const project = scratchDir("project");
    const dir = path.join(project, "cdktf.out", "stacks", STACK);
    fs.mkdirSync(dir, { recursive: true });
    const write = (backend: StackJson) =>
      fs.writeFileSync(
        path.join(dir, "cdk.tf.json"),
        JSON.stringify({
          terraform: { backend },
          output: { bucket: { value: BUCKET } },
        }),
      );

    // 1. First apply: local state, as synthesized.
    write(bootstrapJson("local").terraform.backend);
    const init = await terraform(["init", "-input=false", "-no-color"], dir);
    const apply = await terraform(
      ["apply", "-auto-approve", "-input=false", "-no-color"],
      dir,
    );
    if (init.code !== 0 || apply.code !== 0)
      throw new Error(
        `local apply failed:\n${init.stdout}${init.stderr}${apply.stdout}${apply.stderr}`,
      );
    const localPath = path.join(project, `${STACK}.tfstate`);
    seen.localFile = fs.existsSync(localPath)
      ? JSON.parse(fs.readFileSync(localPath, "utf8"))
      : undefined;

    // 2. bootstrapState "s3", synthesized again, then init -migrate-state (-force-copy answers its question).
    write(bootstrapJson("s3").terraform.backend);
    const migrate = await terraform(
      [
        "init",
        "-input=false",
        "-no-color",
        "-migrate-state",
        "-force-copy",
        ...emulators.backendConfig().map((c) => `-backend-config=${c}`),
      ],
      dir,
    );
    seen.migrateOutput = `${migrate.stdout}${migrate.stderr}`;
    const object = await emulators.getObject(
      BUCKET,
      `bootstrap/${STACK}.tfstate`,
    );
    seen.migrated = object ? JSON.parse(object.toString()) : undefined;
  }, 300_000);

  afterAll(async () => {
    await emulators?.stop();
  });

  it("GIVEN bootstrapState local WHEN the bootstrap is applied from cdktf.out/stacks/<stack> THEN its state file is at the project root", () => {
    expect(seen.localFile?.outputs?.bucket?.value).toBe(BUCKET);
  });

  it("GIVEN bootstrapState s3 WHEN terraform init -migrate-state runs THEN the same resources and outputs are in the bucket under bootstrap/", () => {
    expect(
      seen.migrated && {
        outputs: seen.migrated.outputs,
        resources: seen.migrated.resources,
      },
    ).toEqual({
      outputs: seen.localFile?.outputs,
      resources: seen.localFile?.resources,
    });
  });

  it("GIVEN the migrated backend WHEN it was initialized THEN it needed no role: the bootstrap backend has no assume_role", () => {
    expect(bootstrapJson("s3").terraform.backend.s3).not.toHaveProperty(
      "assume_role",
    );
    expect(seen.migrateOutput).toMatch(
      /Successfully configured the backend "s3"/,
    );
  });
});
