import { UsageError } from "../../tools/command-line";
import {
  offlineCopy,
  OFFLINE_PROVIDER_SETTINGS,
  producerOf,
  runOfflinePlanCommand,
  stubState,
  stubValue,
} from "../../tools/offline-plan";

const CTX = { region: "af-south-1", accountId: "111111111111" };

const producer = {
  terraform: {
    backend: {
      s3: { key: "development/financial-pipeline-development-vpc.tfstate" },
    },
  },
  output: {
    "vpc-id": { value: "${aws_vpc.network_vpc_1234.id}" },
    "topic-arn": { value: "${aws_sns_topic.alerts_topic_99.arn}" },
    "db-port": { value: "${aws_db_instance.db_1.port}" },
  },
};

const consumer = {
  terraform: {
    backend: {
      s3: {
        bucket: "b",
        key: "development/financial-pipeline-development-database.tfstate",
      },
    },
  },
  provider: {
    aws: [
      { region: "af-south-1", allowed_account_ids: ["111111111111"] },
      { alias: "dr", region: "eu-west-1" },
    ],
  },
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-financial-pipeline-development-vpc": {
        backend: "s3",
        config: { bucket: "b" },
      },
    },
  },
};

const stacks = {
  "financial-pipeline-development-vpc": producer,
  "financial-pipeline-development-database": consumer,
};

describe("offlineCopy", () => {
  it("GIVEN a stack with an S3 backend WHEN copied THEN the copy uses a local backend", () => {
    expect(offlineCopy(consumer, stacks, CTX).json.terraform.backend).toEqual({
      local: { path: "terraform.tfstate" },
    });
  });

  it("GIVEN every AWS provider WHEN copied THEN each gets dummy credentials, skip flags and no account guard", () => {
    const providers = offlineCopy(consumer, stacks, CTX).json.provider.aws;
    for (const provider of providers) {
      expect(provider).toMatchObject(OFFLINE_PROVIDER_SETTINGS);
      expect(provider.allowed_account_ids).toBeUndefined();
    }
    expect(providers[1].alias).toBe("dr");
  });

  it("GIVEN a remote state data source WHEN copied THEN it reads a stub file of the producer's outputs", () => {
    const { json, stubFiles } = offlineCopy(consumer, stacks, CTX);
    const source =
      json.data.terraform_remote_state[
        "cross-stack-reference-input-financial-pipeline-development-vpc"
      ];
    expect(source).toEqual({
      backend: "local",
      config: { path: "stub-financial-pipeline-development-vpc.tfstate" },
    });
    expect(
      Object.keys(
        (stubFiles[source.config.path] as { outputs: object }).outputs,
      ).sort(),
    ).toEqual(["db-port", "topic-arn", "vpc-id"]);
  });

  it("GIVEN the original stack WHEN copied THEN the original is left unchanged", () => {
    const before = JSON.stringify(consumer);
    offlineCopy(consumer, stacks, CTX);
    expect(JSON.stringify(consumer)).toBe(before);
  });

  it("GIVEN a data source of an unknown stack WHEN copied THEN it throws naming the data source", () => {
    const orphan = {
      data: {
        terraform_remote_state: {
          elsewhere: { backend: "s3", config: { key: "x" } },
        },
      },
    };
    expect(() => offlineCopy(orphan, stacks, CTX)).toThrow(
      /data\.terraform_remote_state\.elsewhere/,
    );
  });
});

describe("producerOf", () => {
  it("GIVEN a data source named otherwise WHEN its backend key matches a stack THEN that stack is the producer", () => {
    const config = {
      backend: "s3",
      config: { key: "development/financial-pipeline-development-vpc.tfstate" },
    };
    expect(producerOf("network", config, stacks)).toBe(
      "financial-pipeline-development-vpc",
    );
  });
});

describe("stubValue", () => {
  it("GIVEN a VPC id WHEN stubbed THEN it looks like a VPC id", () => {
    expect(stubValue("${aws_vpc.v.id}", "s", CTX)).toMatch(
      /^vpc-[0-9a-f]{17}$/,
    );
  });

  it("GIVEN a KMS key ARN WHEN stubbed THEN it is a KMS key ARN of the context's account and region", () => {
    expect(stubValue("${aws_kms_key.k.arn}", "s", CTX)).toMatch(
      /^arn:aws:kms:af-south-1:111111111111:key\/[0-9a-f-]+$/,
    );
  });

  it("GIVEN a port WHEN stubbed THEN it is a number", () => {
    expect(stubValue("${aws_db_instance.d.port}", "s", CTX)).toBe(5432);
  });

  it("GIVEN two outputs WHEN stubbed THEN their values differ and repeat across runs", () => {
    const a = stubValue("${aws_subnet.a.id}", "a", CTX);
    expect(a).not.toEqual(stubValue("${aws_subnet.a.id}", "b", CTX));
    expect(a).toEqual(stubValue("${aws_subnet.a.id}", "a", CTX));
  });
});

describe("stubState", () => {
  it("GIVEN a producer WHEN stubbed THEN the state is format 4 with typed outputs", () => {
    const state = stubState(producer, CTX) as {
      version: number;
      outputs: Record<string, { type: string }>;
    };
    expect(state.version).toBe(4);
    expect(state.outputs["db-port"].type).toBe("number");
    expect(state.outputs["vpc-id"].type).toBe("string");
  });
});

describe("runOfflinePlanCommand", () => {
  it("GIVEN an unknown option WHEN run THEN it throws a UsageError naming it before reading anything", async () => {
    await expect(
      runOfflinePlanCommand(["--out-dir", "x"], {
        CDKTF_OUTDIR: "/nonexistent",
      }),
    ).rejects.toThrow(
      new UsageError("Unknown option --out-dir (options: --help, --outdir)"),
    );
  });
});
