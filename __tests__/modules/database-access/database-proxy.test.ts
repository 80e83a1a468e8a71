import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, Testing } from "cdktf";
import {
  DatabaseProxy,
  DatabaseProxyProps,
} from "../../../modules/database-access/database-proxy";
import { listOf, parse } from "../../support/synth";

const BASE: DatabaseProxyProps = {
  name: "test-postgres",
  accountId: "111111111111",
  region: "af-south-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-aaaa", "subnet-bbbb"],
  databaseSecurityGroupId: "sg-database",
  port: 5432,
  instanceIdentifier: "test-postgres",
  secretArns: ["arn:secret:app", "arn:secret:owner"],
  secretKmsKeyArn: "arn:aws:kms:af-south-1:111111111111:key/db",
};

function synthProxy(overrides: Partial<DatabaseProxyProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new DatabaseProxy(scope, "proxy", { ...BASE, ...overrides });
    }),
  );
}

describe("DatabaseProxy", () => {
  it("GIVEN two login secrets WHEN synthesized THEN the proxy is PostgreSQL, requires TLS and accepts each login with IAM authentication only", () => {
    const [proxy] = listOf(synthProxy(), "aws_db_proxy");
    expect({
      engine: proxy.engine_family,
      tls: proxy.require_tls,
      auth: proxy.auth.map((a: Record<string, string>) => [
        a.secret_arn,
        a.auth_scheme,
        a.iam_auth,
      ]),
    }).toEqual({
      engine: "POSTGRESQL",
      tls: true,
      auth: [
        ["arn:secret:app", "SECRETS", "REQUIRED"],
        ["arn:secret:owner", "SECRETS", "REQUIRED"],
      ],
    });
  });

  it("GIVEN no pool settings WHEN synthesized THEN the defaults apply: 90 % of connections, 50 % idle, 120 s borrow, 1800 s idle clients", () => {
    const json = synthProxy();
    const [group] = listOf(json, "aws_db_proxy_default_target_group");
    const [proxy] = listOf(json, "aws_db_proxy");
    expect([group.connection_pool_config, proxy.idle_client_timeout]).toEqual([
      {
        max_connections_percent: 90,
        max_idle_connections_percent: 50,
        connection_borrow_timeout: 120,
      },
      1800,
    ]);
  });

  it("GIVEN the role WHEN synthesized THEN it reads exactly the login secrets and decrypts them through Secrets Manager only", () => {
    const [policy] = listOf(synthProxy(), "aws_iam_role_policy");
    const statements = JSON.parse(policy.policy).Statement;
    expect(
      statements.map((s: Record<string, unknown>) => [
        s.Action,
        s.Resource,
        s.Condition,
      ]),
    ).toEqual([
      [
        "secretsmanager:GetSecretValue",
        ["arn:secret:app", "arn:secret:owner"],
        undefined,
      ],
      [
        "kms:Decrypt",
        BASE.secretKmsKeyArn,
        {
          StringEquals: {
            "kms:ViaService": "secretsmanager.af-south-1.amazonaws.com",
          },
        },
      ],
    ]);
  });

  it("GIVEN the database's security group WHEN synthesized THEN the proxy's group has no inline rules and reaches the database on its port only", () => {
    const json = synthProxy();
    const [group] = listOf(json, "aws_security_group");
    const [egress] = listOf(json, "aws_vpc_security_group_egress_rule");
    const [ingress] = listOf(json, "aws_vpc_security_group_ingress_rule");
    expect({
      inline: [group.egress, group.ingress],
      egress: [egress.referenced_security_group_id, egress.from_port],
      ingress: [ingress.security_group_id, ingress.to_port],
    }).toEqual({
      inline: [undefined, undefined],
      egress: ["sg-database", 5432],
      ingress: ["sg-database", 5432],
    });
  });

  it("GIVEN a user WHEN its connect ARN is asked for THEN it names that user on this proxy's resource id in the proxy's account and region", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        const proxy = new DatabaseProxy(scope, "proxy", BASE);
        new TerraformOutput(scope, "arn", {
          value: proxy.dbUserArn("pipeline_app"),
        });
      }),
    );
    // element(split(":", <proxy ARN>), 6): the prx-... id of arn:aws:rds:<region>:<account>:db-proxy:prx-...
    expect(json.output.arn.value).toMatch(
      /^arn:aws:rds-db:af-south-1:111111111111:dbuser:\$\{element\(split\(\\?":\\?", aws_db_proxy\.proxy_[0-9A-F]+\.arn\), 6\)\}\/pipeline_app$/,
    );
  });

  it.each([
    [{ maxConnectionsPercent: 0 }, /maxConnectionsPercent/],
    [
      { maxConnectionsPercent: 40, maxIdleConnectionsPercent: 50 },
      /maxIdleConnectionsPercent/,
    ],
    [{ idleClientTimeoutSeconds: 28801 }, /idleClientTimeoutSeconds/],
    [
      { connectionBorrowTimeoutSeconds: 3601 },
      /connectionBorrowTimeoutSeconds/,
    ],
    [{ subnetIds: ["subnet-aaaa"] }, /subnetIds.*two availability zones/],
  ])(
    "GIVEN %p WHEN constructed THEN the error names the prop",
    (overrides, message) => {
      expect(() => synthProxy(overrides)).toThrow(message);
    },
  );
});
