import "cdktf/lib/testing/adapters/jest";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { PermissionsBoundary, RoleBoundary } from "../../../modules/delivery";
import { listOf, parse } from "../../support/synth";

const ARN = "arn:aws:iam::333333333333:policy/acme-production-boundary";

function boundaryStatements() {
  const json = parse(
    Testing.synthScope((scope) => {
      new PermissionsBoundary(scope, "boundary", {
        policyName: "acme-production-boundary",
        accountId: "333333333333",
      });
    }),
  );
  const policy = listOf(json, "aws_iam_policy")[0];
  return {
    name: policy.name,
    statements: JSON.parse(policy.policy).Statement as {
      Sid: string;
      Effect: string;
      Action: string | string[];
    }[],
  };
}

function synthRoles(existingBoundary?: string) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  new IamRole(stack, "plain", { name: "a", assumeRolePolicy: "{}" });
  new IamRole(stack, "named", {
    name: "b",
    assumeRolePolicy: "{}",
    permissionsBoundary: existingBoundary,
  });
  Aspects.of(stack).add(new RoleBoundary(ARN));
  return listOf(parse(Testing.synth(stack)), "aws_iam_role");
}

describe("PermissionsBoundary", () => {
  it("GIVEN a policy name WHEN synthesized THEN the customer managed policy has that name and arnOf its ARN", () => {
    expect(boundaryStatements().name).toBe("acme-production-boundary");
    expect(
      PermissionsBoundary.arnOf("333333333333", "acme-production-boundary"),
    ).toBe(ARN);
  });

  it("GIVEN the boundary WHEN synthesized THEN roles within it can change no identity and assume no role", () => {
    const deny = boundaryStatements().statements.find(
      (s) => s.Sid === "NoIdentityChanges",
    );
    expect(deny?.Effect).toBe("Deny");
    expect(deny?.Action).toEqual(
      expect.arrayContaining([
        "iam:Attach*",
        "iam:Create*",
        "iam:Put*",
        "iam:Delete*",
        "iam:Update*",
        "sts:AssumeRole",
      ]),
    );
  });

  it("GIVEN the boundary WHEN synthesized THEN roles within it cannot stop the trail or delete a key", () => {
    const deny = boundaryStatements().statements.find(
      (s) => s.Sid === "NoAuditOrKeyTampering",
    );
    expect(deny?.Action).toEqual(
      expect.arrayContaining([
        "cloudtrail:StopLogging",
        "kms:ScheduleKeyDeletion",
        "kms:PutKeyPolicy",
      ]),
    );
  });

  it("GIVEN a bad account id WHEN constructed THEN it is refused by name", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new PermissionsBoundary(scope, "b", {
          policyName: "x",
          accountId: "12",
        });
      }),
    ).toThrow(/PermissionsBoundary b: accountId = "12": must be 12 digits/);
  });
});

describe("RoleBoundary", () => {
  it("GIVEN roles without a boundary WHEN the aspect runs THEN every role carries the boundary", () => {
    expect(synthRoles().map((r) => r.permissions_boundary)).toEqual([ARN, ARN]);
  });

  it("GIVEN a role with another boundary WHEN the aspect runs THEN synthesis stops naming the role", () => {
    expect(() => synthRoles("arn:aws:iam::333333333333:policy/other")).toThrow(
      /RoleBoundary: s\/named: permissionsBoundary = .*other/,
    );
  });
});
