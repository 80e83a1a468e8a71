import { DbInstanceAutomatedBackupsReplication } from "@cdktf/provider-aws/lib/db-instance-automated-backups-replication";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseBackupReplication,
  DatabaseBackupReplicationProps,
} from "../../../modules/database/database-backup-replication";
import {
  listOf,
  parse,
  referencedName,
  resourcesOf,
} from "../../support/synth";

const SOURCE = "arn:aws:rds:af-south-1:123456789012:db:test-postgres";

function synthReplication(
  overrides: Partial<Omit<DatabaseBackupReplicationProps, "provider">> = {},
): string {
  return Testing.synthScope((scope) => {
    const provider = new AwsProvider(scope, "aws-dr", {
      alias: "dr",
      region: "eu-west-1",
    });
    new DatabaseBackupReplication(scope, "replication", {
      sourceInstanceArn: SOURCE,
      provider,
      region: "eu-west-1",
      accountId: "123456789012",
      keyAliasName: "test-postgres-dr-backups",
      ...overrides,
    });
  });
}

describe("DatabaseBackupReplication", () => {
  it("GIVEN a source instance WHEN synthesized THEN its automated backups are replicated with the configured retention", () => {
    expect(
      synthReplication({ retentionDays: 14 }),
    ).toHaveResourceWithProperties(DbInstanceAutomatedBackupsReplication, {
      source_db_instance_arn: SOURCE,
      retention_period: 14,
    });
  });

  it("GIVEN the destination provider WHEN synthesized THEN the replication, its key and the key's alias are all created in the destination region", () => {
    const json = parse(synthReplication());
    expect({
      replication: listOf(
        json,
        "aws_db_instance_automated_backups_replication",
      ).map((r) => r.provider),
      key: listOf(json, "aws_kms_key").map((k) => k.provider),
      alias: listOf(json, "aws_kms_alias").map((a) => a.provider),
    }).toEqual({ replication: ["aws.dr"], key: ["aws.dr"], alias: ["aws.dr"] });
  });

  it("GIVEN the replication WHEN synthesized THEN the copies are encrypted with the destination key", () => {
    const json = parse(synthReplication());
    const [replication] = listOf(
      json,
      "aws_db_instance_automated_backups_replication",
    );
    expect(referencedName(replication.kms_key_id)).toBe(
      Object.keys(resourcesOf(json, "aws_kms_key"))[0],
    );
  });

  it("GIVEN the destination key WHEN synthesized THEN its policy lets the account use it only through RDS of the destination region", () => {
    const [key] = listOf(parse(synthReplication()), "aws_kms_key");
    const rds = JSON.parse(key.policy).Statement.find(
      (s: { Sid: string }) => s.Sid === "UseThroughRds",
    );
    expect(rds.Condition).toEqual({
      StringEquals: {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": "rds.eu-west-1.amazonaws.com",
      },
    });
    expect(key.enable_key_rotation).toBe(true);
  });

  it("GIVEN no preventDestroy prop WHEN synthesized THEN the destination key is protected from terraform destroy", () => {
    const [key] = listOf(parse(synthReplication()), "aws_kms_key");
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("GIVEN preventDestroy false WHEN synthesized THEN the destination key can be destroyed", () => {
    const [key] = listOf(
      parse(synthReplication({ preventDestroy: false })),
      "aws_kms_key",
    );
    expect(key.lifecycle?.prevent_destroy ?? false).toBe(false);
  });

  it("GIVEN a retention of 36 days WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthReplication({ retentionDays: 36 })).toThrow(
      /retentionDays = 36: must be a whole number from 1 to 35/,
    );
  });
});
