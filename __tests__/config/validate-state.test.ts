import {
  ConfigurationError,
  loadConfig,
  PIPELINE_CONFIG,
  PipelineConfig,
} from "../../config";
import { Problems } from "../../config/errors";
import { validateState } from "../../config/validate-state";
import { configWith } from "../support/config";

type MutableState = {
  -readonly [K in keyof PipelineConfig["state"]]: PipelineConfig["state"][K];
};

/** Validates the state settings of the checked-in configuration with `change` applied. */
function validate(change: (state: MutableState) => void): () => void {
  const config = configWith((c) => change(c.state));
  return () => {
    const problems = new Problems();
    validateState(problems, config.state);
    problems.throwIfAny();
  };
}

describe("validateState", () => {
  it("GIVEN the checked-in state settings WHEN validated THEN nothing is reported", () => {
    expect(validate(() => undefined)).not.toThrow();
  });

  it("GIVEN backend s3 and no bucket WHEN validated THEN state.bucket is required", () => {
    expect(
      validate((s) => {
        delete s.bucket;
      }),
    ).toThrow(/state\.bucket = undefined: is required when backend is "s3"/);
  });

  it("GIVEN a bucket name the state backend rejects WHEN validated THEN it is reported as state.bucket", () => {
    expect(
      validate((s) => {
        s.bucket = "Financial_Pipeline_999999999999";
      }),
    ).toThrow(
      /state\.bucket = "Financial_Pipeline_999999999999": must be a valid S3 bucket name/,
    );
  });

  it("GIVEN a bucket name without the account id WHEN validated THEN state.bucket must include it", () => {
    expect(
      validate((s) => {
        s.bucket = "financial-pipeline-tfstate";
      }),
    ).toThrow(
      /state\.bucket = "financial-pipeline-tfstate": must include the state account id \(999999999999\)/,
    );
  });

  it("GIVEN a lock table but no bucket WHEN validated THEN state.lockTable is named", () => {
    expect(
      validate((s) => {
        s.backend = "cloud";
        s.cloudOrganization = "example-org";
        delete s.bucket;
      }),
    ).toThrow(
      /state\.lockTable = "financial-pipeline-tflock": names a lock table but state\.bucket is not set/,
    );
  });

  it("GIVEN DynamoDB locking and no lock table WHEN validated THEN state.lockTable is required", () => {
    expect(
      validate((s) => {
        s.locking = "dynamodb";
        delete s.lockTable;
      }),
    ).toThrow(
      /state\.lockTable = undefined: is required when locking is "dynamodb"/,
    );
  });

  it("GIVEN S3 lock files and no lock table WHEN validated THEN nothing is reported", () => {
    expect(
      validate((s) => {
        s.locking = "lockfile";
        delete s.lockTable;
      }),
    ).not.toThrow();
  });

  it("GIVEN Terraform Cloud without an organization WHEN validated THEN state.cloudOrganization is required", () => {
    expect(
      validate((s) => {
        s.backend = "cloud";
      }),
    ).toThrow(
      /state\.cloudOrganization = undefined: is required when backend is "cloud"/,
    );
  });

  it("GIVEN Terraform Cloud with an organization and no bucket or table WHEN validated THEN nothing is reported", () => {
    expect(
      validate((s) => {
        s.backend = "cloud";
        s.cloudOrganization = "example-org";
        s.cloudProject = "financial pipeline";
        delete s.bucket;
        delete s.lockTable;
      }),
    ).not.toThrow();
  });

  it("GIVEN an AWS-managed KMS alias WHEN validated THEN state.kmsKeyAlias is rejected", () => {
    expect(
      validate((s) => {
        s.kmsKeyAlias = "alias/aws/s3";
      }),
    ).toThrow(/state\.kmsKeyAlias = "alias\/aws\/s3"/);
  });

  it("GIVEN a malformed environment account WHEN validated THEN the environment's entry is named", () => {
    expect(
      validate((s) => {
        s.environmentAccounts = {
          ...PIPELINE_CONFIG.state.environmentAccounts,
          production: "3333",
        };
      }),
    ).toThrow(
      /state\.environmentAccounts\.production = "3333": must be a 12-digit AWS account id/,
    );
  });

  it("GIVEN a bad state setting WHEN the configuration is loaded for synthesis THEN a ConfigurationError names it", () => {
    const config = configWith((c) => {
      c.state.kmsKeyAlias = "alias/aws/s3";
    });
    expect(() => loadConfig(config, ["development"])).toThrow(
      ConfigurationError,
    );
    expect(() => loadConfig(config, ["development"])).toThrow(
      /state\.kmsKeyAlias = "alias\/aws\/s3"/,
    );
  });
});
