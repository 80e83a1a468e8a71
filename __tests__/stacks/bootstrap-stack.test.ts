import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import * as path from "path";
import "cdktf/lib/testing/adapters/jest";
import { App, Testing } from "cdktf";
import { PIPELINE_CONFIG, StateSettings } from "../../config";
import {
  BootstrapStack,
  createBootstrapStack,
} from "../../stacks/bootstrap-stack";
import { listOf, parse } from "../support/synth";

function synthBootstrap(
  state: Partial<StateSettings> = {},
  projectRootFromOutdir?: string,
) {
  const app: App = Testing.app();
  const stack = new BootstrapStack(app, {
    state: { ...PIPELINE_CONFIG.state, ...state },
    projectRootFromOutdir,
  });
  const synthesized = Testing.synth(stack);
  return { stack, synthesized, json: parse(synthesized) };
}

function policyOf(
  json: ReturnType<typeof parse>,
  environment: string,
): { Sid: string; Resource: unknown }[] {
  const policy = listOf(json, "aws_iam_role_policy").find((p) =>
    JSON.stringify(p).includes(`/${environment}/*`),
  );
  return JSON.parse(policy?.policy ?? "{}").Statement ?? [];
}

describe("BootstrapStack", () => {
  it("GIVEN a refactoring WHEN synthesized THEN the state bucket, key and table keep their Terraform addresses", () => {
    // These resources hold every stack's state and are prevent_destroy: a
    // changed logical id would plan a replacement that Terraform refuses.
    // Renaming one needs a `moved` block (cdktf moveTo/moveFromId) first.
    const { json } = synthBootstrap();
    const addresses = Object.entries(
      json.resource as Record<string, object>,
    ).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    expect(addresses).toEqual(
      expect.arrayContaining([
        "aws_s3_bucket.state_state-bucket_B2EEA837",
        "aws_kms_key.state_key_5FD9E39E",
        "aws_dynamodb_table.state_lock-table_6543B35D",
      ]),
    );
  });

  it("GIVEN the checked-in settings WHEN synthesized THEN the stack is named financial-pipeline-bootstrap", () => {
    expect(synthBootstrap().stack.node.id).toBe("financial-pipeline-bootstrap");
  });

  it("GIVEN the checked-in settings WHEN synthesized THEN the state bucket has the configured name", () => {
    expect(synthBootstrap().synthesized).toHaveResourceWithProperties(
      S3Bucket,
      {
        bucket: "financial-pipeline-tfstate-999999999999-af-south-1",
      },
    );
  });

  it("GIVEN the checked-in settings WHEN synthesized THEN the provider may act on the state account only", () => {
    const [provider] = synthBootstrap().json.provider.aws;
    expect({
      accounts: provider.allowed_account_ids,
      region: provider.region,
    }).toEqual({
      accounts: ["999999999999"],
      region: "af-south-1",
    });
  });

  it("GIVEN bootstrapState local WHEN synthesized THEN its own state is a local file at the project root, by a relative path", () => {
    const { json } = synthBootstrap({ bootstrapState: "local" });
    expect(json.terraform.backend).toEqual({
      local: { path: "../../../financial-pipeline-bootstrap.tfstate" },
    });
  });

  it("GIVEN an output folder elsewhere WHEN synthesized THEN the local state path leads from the stack's folder back to the project root", () => {
    const { json } = synthBootstrap(
      { bootstrapState: "local" },
      "../../../home/me/pipeline",
    );
    const stackDir = "/tmp/builds/out/stacks/financial-pipeline-bootstrap";
    expect(
      path.posix.resolve(stackDir, json.terraform.backend.local.path),
    ).toBe("/home/me/pipeline/financial-pipeline-bootstrap.tfstate");
  });

  it("GIVEN an absolute projectRootFromOutdir WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthBootstrap({ bootstrapState: "local" }, "/home/me/pipeline"),
    ).toThrow(
      /projectRootFromOutdir = "\/home\/me\/pipeline": must be relative to the output folder/,
    );
  });

  it.each([
    ["cdktf.out at the root", "/p/cdktf.out", ".."],
    ["the root itself", "/p", ""],
    ["a folder elsewhere", "/tmp/out", "../../p"],
    ["a relative outdir", "cdktf.out", ".."],
  ])(
    "GIVEN an output folder at %s WHEN the way back to the project root is computed THEN it is relative",
    (_where, outdir, expected) => {
      const root = outdir === "cdktf.out" ? process.cwd() : "/p";
      expect(BootstrapStack.projectRootFromOutdir(outdir, root)).toBe(expected);
    },
  );

  it("GIVEN bootstrapState s3 WHEN synthesized THEN its own state moves into the bucket it created, without a role", () => {
    const s3 = synthBootstrap({ bootstrapState: "s3" }).json.terraform.backend
      .s3;
    expect(s3).toEqual({
      bucket: "financial-pipeline-tfstate-999999999999-af-south-1",
      key: "bootstrap/financial-pipeline-bootstrap.tfstate",
      region: "af-south-1",
      encrypt: true,
      kms_key_id: "alias/financial-pipeline-tfstate",
      use_lockfile: true,
    });
  });

  it("GIVEN three environments WHEN synthesized THEN each has a role only its own account may assume", () => {
    const roles = listOf(synthBootstrap().json, "aws_iam_role").map((r) => ({
      name: r.name,
      principal: JSON.parse(r.assume_role_policy).Statement[0].Principal.AWS,
    }));
    expect(roles.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        name: "financial-pipeline-tfstate-development",
        principal: ["arn:aws:iam::111111111111:root"],
      },
      {
        name: "financial-pipeline-tfstate-development-read",
        principal: ["arn:aws:iam::111111111111:root"],
      },
      {
        name: "financial-pipeline-tfstate-production",
        principal: ["arn:aws:iam::333333333333:root"],
      },
      {
        name: "financial-pipeline-tfstate-production-read",
        principal: ["arn:aws:iam::333333333333:root"],
      },
      {
        name: "financial-pipeline-tfstate-staging",
        principal: ["arn:aws:iam::222222222222:root"],
      },
      {
        name: "financial-pipeline-tfstate-staging-read",
        principal: ["arn:aws:iam::222222222222:root"],
      },
    ]);
  });

  it("GIVEN the staging role WHEN synthesized THEN it reaches staging/ state files only", () => {
    const objects = policyOf(synthBootstrap().json, "staging").find(
      (s) => s.Sid === "StateFilesOfThisPrefix",
    );
    expect(objects?.Resource).toMatch(
      /^\$\{aws_s3_bucket\.[^}]+\.arn\}\/staging\/\*$/,
    );
  });

  it("GIVEN the staging read-only role WHEN synthesized THEN it writes no state file and no lock file", () => {
    const policy = listOf(synthBootstrap().json, "aws_iam_role_policy").find(
      (p) => String(p.role).includes("read-staging"),
    );
    const statements: { Action: unknown; Resource: unknown }[] = JSON.parse(
      policy?.policy ?? "{}",
    ).Statement;
    const writes = statements
      .flatMap((s) => ([] as string[]).concat(s.Action as string[]))
      .filter((a) => /^(s3:(Put|Delete)|dynamodb:(Put|Delete|Update))/.test(a));
    expect(writes).toEqual([]);
  });

  it("GIVEN the access role name WHEN an environment stack's backend names it THEN both agree", () => {
    expect(
      BootstrapStack.accessRoleArn(PIPELINE_CONFIG.state, "production"),
    ).toBe(
      "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-production",
    );
  });

  it("GIVEN the checked-in settings WHEN synthesized THEN bucket, table and role ARNs are outputs", () => {
    expect(Object.keys(synthBootstrap().json.output).sort()).toEqual([
      "access-role-arn-development",
      "access-role-arn-production",
      "access-role-arn-staging",
      "lock-table",
      "read-role-arn-development",
      "read-role-arn-production",
      "read-role-arn-staging",
      "state-bucket",
      "state-kms-key-arn",
    ]);
  });

  it("GIVEN backend cloud WHEN the app is wired THEN no bootstrap stack is created", () => {
    const app: App = Testing.app();
    expect(
      createBootstrapStack(app, {
        ...PIPELINE_CONFIG.state,
        backend: "cloud",
        cloudOrganization: "example-org",
      }),
    ).toBeUndefined();
  });

  it("GIVEN backend cloud WHEN the stack is constructed anyway THEN it throws naming state.backend", () => {
    expect(() => synthBootstrap({ backend: "cloud" })).toThrow(
      /state\.backend = "cloud"/,
    );
  });

  it("GIVEN the checked-in settings WHEN synthesized THEN matches the snapshot", () => {
    expect(synthBootstrap().synthesized).toMatchSnapshot();
  });
});
