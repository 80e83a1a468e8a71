import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  GithubActionsRole,
  GithubActionsRoleProps,
} from "../../../modules/delivery";
import { listOf, parse } from "../../support/synth";

const PROVIDER =
  "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";
const SUBJECT = "repo:acme/infra:environment:production";

function synthRole(overrides: Partial<GithubActionsRoleProps> = {}): string {
  return Testing.synthScope((scope) => {
    new GithubActionsRole(scope, "ci", {
      roleName: "acme-production-ci-deploy",
      description: "test",
      oidcProviderArn: PROVIDER,
      subjects: [SUBJECT],
      statements: [
        { Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*" },
      ],
      ...overrides,
    });
  });
}

function trust(synthesized: string) {
  return JSON.parse(
    listOf(parse(synthesized), "aws_iam_role")[0].assume_role_policy,
  );
}

describe("GithubActionsRole", () => {
  it("GIVEN one subject WHEN synthesized THEN only web identity tokens of the provider with that exact sub and the STS audience may assume it", () => {
    expect(trust(synthRole())).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": SUBJECT,
            },
          },
        },
      ],
    });
  });

  it("GIVEN two subjects WHEN synthesized THEN both are listed under StringEquals, sorted, and nothing uses StringLike", () => {
    const doc = trust(
      synthRole({
        subjects: [
          "repo:acme/infra:ref:refs/heads/main",
          "repo:acme/infra:pull_request",
        ],
      }),
    );
    const condition = doc.Statement[0].Condition;
    expect(Object.keys(condition)).toEqual(["StringEquals"]);
    expect(
      condition.StringEquals["token.actions.githubusercontent.com:sub"],
    ).toEqual([
      "repo:acme/infra:pull_request",
      "repo:acme/infra:ref:refs/heads/main",
    ]);
  });

  it("GIVEN a wildcard subject WHEN constructed THEN it is refused by name", () => {
    expect(() => synthRole({ subjects: ["repo:acme/infra:*"] })).toThrow(
      /GithubActionsRole ci: subjects\[0\] = "repo:acme\/infra:\*": must be "repo:<owner>\/<repo>:<context>" without \* or \?/,
    );
  });

  it("GIVEN no subject WHEN constructed THEN it is refused", () => {
    expect(() => synthRole({ subjects: [] })).toThrow(
      /subjects = \[\]: must name at least one subject/,
    );
  });

  it("GIVEN a session of 30 minutes WHEN constructed THEN maxSessionSeconds is refused", () => {
    expect(() => synthRole({ maxSessionSeconds: 1800 })).toThrow(
      /maxSessionSeconds = 1800: must be a whole number from 3600 to 43200/,
    );
  });

  it("GIVEN maxSessionSeconds 7200 WHEN synthesized THEN the role's max_session_duration is 7200", () => {
    expect(synthRole({ maxSessionSeconds: 7200 })).toHaveResourceWithProperties(
      IamRole,
      {
        name: "acme-production-ci-deploy",
        max_session_duration: 7200,
      },
    );
  });
});
