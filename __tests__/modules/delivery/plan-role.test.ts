import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { PlanRole, PlanRoleProps } from "../../../modules/delivery";
import { listOf, parse } from "../../support/synth";

const READ_ROLE = "arn:aws:iam::999999999999:role/acme-tfstate-production-read";
const SUBJECTS = [
  "repo:acme/infra:pull_request",
  "repo:acme/infra:ref:refs/heads/main",
];

function synth(overrides: Partial<PlanRoleProps> = {}) {
  const json = parse(
    Testing.synthScope((scope) => {
      new PlanRole(scope, "plan", {
        roleName: "acme-production-ci-plan",
        oidcProviderArn:
          "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com",
        subjects: SUBJECTS,
        stateReadRoleArn: READ_ROLE,
        ...overrides,
      });
    }),
  );
  const statements: {
    Effect: string;
    Action: string | string[];
    Resource: unknown;
  }[] = JSON.parse(listOf(json, "aws_iam_role_policy")[0].policy).Statement;
  return {
    trust: JSON.parse(listOf(json, "aws_iam_role")[0].assume_role_policy),
    statements,
  };
}

/** Read-only action names: Describe, Get or List (IAM's own access levels for reads). */
const READ = /^[a-z0-9-]+:(Describe|Get|List)[A-Za-z*]*$/;
/** Reads that return secret data: a plan needs none of them. */
const SECRET_READS = [
  "secretsmanager:GetSecretValue",
  "s3:GetObject",
  "kms:Decrypt",
  "ssm:GetParameter",
];

describe("PlanRole", () => {
  it("GIVEN pull requests and the default branch WHEN synthesized THEN exactly those subjects with the STS audience may assume it", () => {
    expect(synth().trust.Statement[0].Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": SUBJECTS,
      },
    });
  });

  it("GIVEN any plan role WHEN synthesized THEN every allowed action is a read, except assuming the read-only state role", () => {
    const actions = synth()
      .statements.filter((s) => s.Effect === "Allow")
      .flatMap((s) =>
        ([] as string[]).concat(s.Action).map((a) => ({ a, r: s.Resource })),
      );
    const writes = actions.filter(
      ({ a, r }) =>
        !READ.test(a) && !(a === "sts:AssumeRole" && r === READ_ROLE),
    );
    expect(writes).toEqual([]);
  });

  it("GIVEN any plan role WHEN synthesized THEN no action reads secret data, not even through a wildcard", () => {
    const actions = synth().statements.flatMap((s) =>
      ([] as string[]).concat(s.Action),
    );
    const matches = (pattern: string, action: string) =>
      new RegExp(`^${pattern.replace(/\*/g, ".*")}$`).test(action);
    const leaks = SECRET_READS.filter((secret) =>
      actions.some((a) => matches(a, secret)),
    );
    expect(leaks).toEqual([]);
  });

  it("GIVEN no state read role (Terraform Cloud) WHEN synthesized THEN the role assumes nothing", () => {
    expect(
      JSON.stringify(synth({ stateReadRoleArn: undefined }).statements),
    ).not.toContain("sts:AssumeRole");
  });
});
