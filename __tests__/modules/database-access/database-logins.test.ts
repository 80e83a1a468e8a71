import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseLogins,
  DatabaseLoginsProps,
} from "../../../modules/database-access/database-logins";
import { listOf, parse } from "../../support/synth";

const BASE: DatabaseLoginsProps = {
  namePrefix: "test-postgres",
  kmsKeyArn: "arn:aws:kms:af-south-1:111111111111:key/db",
};

function synthLogins(overrides: Partial<DatabaseLoginsProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new DatabaseLogins(scope, "logins", { ...BASE, ...overrides });
    }),
  );
}

describe("DatabaseLogins", () => {
  it("GIVEN a name prefix WHEN synthesized THEN there is one secret per login, encrypted with the given key", () => {
    const secrets = listOf(synthLogins(), "aws_secretsmanager_secret").map(
      (s) => [s.name, s.kms_key_id, s.recovery_window_in_days],
    );
    expect(secrets).toEqual([
      ["test-postgres/logins/pipeline_app", BASE.kmsKeyArn, 7],
      ["test-postgres/logins/pipeline_owner", BASE.kmsKeyArn, 7],
    ]);
  });

  it("GIVEN the secrets WHEN synthesized THEN none has a value: Terraform never holds a database password", () => {
    const json = synthLogins();
    expect([
      listOf(json, "aws_secretsmanager_secret_version"),
      JSON.stringify(json).match(/password/i),
    ]).toEqual([[], null]);
  });

  it.each([1, 6, 31, 7.5])(
    "GIVEN a recovery window of %p days WHEN constructed THEN the error names recoveryWindowDays",
    (recoveryWindowDays) => {
      expect(() => synthLogins({ recoveryWindowDays })).toThrow(
        /recoveryWindowDays.*must be 0 or 7-30/,
      );
    },
  );
});
