import {
  App,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  Testing,
} from "cdktf";
import * as fs from "fs";
import * as path from "path";
import {
  LockedS3Backend,
  LockedS3BackendProps,
  S3LockMode,
} from "../../../modules/state/locked-s3-backend";
import { StackJson } from "../../../tools/offline-plan";

const CONNECTION = {
  bucket: "test-tfstate-123456789012",
  region: "af-south-1",
  encrypt: true,
  kmsKeyId: "alias/test-tfstate",
  assumeRole: { roleArn: "arn:aws:iam::123456789012:role/test-tfstate" },
};

/** A producer stack with the backend and a consumer that reads one of its values; both synthesized. */
function synthPair(
  locking: S3LockMode,
  extra: Partial<LockedS3BackendProps> = {},
): { producer: StackJson; consumer: StackJson } {
  const app: App = Testing.app();
  const producer = new TerraformStack(app, "producer");
  new LockedS3Backend(producer, {
    ...CONNECTION,
    key: "test/producer.tfstate",
    locking,
    lockTable: "test-tflock",
    ...extra,
  });
  const value = new TerraformLocal(producer, "value", "produced");
  const consumer = new TerraformStack(app, "consumer");
  new LockedS3Backend(consumer, {
    ...CONNECTION,
    key: "test/consumer.tfstate",
    locking,
    lockTable: "test-tflock",
    ...extra,
  });
  new TerraformOutput(consumer, "copy", { value: value.asString });
  app.synth();
  const read = (name: string) =>
    JSON.parse(
      fs.readFileSync(
        path.join(app.outdir, "stacks", name, "cdk.tf.json"),
        "utf8",
      ),
    );
  return { producer: read("producer"), consumer: read("consumer") };
}

describe("LockedS3Backend", () => {
  it("GIVEN lockfile WHEN synthesized THEN the backend sets use_lockfile and names no table", () => {
    const s3 = synthPair("lockfile").producer.terraform.backend.s3;
    expect(s3.use_lockfile).toBe(true);
    expect(s3).not.toHaveProperty("dynamodb_table");
  });

  it("GIVEN dynamodb WHEN synthesized THEN the backend names the table and sets no use_lockfile", () => {
    const s3 = synthPair("dynamodb").producer.terraform.backend.s3;
    expect(s3.dynamodb_table).toBe("test-tflock");
    expect(s3).not.toHaveProperty("use_lockfile");
  });

  it("GIVEN both WHEN synthesized THEN the backend locks with the table and the lock file", () => {
    const s3 = synthPair("both").producer.terraform.backend.s3;
    expect({ table: s3.dynamodb_table, lockfile: s3.use_lockfile }).toEqual({
      table: "test-tflock",
      lockfile: true,
    });
  });

  it("GIVEN any mode WHEN synthesized THEN bucket, key, region, encryption, KMS key and role are kept", () => {
    expect(synthPair("lockfile").producer.terraform.backend.s3).toMatchObject({
      bucket: CONNECTION.bucket,
      key: "test/producer.tfstate",
      region: "af-south-1",
      encrypt: true,
      kms_key_id: "alias/test-tfstate",
      assume_role: { role_arn: CONNECTION.assumeRole.roleArn },
    });
  });

  it("GIVEN dynamodb locking WHEN another stack reads this one THEN its remote state names no lock table", () => {
    const sources = synthPair("both", {
      endpoints: { s3: "https://s3.example", dynamodb: "https://ddb.example" },
    }).consumer.data.terraform_remote_state;
    const [source] = Object.values<StackJson>(sources);
    expect(source.config).not.toHaveProperty("dynamodb_table");
    expect(source.config).not.toHaveProperty("use_lockfile");
    expect(source.config.endpoints).toEqual({ s3: "https://s3.example" });
  });

  it("GIVEN a producer WHEN another stack reads it THEN the remote state reads the producer's key with its role", () => {
    const [source] = Object.values<StackJson>(
      synthPair("lockfile").consumer.data.terraform_remote_state,
    );
    expect(source).toMatchObject({
      backend: "s3",
      config: {
        bucket: CONNECTION.bucket,
        key: "test/producer.tfstate",
        region: "af-south-1",
        assume_role: { role_arn: CONNECTION.assumeRole.roleArn },
      },
      workspace: "${terraform.workspace}",
    });
  });

  it("GIVEN dynamodb without a table WHEN constructed THEN it throws naming lockTable", () => {
    expect(() => synthPair("dynamodb", { lockTable: undefined })).toThrow(
      /lockTable = undefined: is required when locking is "dynamodb"/,
    );
  });
});
