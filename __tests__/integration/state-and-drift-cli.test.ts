/**
 * The state and drift commands as users run them (child processes, real
 * terraform, real AWS provider from the mirror) on a stack whose backend is
 * the emulated bucket. The stack is a one-resource LayerStack, so that its
 * state can be written by hand with `terraform state push`: applying real
 * AWS resources is impossible offline, and `plan -refresh=false` compares
 * configuration with that state without calling AWS.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { App, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../config";
import { LayerStack, LayerStackProps } from "../../stacks/layer-stack";
import type { DriftReport } from "../../tools/drift";
import {
  Emulators,
  redirectToEmulators,
  startEmulators,
  writeOutdir,
} from "../../tools/emulators";
import {
  OFFLINE_PROVIDER_SETTINGS,
  readSynthesizedStacks,
} from "../../tools/offline-plan";
import { terraformReady } from "../support/plan";
import {
  initAgainst,
  runCli,
  scratchDir,
  terraform,
} from "./emulated-terraform";

const ready = terraformReady();
const describeWithTerraform = ready ? describe : describe.skip;
const LOG_GROUP = "/financial-pipeline/development/drift-fixture";
const ADDRESS = "aws_cloudwatch_log_group.log-group";
const BUCKET = PIPELINE_CONFIG.state.bucket!;

/** One log group (30 days) and its name as an output. */
class DriftFixtureStack extends LayerStack {
  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "drift-fixture", props);
    const group = new CloudwatchLogGroup(this, "log-group", {
      name: LOG_GROUP,
      retentionInDays: 30,
    });
    new TerraformOutput(this, "log-group-name", { value: group.name });
  }
}

/** A state (format 4) in which the log group is kept `retentionDays` days. */
function fixtureState(
  lineage: string,
  serial: number,
  retentionDays: number,
  tags: Record<string, string>,
): string {
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial,
    lineage,
    outputs: { "log-group-name": { value: LOG_GROUP, type: "string" } },
    resources: [
      {
        mode: "managed",
        type: "aws_cloudwatch_log_group",
        name: "log-group",
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              arn: `arn:aws:logs:af-south-1:111111111111:log-group:${LOG_GROUP}`,
              id: LOG_GROUP,
              kms_key_id: "",
              log_group_class: "STANDARD",
              name: LOG_GROUP,
              name_prefix: "",
              retention_in_days: retentionDays,
              skip_destroy: false,
              tags: null,
              tags_all: tags,
            },
            sensitive_attributes: [],
          },
        ],
      },
    ],
  });
}

describeWithTerraform(
  "state and drift commands against the emulated backend",
  () => {
    let emulators: Emulators;
    let outdir: string;
    let stackDir: string;
    let stackName: string;
    let tags: Record<string, string>;
    let backendArgs: string[];

    /**
     * Pushes the fixture state with the given retention as the next version of
     * the stored state (same lineage, next serial: `init` already stored an
     * empty state, and push refuses unrelated lineages).
     */
    async function pushState(retentionDays: number): Promise<string> {
      const stored = JSON.parse(
        (
          await emulators.getObject(BUCKET, `development/${stackName}.tfstate`)
        )?.toString() ?? "{}",
      );
      const serial = (stored.serial ?? 0) + 1;
      const text = fixtureState(
        stored.lineage ?? "drift-fixture",
        serial,
        retentionDays,
        tags,
      );
      const file = path.join(stackDir, `push-${serial}.tfstate`);
      fs.writeFileSync(file, text);
      const push = await terraform(["state", "push", file], stackDir);
      if (push.code !== 0)
        throw new Error(`state push failed:\n${push.stdout}${push.stderr}`);
      return text;
    }

    beforeAll(async () => {
      emulators = await startEmulators({ buckets: [BUCKET] });
      backendArgs = emulators
        .backendConfig()
        .flatMap((c) => ["--backend-config", c]);
      const synthDir = scratchDir("fixture-synth");
      const app = new App({ outdir: synthDir, skipValidation: true });
      const stack = new DriftFixtureStack(app, {
        environment: PIPELINE_CONFIG.environments.development,
        state: PIPELINE_CONFIG.state,
      });
      app.synth();
      stackName = stack.node.id;
      const json = readSynthesizedStacks(synthDir)[stackName];
      tags = json.provider.aws[0].default_tags[0].tags;
      outdir = writeOutdir(scratchDir("fixture-outdir"), {
        [stackName]: redirectToEmulators(
          json,
          emulators,
          OFFLINE_PROVIDER_SETTINGS,
        ),
      });
      stackDir = path.join(outdir, "stacks", stackName);
      await initAgainst(emulators, stackDir);
      await pushState(30);
    }, 120_000);

    afterAll(async () => {
      await emulators?.stop();
    });

    describe("state inspection", () => {
      it("GIVEN a stack with state WHEN `state list` runs THEN it prints the resource address", async () => {
        const result = await runCli("state", [
          "list",
          stackName,
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({
          code: 0,
          stdout: ADDRESS,
        });
      });

      it("GIVEN a stack with state WHEN `state show` runs THEN it prints the resource's attributes", async () => {
        const result = await runCli("state", [
          "show",
          stackName,
          ADDRESS,
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/retention_in_days\s+= 30/);
      });

      it("GIVEN a stack with state WHEN `state output --json` runs THEN it prints the stack's outputs", async () => {
        const result = await runCli("state", [
          "output",
          stackName,
          "--json",
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        expect(JSON.parse(result.stdout)["log-group-name"].value).toBe(
          LOG_GROUP,
        );
      });

      it("GIVEN a stack with state WHEN `state pull` runs THEN the backup holds the stored state, readable by its owner only", async () => {
        const file = path.join(scratchDir("backup"), "backup.tfstate");
        const result = await runCli("state", [
          "pull",
          stackName,
          file,
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        const stored = JSON.parse(
          (await emulators.getObject(
            BUCKET,
            `development/${stackName}.tfstate`,
          ))!.toString(),
        );
        const backup = JSON.parse(fs.readFileSync(file, "utf8"));
        expect({
          code: result.code,
          mode: fs.statSync(file).mode & 0o777,
        }).toEqual({ code: 0, mode: 0o600 });
        expect(backup).toEqual(stored);
      });

      it("GIVEN an address that is not in state WHEN `state show` runs THEN it exits 1", async () => {
        const result = await runCli("state", [
          "show",
          stackName,
          "aws_s3_bucket.nothing",
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        expect(result.code).toBe(1);
      });
    });

    describe("drift detection (--no-refresh)", () => {
      const runs: Record<
        string,
        { code: number; report: DriftReport; summary: string }
      > = {};
      const drift = async () => {
        const result = await runCli("drift", [
          stackName,
          "--no-refresh",
          "--json",
          "--outdir",
          outdir,
          ...backendArgs,
        ]);
        return {
          code: result.code,
          report: JSON.parse(result.stdout) as DriftReport,
          summary: result.stderr,
        };
      };

      beforeAll(async () => {
        runs.inSync = await drift();
        await pushState(7); // planted: state says 7 days, configuration 30
        runs.planted = await drift();
        await pushState(30); // removed
        runs.removed = await drift();
      }, 180_000);

      it("GIVEN configuration and state agree WHEN drift runs THEN it exits 0 and reports the stack in sync", () => {
        expect({
          code: runs.inSync.code,
          status: runs.inSync.report.stacks[0].status,
        }).toEqual({ code: 0, status: "in-sync" });
      });

      it("GIVEN a planted difference WHEN drift runs THEN it exits 2", () => {
        expect(runs.planted.code).toBe(2);
      });

      it("GIVEN a planted difference WHEN drift runs THEN the JSON report names the resource and the changed attribute", () => {
        expect(runs.planted.report.stacks[0].changes).toEqual([
          {
            address: ADDRESS,
            actions: ["update"],
            attributes: ["retention_in_days"],
          },
        ]);
      });

      it("GIVEN a planted difference WHEN drift runs THEN the human summary names the resource and attribute", () => {
        expect(runs.planted.summary).toContain(
          `~ ${ADDRESS}: retention_in_days`,
        );
      });

      it("GIVEN the difference was removed WHEN drift runs THEN it exits 0 again", () => {
        expect({
          code: runs.removed.code,
          status: runs.removed.report.stacks[0].status,
        }).toEqual({ code: 0, status: "in-sync" });
      });
    });

    it("GIVEN an unreachable backend WHEN drift runs THEN it exits 1 and reports an error, never no drift", async () => {
      const unreachable = emulators
        .backendConfig()
        .map((c) =>
          c.startsWith("endpoints=")
            ? 'endpoints={s3="http://127.0.0.1:9",dynamodb="http://127.0.0.1:9"}'
            : c,
        )
        .concat("max_retries=1")
        .flatMap((c) => ["--backend-config", c]);
      const copy = writeOutdir(
        scratchDir("unreachable"),
        readSynthesizedStacks(outdir),
      );
      const result = await runCli("drift", [
        stackName,
        "--no-refresh",
        "--json",
        "--outdir",
        copy,
        ...unreachable,
      ]);
      const report = JSON.parse(result.stdout) as DriftReport;
      expect({ code: result.code, status: report.stacks[0].status }).toEqual({
        code: 1,
        status: "error",
      });
    }, 120_000);
  },
);
