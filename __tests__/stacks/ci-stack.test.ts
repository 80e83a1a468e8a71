import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { PIPELINE_CONFIG } from "../../config";
import { CiStack } from "../../stacks/ci-stack";
import { configWith } from "../support/config";
import { listOf, parse } from "../support/synth";

function synth(
  config = PIPELINE_CONFIG,
  name: "development" | "production" = "production",
) {
  const app = Testing.app();
  const stack = new CiStack(app, {
    environment: config.environments[name],
    state: config.state,
    delivery: config.delivery,
  });
  const json = parse(Testing.synth(stack));
  const roles = Object.fromEntries(
    listOf(json, "aws_iam_role").map((r) => [
      r.name,
      JSON.parse(r.assume_role_policy),
    ]),
  );
  return { stack, json, roles };
}

const SUB = "token.actions.githubusercontent.com:sub";

describe("CiStack", () => {
  it("GIVEN production WHEN synthesized THEN the stack is financial-pipeline-production-ci with its state under production/", () => {
    const { stack, json } = synth();
    expect(stack.node.id).toBe("financial-pipeline-production-ci");
    expect(json.terraform.backend.s3.key).toBe(
      "production/financial-pipeline-production-ci.tfstate",
    );
  });

  it("GIVEN the configured repository and GitHub environment WHEN synthesized THEN the deploy role's sub names both", () => {
    const { roles } = synth();
    expect(
      roles["financial-pipeline-production-ci-deploy"].Statement[0].Condition
        .StringEquals[SUB],
    ).toBe(
      "repo:example-org/financial-pipeline-infrastructure:environment:production",
    );
  });

  it("GIVEN a renamed GitHub environment WHEN synthesized THEN the deploy role trusts the new name", () => {
    const config = configWith((c) => {
      c.delivery.environments.production.githubEnvironment =
        "prod-change-managed";
      c.delivery.repository = "acme/infra";
    });
    const { roles } = synth(config);
    expect(
      roles["financial-pipeline-production-ci-deploy"].Statement[0].Condition
        .StringEquals[SUB],
    ).toBe("repo:acme/infra:environment:prod-change-managed");
  });

  it("GIVEN the default branch main WHEN synthesized THEN the plan role trusts pull requests and main", () => {
    const { roles } = synth();
    expect(
      roles["financial-pipeline-production-ci-plan"].Statement[0].Condition
        .StringEquals[SUB],
    ).toEqual([
      "repo:example-org/financial-pipeline-infrastructure:pull_request",
      "repo:example-org/financial-pipeline-infrastructure:ref:refs/heads/main",
    ]);
  });

  it("GIVEN the S3 backend WHEN synthesized THEN the deploy role reaches the access role and the plan role the read-only one", () => {
    const { json } = synth();
    const policies = listOf(json, "aws_iam_role_policy").map(
      (p) => p.policy as string,
    );
    const assumed = (policy: string) =>
      JSON.parse(policy)
        .Statement.filter(
          (s: { Action: unknown }) => s.Action === "sts:AssumeRole",
        )
        .map((s: { Resource: string }) => s.Resource);
    expect(policies.map(assumed).sort()).toEqual([
      ["arn:aws:iam::999999999999:role/financial-pipeline-tfstate-production"],
      [
        "arn:aws:iam::999999999999:role/financial-pipeline-tfstate-production-read",
      ],
    ]);
  });

  it("GIVEN production with a DR region WHEN synthesized THEN the deploy role may act in both regions", () => {
    const { json } = synth();
    const services = listOf(json, "aws_iam_policy")
      .flatMap((p) => JSON.parse(p.policy).Statement)
      .find((s: { Sid: string }) => s.Sid === "DeployRds");
    expect(services.Condition.StringEquals["aws:RequestedRegion"]).toEqual([
      "af-south-1",
      "eu-west-1",
    ]);
  });

  it("GIVEN the environment's account WHEN the role ARNs are asked for THEN they name that account", () => {
    const env = PIPELINE_CONFIG.environments.staging;
    expect(CiStack.roleArn(env, CiStack.deployRoleName(env))).toBe(
      "arn:aws:iam::222222222222:role/financial-pipeline-staging-ci-deploy",
    );
  });

  it("GIVEN production WHEN synthesized THEN the stack owns the boundary policy its other stacks' roles carry", () => {
    const { json } = synth();
    const env = PIPELINE_CONFIG.environments.production;
    expect(
      listOf(json, "aws_iam_policy").find(
        (p) => p.name === "financial-pipeline-production-boundary",
      ),
    ).toBeDefined();
    expect(CiStack.boundaryArn(env)).toBe(
      "arn:aws:iam::333333333333:policy/financial-pipeline-production-boundary",
    );
  });

  it("GIVEN production (preventDestroy) WHEN synthesized THEN the deploy role may not stop the trail", () => {
    const denied = listOf(synth().json, "aws_iam_policy")
      .flatMap((p) => JSON.parse(p.policy).Statement)
      .find((s: { Sid: string }) => s.Sid === "NoAuditLoggingStop");
    expect(denied?.Action).toContain("cloudtrail:StopLogging");
  });

  it("GIVEN development (destroyable) WHEN synthesized THEN the deploy role may stop the trail", () => {
    const statements = listOf(
      synth(PIPELINE_CONFIG, "development").json,
      "aws_iam_policy",
    ).flatMap((p) => JSON.parse(p.policy).Statement);
    expect(
      statements.find((s: { Sid: string }) => s.Sid === "DeployCloudtrail")
        ?.Action,
    ).toContain("cloudtrail:StopLogging");
  });
});
