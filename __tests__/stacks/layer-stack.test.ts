import { App, TerraformLocal, TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentName, PIPELINE_CONFIG, StateSettings } from "../../config";
import { LayerStack, LayerStackProps } from "../../stacks/layer-stack";
import { StackJson } from "../../tools/offline-plan";
import { synthesize } from "../integration/emulated-terraform";
import { configWith } from "../support/config";
import { synthesizedStacks } from "../support/plan";

/** A stack of the pipeline that produces one value. */
class ProducerStack extends LayerStack {
  public readonly value: string;
  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "producer", props);
    this.value = new TerraformLocal(this, "value", "produced").asString;
  }
}

/** A stack of the pipeline that reads the producer's value (a cross-stack reference). */
class ConsumerStack extends LayerStack {
  constructor(
    scope: Construct,
    props: LayerStackProps & { readonly producer: ProducerStack },
  ) {
    super(scope, "consumer", props);
    new TerraformOutput(this, "copy", { value: props.producer.value });
  }
}

const CLOUD: Partial<StateSettings> = {
  backend: "cloud",
  cloudOrganization: "example-org",
  cloudProject: "financial-pipeline",
};

/** Synthesizes producer and consumer of `environment` with `state` changes; returns both stacks' JSON. */
function synthPair(
  state: Partial<StateSettings> = {},
  environment: EnvironmentName = "production",
) {
  const app: App = Testing.app();
  const props = {
    environment: PIPELINE_CONFIG.environments[environment],
    state: { ...PIPELINE_CONFIG.state, ...state },
  };
  const producer = new ProducerStack(app, props);
  const consumer = new ConsumerStack(app, { ...props, producer });
  app.synth();
  const read = (stack: LayerStack): StackJson =>
    JSON.parse(
      fs.readFileSync(
        path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"),
        "utf8",
      ),
    );
  const manifest = JSON.parse(
    fs.readFileSync(path.join(app.outdir, "manifest.json"), "utf8"),
  );
  return { producer: read(producer), consumer: read(consumer), manifest };
}

describe("LayerStack backend", () => {
  it("GIVEN backend s3 WHEN synthesized THEN the state is encrypted in the bucket under <environment>/<stack>.tfstate", () => {
    expect(synthPair().producer.terraform.backend.s3).toMatchObject({
      bucket: "financial-pipeline-tfstate-999999999999-af-south-1",
      key: "production/financial-pipeline-production-producer.tfstate",
      region: "af-south-1",
      encrypt: true,
      kms_key_id: "alias/financial-pipeline-tfstate",
    });
  });

  it("GIVEN backend s3 WHEN synthesized THEN the backend assumes its environment's state access role", () => {
    expect(
      synthPair({}, "staging").producer.terraform.backend.s3.assume_role,
    ).toEqual({
      role_arn:
        "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-staging",
    });
  });

  it("GIVEN locking lockfile WHEN synthesized THEN the backend uses S3 lock files and no DynamoDB table", () => {
    const s3 = synthPair({ locking: "lockfile" }).producer.terraform.backend.s3;
    expect({ lockfile: s3.use_lockfile, table: s3.dynamodb_table }).toEqual({
      lockfile: true,
      table: undefined,
    });
  });

  it("GIVEN locking dynamodb WHEN synthesized THEN the backend uses the lock table and no lock file", () => {
    const s3 = synthPair({ locking: "dynamodb" }).producer.terraform.backend.s3;
    expect({ lockfile: s3.use_lockfile, table: s3.dynamodb_table }).toEqual({
      lockfile: undefined,
      table: "financial-pipeline-tflock",
    });
  });

  it("GIVEN locking both WHEN synthesized THEN the backend takes both locks", () => {
    const s3 = synthPair({ locking: "both" }).producer.terraform.backend.s3;
    expect({ lockfile: s3.use_lockfile, table: s3.dynamodb_table }).toEqual({
      lockfile: true,
      table: "financial-pipeline-tflock",
    });
  });

  it("GIVEN locking dynamodb WHEN a stack reads another's outputs THEN its remote state has no lock table (no deprecation warning)", () => {
    const [source] = Object.values<StackJson>(
      synthPair({ locking: "dynamodb" }).consumer.data.terraform_remote_state,
    );
    expect(source.config).not.toHaveProperty("dynamodb_table");
  });

  it("GIVEN backend s3 WHEN a stack reads another's outputs THEN it reads the producer's key through the same role", () => {
    const [source] = Object.values<StackJson>(
      synthPair().consumer.data.terraform_remote_state,
    );
    expect(source).toMatchObject({
      backend: "s3",
      config: {
        bucket: "financial-pipeline-tfstate-999999999999-af-south-1",
        key: "production/financial-pipeline-production-producer.tfstate",
        assume_role: {
          role_arn:
            "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-production",
        },
      },
    });
  });

  it("GIVEN backend cloud WHEN synthesized THEN a cloud block names the organization, project and a workspace per stack", () => {
    const { producer } = synthPair(CLOUD);
    expect(producer.terraform.cloud).toEqual({
      organization: "example-org",
      workspaces: {
        name: "financial-pipeline-production-producer",
        project: "financial-pipeline",
      },
    });
  });

  it("GIVEN backend cloud WHEN synthesized THEN no S3 backend remains", () => {
    expect(synthPair(CLOUD).producer.terraform.backend).toBeUndefined();
  });

  it("GIVEN backend cloud WHEN a stack reads another's outputs THEN it reads the producer's named workspace", () => {
    const [source] = Object.values<StackJson>(
      synthPair(CLOUD).consumer.data.terraform_remote_state,
    );
    expect(source).toEqual({
      backend: "remote",
      config: {
        organization: "example-org",
        workspaces: { name: "financial-pipeline-production-producer" },
      },
    });
  });

  it("GIVEN a cross-stack reference WHEN synthesized THEN the manifest makes the consumer depend on the producer", () => {
    const { manifest } = synthPair();
    expect(
      manifest.stacks["financial-pipeline-production-consumer"].dependencies,
    ).toEqual(["financial-pipeline-production-producer"]);
  });

  it("GIVEN the checked-in configuration WHEN every stack is synthesized THEN each one but the bootstrap has the S3 backend under its own key", () => {
    const backends = Object.entries(synthesizedStacks())
      .filter(([name]) => name !== "financial-pipeline-bootstrap")
      .map(([name, json]) => [name, json.terraform?.backend?.s3?.key]);
    expect(backends.length).toBeGreaterThan(0);
    for (const [name, key] of backends) {
      expect({ name, key }).toEqual({
        name,
        key: `${name.split("-")[2]}/${name}.tfstate`,
      });
    }
  });

  it("GIVEN backend cloud WHEN every stack is synthesized THEN each has its named workspace and there is no bootstrap", () => {
    const stacks = synthesize(
      configWith((c) => {
        c.state.backend = "cloud";
        c.state.cloudOrganization = "example-org";
      }),
      ["production"],
    );
    expect(
      Object.entries(stacks).map(([name, json]) => [
        name,
        json.terraform.cloud?.workspaces?.name,
      ]),
    ).toEqual(Object.keys(stacks).map((name) => [name, name]));
    expect(Object.keys(stacks)).not.toContain("financial-pipeline-bootstrap");
  });
});
