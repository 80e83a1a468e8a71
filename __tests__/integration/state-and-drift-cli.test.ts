/**
 * The state and drift commands as users run them (child processes, real
 * terraform, real AWS provider from the mirror) on stacks whose backend is
 * the emulated bucket. The first stack is a one-resource LayerStack whose
 * state is written by hand with `terraform state push`, and `plan
 * -refresh=false` compares configuration with that state. The second, a
 * small API layer, is applied on moto and refreshed: the image tag it runs,
 * a retention Terraform ignores, and a gap moto has.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { App, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../config";
import { imageTagVariable } from "../../stacks/api-stack";
import { LayerStack, LayerStackProps } from "../../stacks/layer-stack";
import { DEPLOYED_IMAGE_OUTPUT } from "../../tools/deployed-image";
import type { DriftReport, StackReport } from "../../tools/drift/cli";
import { awsCli, awsEnv } from "../../tools/emulator/moto";
import {
  EMULATOR_CREDENTIALS,
  Emulators,
  redirectToEmulators,
  startEmulators,
  writeOutdir,
} from "../support/state-backend-fixture";
import {
  OFFLINE_PROVIDER_SETTINGS,
  readSynthesizedStacks,
} from "../../tools/offline-plan";
import { runTerraform, terraformEnv } from "../../tools/terraform";
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

/**
 * Development's API layer in small, applied on moto: the image_tag variable
 * and its deployed_image_tag output, as in the API stack; a log group whose
 * retention Terraform ignores and one whose retention it manages; and a
 * security-group-to-security-group rule with a description, which moto
 * drops (gap security-group-rule-description).
 */
class ApiFixtureStack extends LayerStack {
  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "api", props);
    const tag = imageTagVariable(this, props.environment.api.imageTag);
    new CloudwatchLogGroup(this, "ignored", {
      name: "/financial-pipeline/development/drift-ignored",
      retentionInDays: 30,
      tags: { ImageTag: tag.stringValue },
      lifecycle: { ignoreChanges: ["retention_in_days"] },
    });
    new CloudwatchLogGroup(this, "watched", {
      name: "/financial-pipeline/development/drift-watched",
      retentionInDays: 30,
    });
    const vpc = new Vpc(this, "vpc", { cidrBlock: "10.42.0.0/16" });
    const [from, to] = ["from", "to"].map(
      (name) =>
        new SecurityGroup(this, name, {
          name: `drift-${name}`,
          description: name,
          vpcId: vpc.id,
        }),
    );
    new VpcSecurityGroupIngressRule(this, "from-to", {
      securityGroupId: to.id,
      referencedSecurityGroupId: from.id,
      ipProtocol: "tcp",
      fromPort: 8000,
      toPort: 8000,
      description: "from the other group",
    });
    new TerraformOutput(this, DEPLOYED_IMAGE_OUTPUT, {
      value: tag.stringValue,
    });
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
    }, 600_000);

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
      }, 600_000);

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

    describe("drift detection (refresh) of an applied API stack", () => {
      const DEPLOYED_TAG = "2.0.0";
      const runs: Record<string, { code: number; stack: StackReport }> = {};
      let apiOutdir: string;
      let apiStack: string;

      /** `npm run drift` of the API stack; `extra` decides the image tag and the target. */
      const drift = async (extra: NodeJS.ProcessEnv) => {
        const env = { ...process.env, ...extra };
        for (const [key, value] of Object.entries(extra))
          if (value === undefined) delete env[key];
        const result = await runCli(
          "drift",
          [apiStack, "--json", "--outdir", apiOutdir, ...backendArgs],
          env,
        );
        const report = JSON.parse(result.stdout) as DriftReport;
        return { code: result.code, stack: report.stacks[0] };
      };

      beforeAll(async () => {
        const endpoint = emulators.s3Endpoint;
        const synthDir = scratchDir("api-fixture-synth");
        const app = new App({ outdir: synthDir, skipValidation: true });
        const stack = new ApiFixtureStack(app, {
          environment: PIPELINE_CONFIG.environments.development,
          state: PIPELINE_CONFIG.state,
        });
        app.synth();
        apiStack = stack.node.id;
        // The provider reaches moto through its own endpoints, so that
        // AWS_ENDPOINT_URL is the target signal alone.
        apiOutdir = writeOutdir(scratchDir("api-fixture-outdir"), {
          [apiStack]: redirectToEmulators(
            readSynthesizedStacks(synthDir)[apiStack],
            emulators,
            {
              ...OFFLINE_PROVIDER_SETTINGS,
              // Without its account id, the provider writes a referenced
              // group of its own account as "<account>/sg-…": a difference.
              skip_requesting_account_id: false,
              endpoints: [{ logs: endpoint, ec2: endpoint, sts: endpoint }],
            },
          ),
        });
        const dir = path.join(apiOutdir, "stacks", apiStack);
        await initAgainst(emulators, dir);
        // Rolled out: the stack runs a tag that is not the configured one.
        const apply = await runTerraform(
          ["apply", "-auto-approve", "-input=false", "-no-color"],
          {
            cwd: dir,
            env: { ...terraformEnv(), TF_VAR_image_tag: DEPLOYED_TAG },
            timeoutMs: 300_000,
          },
        );
        if (apply.code !== 0)
          throw new Error(`apply failed:\n${apply.stdout}${apply.stderr}`);
        // Both retentions changed by hand.
        const aws = awsEnv(endpoint, {
          AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKey,
          AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretKey,
        });
        for (const group of ["ignored", "watched"]) {
          const put = await awsCli(
            [
              "logs",
              "put-retention-policy",
              "--log-group-name",
              `/financial-pipeline/development/drift-${group}`,
              "--retention-in-days",
              "7",
              "--region",
              PIPELINE_CONFIG.environments.development.region,
            ],
            aws,
          );
          if (put.code !== 0) throw new Error(put.stderr);
        }
        const against = {
          AWS_ENDPOINT_URL: undefined,
          TF_VAR_image_tag: undefined,
        };
        runs.aws = await drift(against);
        runs.emulator = await drift({ ...against, AWS_ENDPOINT_URL: endpoint });
        runs.configuredTag = await drift({
          ...against,
          TF_VAR_image_tag:
            PIPELINE_CONFIG.environments.development.api.imageTag,
        });
      }, 600_000);

      const addresses = (findings: readonly { address: string }[]) =>
        findings.map((f) => f.address);

      it("GIVEN no TF_VAR_image_tag WHEN drift runs THEN it plans with the tag the stack's state says it runs", () => {
        expect(runs.aws.stack.imageTag).toEqual({
          tag: DEPLOYED_TAG,
          source: "state",
        });
      });

      it("GIVEN no TF_VAR_image_tag WHEN drift runs THEN the rolled-out tag is no change", () => {
        expect({
          changes: addresses(runs.aws.stack.changes).filter((a) =>
            a.includes("log_group"),
          ),
          outputs: runs.aws.stack.outputs,
        }).toEqual({
          changes: ["aws_cloudwatch_log_group.watched"],
          outputs: [],
        });
      });

      it("GIVEN TF_VAR_image_tag set to the configured tag WHEN drift runs THEN it plans with it, and the tag's resources and output would change", () => {
        expect({
          imageTag: runs.configuredTag.stack.imageTag?.source,
          changes: runs.configuredTag.stack.changes
            .filter((c) => c.address === "aws_cloudwatch_log_group.ignored")
            .map((c) => c.attributes),
          outputs: runs.configuredTag.stack.outputs.map((o) => o.name),
        }).toEqual({
          imageTag: "TF_VAR_image_tag",
          changes: [["tags.ImageTag", "tags_all.ImageTag"]],
          outputs: [DEPLOYED_IMAGE_OUTPUT],
        });
      });

      it("GIVEN both retentions changed by hand WHEN drift runs THEN only the one Terraform does not ignore is drift", () => {
        expect(
          runs.aws.stack.drift
            .filter((f) => f.address.startsWith("aws_cloudwatch_log_group."))
            .map((f) => [f.address, f.attributes]),
        ).toEqual([
          ["aws_cloudwatch_log_group.watched", ["retention_in_days"]],
        ]);
      });

      // The referencing rule's description, which plain moto drops, is kept
      // by the security-group-rule-description shim (moto behaving like AWS),
      // so neither run sees it; the filtering itself is tested in
      // __tests__/tools/drift/emulator-gaps.test.ts.
      it("GIVEN no AWS_ENDPOINT_URL WHEN drift runs THEN nothing is set aside as an emulator gap and only the retention counts", () => {
        const s = runs.aws.stack;
        expect({
          target: s.emulatorGaps,
          counted: addresses([...s.drift, ...s.changes]),
        }).toEqual({
          target: undefined,
          counted: [
            "aws_cloudwatch_log_group.watched",
            "aws_cloudwatch_log_group.watched",
          ],
        });
      });

      it("GIVEN AWS_ENDPOINT_URL set WHEN drift runs THEN findings are matched against the gap list, none matches, and the retention still counts", () => {
        const s = runs.emulator.stack;
        expect({
          code: runs.emulator.code,
          gaps: s.emulatorGaps,
          counted: addresses([...s.drift, ...s.changes]),
        }).toEqual({
          code: 2,
          gaps: [],
          counted: [
            "aws_cloudwatch_log_group.watched",
            "aws_cloudwatch_log_group.watched",
          ],
        });
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
    }, 600_000);
  },
);
