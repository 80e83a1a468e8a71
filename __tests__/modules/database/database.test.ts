import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, Testing, Token } from "cdktf";
import {
  checkDatabaseProps,
  Database,
  DatabaseProps,
  windowsOverlap,
} from "../../../modules/database/database";
import {
  listOf,
  parse,
  referencedName,
  resourcesOf,
} from "../../support/synth";

const BASE: DatabaseProps = {
  identifier: "test-postgres",
  accountId: "123456789012",
  region: "af-south-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-aaaa", "subnet-bbbb"],
  engineVersion: "16",
  instanceClass: "db.t3.micro",
  logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/logs",
};

function synthDatabase(overrides: Partial<DatabaseProps> = {}): string {
  return Testing.synthScope((scope) => {
    new Database(scope, "database", { ...BASE, ...overrides });
  });
}

function instanceOf(synthesized: string) {
  const [instance] = listOf(parse(synthesized), "aws_db_instance");
  return instance;
}

/** Every key of a JSON document, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  }
  return [];
}

describe("Database", () => {
  // ------------------------------------------------------ engine, storage
  it("GIVEN a major engine version WHEN synthesized THEN the instance pins only the major and RDS applies minor upgrades", () => {
    expect(synthDatabase()).toHaveResourceWithProperties(DbInstance, {
      engine: "postgres",
      engine_version: "16",
      auto_minor_version_upgrade: true,
    });
  });

  it("GIVEN automatic minor upgrades off WHEN a major.minor version is given THEN exactly that version is pinned", () => {
    expect(
      synthDatabase({ engineVersion: "16.9", autoMinorVersionUpgrade: false }),
    ).toHaveResourceWithProperties(DbInstance, {
      engine_version: "16.9",
      auto_minor_version_upgrade: false,
    });
  });

  it("GIVEN storage settings WHEN synthesized THEN gp3 storage is allocated and autoscales to the maximum", () => {
    expect(
      synthDatabase({ allocatedStorageGiB: 20, maxAllocatedStorageGiB: 50 }),
    ).toHaveResourceWithProperties(DbInstance, {
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 50,
    });
  });

  it("GIVEN multiAz false WHEN synthesized THEN the instance has no standby", () => {
    expect(instanceOf(synthDatabase({ multiAz: false })).multi_az).toBe(false);
  });

  it("GIVEN no multiAz prop WHEN synthesized THEN the instance defaults to a standby in a second zone", () => {
    expect(instanceOf(synthDatabase()).multi_az).toBe(true);
  });

  // ------------------------------------------------------------- network
  it("GIVEN isolated subnets WHEN synthesized THEN the subnet group spans exactly them and the instance is not public", () => {
    const synthesized = synthDatabase();
    expect(synthesized).toHaveResourceWithProperties(DbSubnetGroup, {
      subnet_ids: ["subnet-aaaa", "subnet-bbbb"],
    });
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      publicly_accessible: false,
    });
  });

  it("GIVEN no ingress CIDR WHEN synthesized THEN the database's security group has no rule at all", () => {
    const json = parse(synthDatabase());
    expect(listOf(json, "aws_security_group")[0].egress).toEqual([]);
    expect(listOf(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
  });

  it("GIVEN an ingress CIDR and a port WHEN synthesized THEN the network admits that CIDR on the instance's port", () => {
    const json = parse(
      synthDatabase({ ingressCidr: "10.0.0.0/16", port: 6432 }),
    );
    const [rule] = listOf(json, "aws_vpc_security_group_ingress_rule");
    expect([
      rule.cidr_ipv4,
      rule.from_port,
      listOf(json, "aws_db_instance")[0].port,
    ]).toEqual(["10.0.0.0/16", 6432, 6432]);
  });

  it("GIVEN the network in its own construct WHEN synthesized THEN the security group and subnet group keep the addresses they had before it", () => {
    // The hashes are those of the paths database/security-group and
    // database/subnet-group: a changed address would replace the groups.
    const json = parse(synthDatabase());
    expect([
      Object.keys(resourcesOf(json, "aws_security_group")),
      Object.keys(resourcesOf(json, "aws_db_subnet_group")),
    ]).toEqual([
      ["database_security-group_BF0DE645"],
      ["database_subnet-group_706EB4D1"],
    ]);
  });

  it("GIVEN the instance WHEN synthesized THEN it uses its security group, subnet group and parameter group", () => {
    const json = parse(synthDatabase());
    const instance = instanceOf(JSON.stringify(json));
    expect(referencedName(instance.vpc_security_group_ids[0])).toBe(
      Object.keys(resourcesOf(json, "aws_security_group"))[0],
    );
    expect(referencedName(instance.db_subnet_group_name)).toBe(
      Object.keys(resourcesOf(json, "aws_db_subnet_group"))[0],
    );
    expect(referencedName(instance.parameter_group_name)).toBe(
      Object.keys(resourcesOf(json, "aws_db_parameter_group"))[0],
    );
  });

  it("GIVEN max_connections WHEN synthesized THEN the instance's parameter group sets it", () => {
    const [group] = listOf(
      parse(synthDatabase({ maxConnections: 150 })),
      "aws_db_parameter_group",
    );
    expect(
      group.parameter.find(
        (p: { name: string }) => p.name === "max_connections",
      ),
    ).toEqual({
      name: "max_connections",
      value: "150",
      apply_method: "pending-reboot",
    });
  });

  // ---------------------------------------------------------- encryption
  it("GIVEN the instance WHEN synthesized THEN storage, master secret and Performance Insights use the construct's own rotating key", () => {
    const json = parse(synthDatabase());
    const keyName = Object.keys(resourcesOf(json, "aws_kms_key"))[0];
    const instance = instanceOf(JSON.stringify(json));
    expect(instance.storage_encrypted).toBe(true);
    expect({
      storage: referencedName(instance.kms_key_id),
      secret: referencedName(instance.master_user_secret_kms_key_id),
      performanceInsights: referencedName(
        instance.performance_insights_kms_key_id,
      ),
    }).toEqual({
      storage: keyName,
      secret: keyName,
      performanceInsights: keyName,
    });
    expect(synthDatabase()).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
    });
  });

  it("GIVEN the key WHEN synthesized THEN its policy lets the account use it only through RDS and Secrets Manager of the region", () => {
    const [key] = listOf(parse(synthDatabase()), "aws_kms_key");
    const statements = JSON.parse(key.policy).Statement;
    const through = statements
      .filter((s: { Sid: string }) => s.Sid.startsWith("UseThrough"))
      .map(
        (s: { Condition: { StringEquals: Record<string, string> } }) =>
          s.Condition.StringEquals,
      );
    expect(through).toEqual([
      {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": "rds.af-south-1.amazonaws.com",
      },
      {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": "secretsmanager.af-south-1.amazonaws.com",
      },
    ]);
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual([
      "AccountAdministration",
      "UseThroughRds",
      "UseThroughSecretsManager",
    ]);
  });

  // ---------------------------------------------------------- credentials
  it("GIVEN the instance WHEN synthesized THEN RDS manages the master password and no password attribute is set", () => {
    const synthesized = synthDatabase();
    expect(synthesized).toHaveResourceWithProperties(DbInstance, {
      manage_master_user_password: true,
      username: "pipeline_admin",
    });
    expect(
      keysOf(parse(synthesized)).filter(
        (k) => /password/i.test(k) && k !== "manage_master_user_password",
      ),
    ).toEqual([]);
  });

  it("GIVEN a rotation schedule WHEN synthesized THEN the RDS-managed secret rotates on it, without a Lambda and not at apply time", () => {
    const json = parse(synthDatabase({ secretRotationDays: 30 }));
    expect(JSON.stringify(json)).toHaveResourceWithProperties(
      SecretsmanagerSecretRotation,
      {
        rotation_rules: { automatically_after_days: 30 },
        rotate_immediately: false,
      },
    );
    const [rotation] = listOf(json, "aws_secretsmanager_secret_rotation");
    expect(rotation.secret_id).toMatch(
      /^\$\{aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn\}$/,
    );
    expect(rotation.rotation_lambda_arn).toBeUndefined();
  });

  // -------------------------------------------------------------- backups
  it("GIVEN backup settings WHEN synthesized THEN retention, windows and tag copying are set", () => {
    expect(
      synthDatabase({
        backupRetentionDays: 1,
        backupWindow: "02:00-02:30",
        maintenanceWindow: "sat:03:00-sat:03:30",
      }),
    ).toHaveResourceWithProperties(DbInstance, {
      backup_retention_period: 1,
      backup_window: "02:00-02:30",
      maintenance_window: "sat:03:00-sat:03:30",
      copy_tags_to_snapshot: true,
    });
  });

  it("GIVEN every protection on WHEN synthesized THEN deletion protection, a deterministic final snapshot, kept backups and prevent_destroy are set", () => {
    const json = parse(
      synthDatabase({
        deletionProtection: true,
        finalSnapshotOnDelete: true,
        preventDestroy: true,
      }),
    );
    const instance = listOf(json, "aws_db_instance")[0];
    expect({
      deletion_protection: instance.deletion_protection,
      skip_final_snapshot: instance.skip_final_snapshot,
      final_snapshot_identifier: instance.final_snapshot_identifier,
      delete_automated_backups: instance.delete_automated_backups,
      instance_lifecycle: instance.lifecycle,
      key_lifecycle: listOf(json, "aws_kms_key")[0].lifecycle,
    }).toEqual({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "test-postgres-final",
      delete_automated_backups: false,
      instance_lifecycle: { prevent_destroy: true },
      key_lifecycle: { prevent_destroy: true },
    });
  });

  it("GIVEN every protection off WHEN synthesized THEN the instance can be destroyed without a snapshot", () => {
    const json = parse(
      synthDatabase({
        deletionProtection: false,
        finalSnapshotOnDelete: false,
        preventDestroy: false,
      }),
    );
    const instance = listOf(json, "aws_db_instance")[0];
    expect({
      deletion_protection: instance.deletion_protection,
      skip_final_snapshot: instance.skip_final_snapshot,
      final_snapshot_identifier: instance.final_snapshot_identifier,
      delete_automated_backups: instance.delete_automated_backups,
      prevent_destroy: instance.lifecycle?.prevent_destroy ?? false,
    }).toEqual({
      deletion_protection: false,
      skip_final_snapshot: true,
      final_snapshot_identifier: undefined,
      delete_automated_backups: true,
      prevent_destroy: false,
    });
  });

  it("GIVEN no applyImmediately prop WHEN synthesized THEN changes wait for the maintenance window", () => {
    expect(instanceOf(synthDatabase()).apply_immediately).toBe(false);
  });

  it("GIVEN applyImmediately true WHEN synthesized THEN RDS applies changes during the deploy", () => {
    expect(
      instanceOf(synthDatabase({ applyImmediately: true })).apply_immediately,
    ).toBe(true);
  });

  // ---------------------------------------------------------- monitoring
  it("GIVEN the instance WHEN synthesized THEN Performance Insights keeps 7 days", () => {
    expect(synthDatabase()).toHaveResourceWithProperties(DbInstance, {
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
    });
  });

  it("GIVEN a monitoring interval WHEN synthesized THEN Enhanced Monitoring uses it with the construct's role", () => {
    const json = parse(synthDatabase({ monitoringIntervalSeconds: 15 }));
    const instance = listOf(json, "aws_db_instance")[0];
    expect(instance.monitoring_interval).toBe(15);
    expect(referencedName(instance.monitoring_role_arn)).toBe(
      Object.keys(resourcesOf(json, "aws_iam_role"))[0],
    );
  });

  it("GIVEN log exports WHEN synthesized THEN postgresql and upgrade logs are exported and the instance waits for their log groups", () => {
    const json = parse(synthDatabase());
    const instance = listOf(json, "aws_db_instance")[0];
    expect(instance.enabled_cloudwatch_logs_exports).toEqual([
      "postgresql",
      "upgrade",
    ]);
    expect(instance.depends_on).toEqual(
      Object.keys(resourcesOf(json, "aws_cloudwatch_log_group")).map(
        (name) => `aws_cloudwatch_log_group.${name}`,
      ),
    );
  });

  it("GIVEN an identifier WHEN synthesized THEN the security group, subnet group and monitoring role are named after it", () => {
    const synthesized = synthDatabase();
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: "test-postgres-monitoring",
    });
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      name: "test-postgres",
    });
    expect(synthesized).toHaveResourceWithProperties(DbSubnetGroup, {
      name: "test-postgres",
    });
  });

  // ---------------------------------------------------------- its fields
  it("GIVEN the construct WHEN its fields are output THEN they point at the instance, its secret, security group and key", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        const db = new Database(scope, "database", BASE);
        const fields = {
          securityGroupId: db.securityGroupId,
          endpointAddress: db.endpointAddress,
          port: db.port,
          databaseName: db.databaseName,
          masterSecretArn: db.masterSecretArn,
          kmsKeyArn: db.kmsKeyArn,
          instanceIdentifier: db.instanceIdentifier,
        };
        for (const [name, value] of Object.entries(fields)) {
          new TerraformOutput(scope, name, { value });
        }
      }),
    );
    const value = (name: string) =>
      (json.output[name].value as string).replace(
        /\.[A-Za-z0-9_-]+_[0-9A-F]{8}\./,
        ".X.",
      );
    expect({
      securityGroupId: value("securityGroupId"),
      endpointAddress: value("endpointAddress"),
      port: value("port"),
      databaseName: value("databaseName"),
      masterSecretArn: value("masterSecretArn"),
      kmsKeyArn: value("kmsKeyArn"),
      instanceIdentifier: value("instanceIdentifier"),
    }).toEqual({
      securityGroupId: "${aws_security_group.X.id}",
      endpointAddress: "${aws_db_instance.X.address}",
      port: "${aws_db_instance.X.port}",
      databaseName: "${aws_db_instance.X.db_name}",
      masterSecretArn: "${aws_db_instance.X.master_user_secret[0].secret_arn}",
      kmsKeyArn: "${aws_kms_key.X.arn}",
      instanceIdentifier: "${aws_db_instance.X.identifier}",
    });
  });

  // ------------------------------------------------------------ bad props
  it("GIVEN maximum storage less than 10 % above the allocation WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthDatabase({ allocatedStorageGiB: 20, maxAllocatedStorageGiB: 21 }),
    ).toThrow(
      /maxAllocatedStorageGiB = 21: must be at least 10 % above allocatedStorageGiB \(20\)/,
    );
  });

  it("GIVEN a pinned minor version with automatic minor upgrades on WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ engineVersion: "16.9" })).toThrow(
      /engineVersion = "16\.9": must name the major version only/,
    );
  });

  it("GIVEN an engine version that is not a version WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ engineVersion: "latest" })).toThrow(
      /engineVersion = "latest": must be a PostgreSQL version/,
    );
  });

  it("GIVEN an identifier with upper-case letters WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ identifier: "Prod_DB" })).toThrow(
      /identifier = "Prod_DB": must be 2-53 lower-case letters/,
    );
  });

  it("GIVEN a single subnet WHEN constructed THEN it throws naming the prop: a DB subnet group needs two zones", () => {
    expect(() => synthDatabase({ subnetIds: ["subnet-aaaa"] })).toThrow(
      /subnetIds = \["subnet-aaaa"\]: must name subnets in at least two availability zones/,
    );
  });

  it("GIVEN a backup retention of 36 days WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ backupRetentionDays: 36 })).toThrow(
      /backupRetentionDays = 36: must be a whole number from 0 to 35/,
    );
  });

  it("GIVEN a rotation of 0 days WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ secretRotationDays: 0 })).toThrow(
      /secretRotationDays = 0: must be a whole number from 1 to 1000/,
    );
  });

  it("GIVEN maximum storage exactly 10 % above the allocation WHEN constructed THEN it is accepted", () => {
    expect(() =>
      synthDatabase({ allocatedStorageGiB: 20, maxAllocatedStorageGiB: 22 }),
    ).not.toThrow();
  });

  it("GIVEN a rotation of 1000 days, Secrets Manager's longest WHEN constructed THEN it is accepted, and 1001 is not", () => {
    expect(() => synthDatabase({ secretRotationDays: 1000 })).not.toThrow();
    expect(() => synthDatabase({ secretRotationDays: 1001 })).toThrow(
      /secretRotationDays = 1001: must be a whole number from 1 to 1000/,
    );
  });

  it("GIVEN a malformed backup window WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDatabase({ backupWindow: "midnight" })).toThrow(
      /backupWindow = "midnight": must be hh:mm-hh:mm/,
    );
  });

  it("GIVEN a maintenance window inside the backup window WHEN constructed THEN it throws naming both", () => {
    expect(() =>
      synthDatabase({ maintenanceWindow: "mon:00:10-mon:00:40" }),
    ).toThrow(
      /maintenanceWindow = "mon:00:10-mon:00:40": must not overlap backupWindow \(00:00-00:30\)/,
    );
  });
});

describe("checkDatabaseProps", () => {
  it("GIVEN several bad props WHEN checked with a collecting report THEN each is reported, the sub-constructs' ones included", () => {
    const found: string[] = [];
    checkDatabaseProps((prop) => found.push(prop), {
      allocatedStorageGiB: 10,
      monitoringIntervalSeconds: 20,
      engineVersion: "11.22",
      port: 80,
    });
    expect(found.sort()).toEqual([
      "allocatedStorageGiB",
      "engineVersion",
      "monitoringIntervalSeconds",
      "port",
    ]);
  });

  it("GIVEN a storage size that is a token WHEN checked THEN it is skipped: its value is known only at apply", () => {
    const found: string[] = [];
    checkDatabaseProps((prop) => found.push(prop), {
      allocatedStorageGiB: Token.asNumber("${var.storage}"),
    });
    expect(found).toEqual([]);
  });
});

describe("windowsOverlap", () => {
  it("GIVEN the default windows WHEN compared THEN they do not overlap", () => {
    expect(windowsOverlap("00:00-00:30", "sun:01:00-sun:01:30")).toBe(false);
  });

  it("GIVEN a daily backup window that crosses midnight WHEN the maintenance window starts just after midnight THEN they overlap", () => {
    expect(windowsOverlap("23:30-00:30", "tue:00:00-tue:00:30")).toBe(true);
  });

  it("GIVEN a maintenance window that wraps from Sunday to Monday WHEN the backup runs Monday early THEN they overlap", () => {
    expect(windowsOverlap("00:10-00:40", "sun:23:50-mon:00:20")).toBe(true);
  });

  it("GIVEN windows that only touch WHEN compared THEN they do not overlap", () => {
    expect(windowsOverlap("00:00-00:30", "sun:00:30-sun:01:00")).toBe(false);
  });
});
