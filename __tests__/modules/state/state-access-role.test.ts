import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  StateAccessRole,
  StateAccessRoleProps,
} from "../../../modules/state/state-access-role";
import { listOf, parse } from "../../support/synth";

const BUCKET_ARN = "arn:aws:s3:::test-tfstate-123456789012";
const TABLE_ARN = "arn:aws:dynamodb:af-south-1:123456789012:table/test-tflock";

function synthRole(overrides: Partial<StateAccessRoleProps> = {}): string {
  return Testing.synthScope((scope) => {
    new StateAccessRole(scope, "access", {
      roleName: "test-tfstate-production",
      trustedAccountIds: ["333333333333"],
      bucketName: "test-tfstate-123456789012",
      bucketArn: BUCKET_ARN,
      keyPrefix: "production/",
      kmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/test",
      lockTableArn: TABLE_ARN,
      ...overrides,
    });
  });
}

function statements(
  synthesized: string,
): { Sid: string; Action: unknown; Resource: unknown; Condition?: unknown }[] {
  return JSON.parse(listOf(parse(synthesized), "aws_iam_role_policy")[0].policy)
    .Statement;
}

describe("StateAccessRole", () => {
  it("GIVEN one trusted account WHEN synthesized THEN only that account may assume the role", () => {
    const [role] = listOf(parse(synthRole()), "aws_iam_role");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("GIVEN a role name WHEN synthesized THEN the role has that name", () => {
    expect(synthRole()).toHaveResourceWithProperties(IamRole, {
      name: "test-tfstate-production",
    });
  });

  it("GIVEN the production prefix WHEN synthesized THEN state objects are reachable under production/ only", () => {
    const objects = statements(synthRole()).find(
      (s) => s.Sid === "StateFilesOfThisPrefix",
    );
    expect(objects).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `${BUCKET_ARN}/production/*`,
    });
  });

  it("GIVEN a lock table WHEN synthesized THEN lock items are limited to the prefix's state keys", () => {
    const lock = statements(synthRole()).find(
      (s) => s.Sid === "LockItemsOfThisPrefix",
    );
    expect(lock).toMatchObject({
      Resource: TABLE_ARN,
      Condition: {
        "ForAllValues:StringLike": {
          "dynamodb:LeadingKeys": ["test-tfstate-123456789012/production/*"],
        },
      },
    });
  });

  it("GIVEN no lock table WHEN synthesized THEN the policy grants no DynamoDB action", () => {
    const actions = statements(synthRole({ lockTableArn: undefined })).flatMap(
      (s) => s.Action,
    );
    expect(actions.filter((a) => String(a).startsWith("dynamodb:"))).toEqual(
      [],
    );
  });

  it("GIVEN a prefix without a trailing slash WHEN constructed THEN it throws naming keyPrefix", () => {
    expect(() => synthRole({ keyPrefix: "production" })).toThrow(
      /StateAccessRole .*: keyPrefix = "production": must be one path segment ending in "\/"/,
    );
  });

  it("GIVEN no trusted account WHEN constructed THEN it throws naming trustedAccountIds", () => {
    expect(() => synthRole({ trustedAccountIds: [] })).toThrow(
      /trustedAccountIds = \[\]/,
    );
  });
});

describe("StateAccessRole (readOnly)", () => {
  const readOnly = () => statements(synthRole({ readOnly: true }));
  const actions = () =>
    readOnly().flatMap((s) => ([] as string[]).concat(s.Action as string[]));

  it("GIVEN readOnly WHEN synthesized THEN no S3 object of the bucket can be written or deleted, lock files included", () => {
    expect(actions().filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
  });

  it("GIVEN readOnly and a lock table WHEN synthesized THEN no lock item can be written or deleted", () => {
    expect(
      actions().filter((a) => /^dynamodb:(Put|Delete|Update)/.test(a)),
    ).toEqual([]);
  });

  it("GIVEN readOnly WHEN synthesized THEN the key can only decrypt", () => {
    expect(readOnly().find((s) => s.Sid === "StateKey")?.Action).toBe(
      "kms:Decrypt",
    );
  });

  it("GIVEN readOnly WHEN synthesized THEN its own state files can be read", () => {
    expect(
      readOnly().find((s) => s.Sid === "ReadStateFilesOfThisPrefix"),
    ).toMatchObject({
      Action: "s3:GetObject",
      Resource: `${BUCKET_ARN}/production/*`,
    });
  });
});
