import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../../config";
import { runDeliveryCommand } from "../../../tools/delivery/cli";
import {
  deployableStacks,
  driftTargets,
  matrix,
  readOnlyBackendConfig,
} from "../../../tools/delivery/environments";
import { affectedStacks } from "../../../tools/delivery/affected";
import { wasDeployed } from "../../../tools/delivery/promotion";
import { readStacks, UsageError } from "../../../tools/stack-workdir";
import { synthesizedOutdir } from "../../support/plan";
import { configWith } from "../../support/config";

describe("npm run delivery -- stacks", () => {
  it("GIVEN the synthesized production stacks WHEN listed THEN vpc, database, api, jobs in deploy order and not the ci stack", () => {
    expect(
      deployableStacks(
        readStacks(synthesizedOutdir()),
        PIPELINE_CONFIG.environments.production,
      ),
    ).toEqual([
      "financial-pipeline-production-vpc",
      "financial-pipeline-production-database",
      "financial-pipeline-production-api",
      "financial-pipeline-production-jobs",
    ]);
  });

  it("GIVEN an unknown environment WHEN listed THEN a usage error names it", async () => {
    await expect(
      runDeliveryCommand(["stacks", "prod", "--outdir", synthesizedOutdir()]),
    ).rejects.toThrow(
      new UsageError(
        'environment "prod": must be one of development, staging, production',
      ),
    );
  });

  it("GIVEN an unknown option WHEN run THEN a usage error names it", async () => {
    await expect(
      runDeliveryCommand(["stacks", "production", "--out-dir", "x"]),
    ).rejects.toThrow(/--out-dir/);
  });
});

describe("npm run delivery -- matrix", () => {
  it("GIVEN the configuration WHEN the matrix is made THEN environments come in promotion order with their accounts' role ARNs", () => {
    const rows = matrix(PIPELINE_CONFIG);
    expect(
      rows.map((r) => [r.environment, r.promotedFrom, r.deployRoleArn]),
    ).toEqual([
      [
        "development",
        "",
        "arn:aws:iam::111111111111:role/financial-pipeline-development-ci-deploy",
      ],
      [
        "staging",
        "development",
        "arn:aws:iam::222222222222:role/financial-pipeline-staging-ci-deploy",
      ],
      [
        "production",
        "staging",
        "arn:aws:iam::333333333333:role/financial-pipeline-production-ci-deploy",
      ],
    ]);
  });

  it("GIVEN the configuration WHEN the matrix is made THEN each row names the api and jobs stacks the image workflow deploys", () => {
    expect(
      matrix(PIPELINE_CONFIG).map((r) => [r.apiStack, r.jobsStack]),
    ).toEqual(
      ["development", "staging", "production"].map((e) => [
        `financial-pipeline-${e}-api`,
        `financial-pipeline-${e}-jobs`,
      ]),
    );
  });
});

describe("npm run delivery -- backend-config", () => {
  it("GIVEN staging WHEN the read-only backend override is written THEN it assumes staging's read-only state role", () => {
    expect(readOnlyBackendConfig(PIPELINE_CONFIG, "staging")).toBe(
      'assume_role = {\n  role_arn = "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-staging-read"\n}\n',
    );
  });

  it("GIVEN backend cloud WHEN asked THEN it refuses: there is no S3 backend to override", () => {
    const config = configWith((c) => {
      c.state.backend = "cloud";
    });
    expect(() => readOnlyBackendConfig(config, "staging")).toThrow(
      /state\.backend is "cloud"/,
    );
  });
});

describe("affectedStacks", () => {
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), "affected-"));
    fs.cpSync(synthesizedOutdir(), base, { recursive: true });
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it("GIVEN identical synthesized output WHEN compared THEN no stack is affected", () => {
    expect(affectedStacks(base, synthesizedOutdir())).toEqual([]);
  });

  it("GIVEN one stack's JSON changed in the base WHEN compared THEN exactly that stack is affected", () => {
    const file = path.join(
      base,
      "stacks",
      "financial-pipeline-staging-api",
      "cdk.tf.json",
    );
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace('"desired_count": 2', '"desired_count": 3'),
    );
    expect(affectedStacks(base, synthesizedOutdir())).toEqual([
      "financial-pipeline-staging-api",
    ]);
  });

  it("GIVEN a stack the base does not have WHEN compared THEN the new stack is affected", () => {
    fs.rmSync(
      path.join(
        base,
        "stacks",
        "financial-pipeline-development-ci",
        "cdk.tf.json",
      ),
    );
    expect(affectedStacks(base, synthesizedOutdir())).toEqual([
      "financial-pipeline-development-ci",
    ]);
  });
});

describe("wasDeployed", () => {
  const SHA = "a".repeat(40);
  it("GIVEN a successful staging deployment of the commit WHEN asked THEN it may be promoted", () => {
    expect(
      wasDeployed(
        [
          {
            sha: SHA,
            environment: "staging",
            statuses: [{ state: "inactive" }, { state: "success" }],
          },
        ],
        "staging",
        SHA,
      ),
    ).toBe(true);
  });

  it("GIVEN only a failed deployment of the commit WHEN asked THEN it may not", () => {
    expect(
      wasDeployed(
        [
          {
            sha: SHA,
            environment: "staging",
            statuses: [{ state: "failure" }],
          },
        ],
        "staging",
        SHA,
      ),
    ).toBe(false);
  });

  it("GIVEN a successful deployment of another commit WHEN asked THEN it may not", () => {
    expect(
      wasDeployed(
        [
          {
            sha: "b".repeat(40),
            environment: "staging",
            statuses: [{ state: "success" }],
          },
        ],
        "staging",
        SHA,
      ),
    ).toBe(false);
  });
});

describe("driftTargets", () => {
  it("GIVEN production's hourly cron fired WHEN the targets are chosen THEN production alone is checked", () => {
    expect(
      driftTargets(PIPELINE_CONFIG, "40 * * * *", undefined).map(
        (r) => r.environment,
      ),
    ).toEqual(["production"]);
  });

  it("GIVEN a manual run for all WHEN the targets are chosen THEN every environment, in promotion order", () => {
    expect(
      driftTargets(PIPELINE_CONFIG, undefined, "all").map((r) => r.environment),
    ).toEqual(["development", "staging", "production"]);
  });

  it("GIVEN a schedule no environment has WHEN the targets are chosen THEN a usage error, not an empty check", () => {
    expect(() => driftTargets(PIPELINE_CONFIG, "1 2 3 4 5", undefined)).toThrow(
      /no environment's driftCron/,
    );
  });
});
