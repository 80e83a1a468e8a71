import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseReaderClient,
  DatabaseReaderClientProps,
} from "../../../modules/database-access/database-reader-client";
import { listOf, parse } from "../../support/synth";

const ARNS = [
  "arn:aws:rds-db:af-south-1:111111111111:dbuser:db-R1/pipeline_reader",
  "arn:aws:rds-db:af-south-1:111111111111:dbuser:db-R2/pipeline_reader",
];
const BASE: DatabaseReaderClientProps = {
  securityGroupId: "sg-tasks",
  replicaSecurityGroupId: "sg-replicas",
  port: 5432,
  role: "api-task-role",
  dbUserArns: ARNS,
  clientName: "the API tasks of test-api",
};

function synthClient(overrides: Partial<DatabaseReaderClientProps> = {}) {
  return parse(
    Testing.synthScope((scope) => {
      new DatabaseReaderClient(scope, "reader", { ...BASE, ...overrides });
    }),
  );
}

describe("DatabaseReaderClient", () => {
  it("GIVEN a client WHEN synthesized THEN its group reaches the replicas' group on the port, on both sides, and nothing else", () => {
    const json = synthClient();
    const rule = (r: Record<string, unknown>) => [
      r.security_group_id,
      r.referenced_security_group_id,
      r.from_port,
      r.to_port,
    ];
    expect({
      egress: listOf(json, "aws_vpc_security_group_egress_rule").map(rule),
      ingress: listOf(json, "aws_vpc_security_group_ingress_rule").map(rule),
    }).toEqual({
      egress: [["sg-tasks", "sg-replicas", 5432, 5432]],
      ingress: [["sg-replicas", "sg-tasks", 5432, 5432]],
    });
  });

  it("GIVEN two replicas' ARNs WHEN synthesized THEN the role's database-read-connect policy allows rds-db:connect on exactly those", () => {
    const [policy] = listOf(synthClient(), "aws_iam_role_policy");
    expect({
      name: policy.name,
      role: policy.role,
      statements: JSON.parse(policy.policy).Statement.map(
        (s: Record<string, unknown>) => [s.Effect, s.Action, s.Resource],
      ),
    }).toEqual({
      name: "database-read-connect",
      role: "api-task-role",
      statements: [["Allow", "rds-db:connect", ARNS]],
    });
  });

  it("GIVEN no replica ARN WHEN constructed THEN the error names dbUserArns", () => {
    expect(() => synthClient({ dbUserArns: [] })).toThrow(
      /dbUserArns = \[\]: must name the reader on at least one replica/,
    );
  });
});
