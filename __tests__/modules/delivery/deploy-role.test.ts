import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { DeployRole, DeployRoleProps } from "../../../modules/delivery";
import { listOf, parse } from "../../support/synth";

const STATE_ROLE = "arn:aws:iam::999999999999:role/acme-tfstate-production";
const BOUNDARY = "arn:aws:iam::333333333333:policy/acme-production-boundary";
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
        permissionsBoundaryArn: BOUNDARY,
        managedPolicyArns: [
          "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
        ],
        passedRoles: [
          { names: ["*-task"], service: "ecs-tasks.amazonaws.com" },
        ],
        environmentTag: { key: "Environment", value: "production" },
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
  const managed: typeof statements = listOf(json, "aws_iam_policy").flatMap(
    (p) => JSON.parse(p.policy).Statement,
  );
  return {
    json,
    trust: JSON.parse(role.assume_role_policy),
    statements,
    managed,
  };
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

  /** The region condition of each statement of the resource table, by Sid. */
  const regionsBySid = (prefix: string) =>
    Object.fromEntries(
      synth()
        .managed.filter((m) => m.Sid?.startsWith(prefix))
        .map((m) => [m.Sid, m.Condition]),
    );

  it("GIVEN two regions WHEN synthesized THEN every write of the resource table but a global service's is limited to those regions", () => {
    const conditions = regionsBySid("Deploy");
    expect(Object.keys(conditions).length).toBeGreaterThan(10);
    expect(
      Object.keys(conditions).filter(
        (sid) =>
          !sid.startsWith("DeployRoute53") &&
          !sid.startsWith("DeployCloudfront") &&
          JSON.stringify(conditions[sid]) !==
            JSON.stringify({
              StringEquals: {
                "aws:RequestedRegion": ["af-south-1", "eu-west-1"],
              },
            }),
      ),
    ).toEqual([]);
  });

  it("GIVEN two regions WHEN synthesized THEN Route 53's and CloudFront's writes and the global reads are limited to us-east-1, where their requests go", () => {
    const us = { StringEquals: { "aws:RequestedRegion": ["us-east-1"] } };
    expect([
      regionsBySid("DeployRoute53"),
      regionsBySid("DeployCloudfront"),
      regionsBySid("ReadGlobal"),
    ]).toEqual([
      { DeployRoute53GeneratedIds: us },
      { DeployCloudfrontGeneratedIds: us },
      { ReadGlobalStackResources: us },
    ]);
  });

  it("GIVEN the resource table WHEN synthesized THEN no statement allows a whole service (service:*)", () => {
    const { statements, managed } = synth();
    const wholeService = [...statements, ...managed]
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) => ([] as string[]).concat(s.Action as string[]))
      .filter((a) => a === "*" || /:\*$/.test(a));
    expect(wholeService).toEqual([]);
  });

  it("GIVEN a role name prefix WHEN synthesized THEN roles are created and changed only under it and only with the boundary", () => {
    expect(
      sid(synth().statements, "StackRolesOnlyWithTheBoundary"),
    ).toMatchObject({
      Resource: "arn:aws:iam::333333333333:role/acme-production-*",
      Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
    });
  });

  it("GIVEN one managed policy WHEN synthesized THEN only it can be attached, and only to roles with the boundary", () => {
    expect(
      sid(synth().statements, "AttachOnlyTheStacksManagedPolicies")?.Condition,
    ).toEqual({
      StringEquals: { "iam:PermissionsBoundary": BOUNDARY },
      ArnEquals: {
        "iam:PolicyARN": [
          "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
        ],
      },
    });
  });

  it("GIVEN task roles passed to ECS WHEN synthesized THEN PassRole names that service and those roles only", () => {
    expect(sid(synth().statements, "PassRolesToEcsTasks")).toEqual({
      Sid: "PassRolesToEcsTasks",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: ["arn:aws:iam::333333333333:role/acme-production-*-task"],
      Condition: {
        StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
      },
    });
  });

  it("GIVEN an environment that may not be destroyed WHEN synthesized THEN stopping or deleting the trail is denied", () => {
    const deny = synth().managed.find((m) => m.Sid === "NoAuditLoggingStop");
    expect(deny?.Action).toEqual(
      expect.arrayContaining([
        "cloudtrail:DeleteTrail",
        "cloudtrail:StopLogging",
      ]),
    );
  });

  it("GIVEN an environment that may be destroyed WHEN synthesized THEN the trail may be stopped and nothing denies it", () => {
    const { managed } = synth({ mayDeleteAuditLogging: true });
    expect(managed.find((m) => m.Sid === "NoAuditLoggingStop")).toBeUndefined();
    expect(managed.find((m) => m.Sid === "DeployCloudtrail")?.Action).toEqual(
      expect.arrayContaining(["cloudtrail:StopLogging"]),
    );
  });

  it("GIVEN the resource table WHEN synthesized THEN each managed policy stays within IAM's 6,144 characters", () => {
    const sizes = listOf(synth().json, "aws_iam_policy").map(
      (p) => JSON.stringify(JSON.parse(p.policy)).length,
    );
    expect(sizes.filter((n) => n > 6144)).toEqual([]);
  });

  it("GIVEN any deploy role WHEN synthesized THEN its inline policy stays within IAM's 10,240 characters", () => {
    expect(JSON.stringify(synth().statements).length).toBeLessThan(10240 - 40);
  });

  it("GIVEN any deploy role WHEN synthesized THEN reading or writing a secret value is denied", () => {
    expect(sid(synth().statements, "NoSecretValues")).toMatchObject({
      Effect: "Deny",
      Action: [
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
      ],
    });
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
      /DeployRole deploy: regions = \[\]: must name at least one region/,
    );
  });

  it("GIVEN a boundary that is not a customer managed policy ARN WHEN constructed THEN it is refused", () => {
    expect(() =>
      synth({
        permissionsBoundaryArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
    ).toThrow(
      /DeployRole deploy: permissionsBoundaryArn = .*customer managed policy/,
    );
  });
});
