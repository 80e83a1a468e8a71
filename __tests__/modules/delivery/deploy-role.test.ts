import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { DeployRole, DeployRoleProps } from "../../../modules/delivery";
import { listOf, parse } from "../../support/synth";

const STATE_ROLE = "arn:aws:iam::999999999999:role/acme-tfstate-production";
const PROTECTED = [
  "arn:aws:iam::333333333333:role/acme-production-ci-deploy",
  "arn:aws:iam::333333333333:role/acme-production-ci-plan",
];

function synth(overrides: Partial<DeployRoleProps> = {}) {
  const json = parse(
    Testing.synthScope((scope) => {
      new DeployRole(scope, "deploy", {
        roleName: "acme-production-ci-deploy",
        oidcProviderArn:
          "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com",
        subject: "repo:acme/infra:environment:production",
        accountId: "333333333333",
        regions: ["af-south-1", "eu-west-1"],
        roleNamePrefix: "acme-production",
        stateAccessRoleArn: STATE_ROLE,
        protectedArns: PROTECTED,
        ...overrides,
      });
    }),
  );
  const role = listOf(json, "aws_iam_role")[0];
  const statements: {
    Sid: string;
    Effect: string;
    Action: unknown;
    Resource: unknown;
    Condition?: unknown;
  }[] = JSON.parse(listOf(json, "aws_iam_role_policy")[0].policy).Statement;
  return { trust: JSON.parse(role.assume_role_policy), statements };
}

const sid = (statements: ReturnType<typeof synth>["statements"], id: string) =>
  statements.find((s) => s.Sid === id);

describe("DeployRole", () => {
  it("GIVEN the production GitHub environment WHEN synthesized THEN only its jobs (exact sub, STS audience) may assume the role", () => {
    expect(synth().trust.Statement[0].Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub":
          "repo:acme/infra:environment:production",
      },
    });
  });

  it("GIVEN a state access role WHEN synthesized THEN the role may assume exactly that role and no other", () => {
    const assume = synth().statements.filter((s) =>
      ([] as unknown[]).concat(s.Action).includes("sts:AssumeRole"),
    );
    expect(assume).toEqual([
      {
        Sid: "StateOfThisEnvironment",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: STATE_ROLE,
      },
    ]);
  });

  it("GIVEN two regions WHEN synthesized THEN the services' actions are allowed in those regions only", () => {
    expect(
      sid(synth().statements, "StackServicesInTheEnvironmentRegions")
        ?.Condition,
    ).toEqual({
      StringEquals: { "aws:RequestedRegion": ["af-south-1", "eu-west-1"] },
    });
  });

  it("GIVEN a role name prefix WHEN synthesized THEN IAM role changes are limited to roles of that prefix", () => {
    expect(sid(synth().statements, "StackRoles")?.Resource).toBe(
      "arn:aws:iam::333333333333:role/acme-production-*",
    );
  });

  it("GIVEN the CI roles as protected WHEN synthesized THEN every IAM action on them is denied (no self-escalation)", () => {
    expect(sid(synth().statements, "NoChangesToDelivery")).toEqual({
      Sid: "NoChangesToDelivery",
      Effect: "Deny",
      Action: "iam:*",
      Resource: PROTECTED,
    });
  });

  it("GIVEN any deploy role WHEN synthesized THEN creating users and access keys is denied", () => {
    const deny = sid(synth().statements, "NoLongLivedCredentials");
    expect(deny?.Effect).toBe("Deny");
    expect(deny?.Action).toEqual(
      expect.arrayContaining(["iam:CreateAccessKey", "iam:CreateUser"]),
    );
  });

  it("GIVEN no state access role (Terraform Cloud) WHEN synthesized THEN the role assumes nothing", () => {
    const statements = synth({ stateAccessRoleArn: undefined }).statements;
    expect(JSON.stringify(statements)).not.toContain("sts:AssumeRole");
  });

  it("GIVEN no region WHEN constructed THEN regions is refused", () => {
    expect(() => synth({ regions: [] })).toThrow(
      /DeployRole deploy: regions = \[\]/,
    );
  });
});
