import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { JobSecurityGroup } from "../../../modules/workloads/job-security-group";
import { listOf, parse } from "../../support/synth";

function synth() {
  return parse(
    Testing.synthScope((scope) => {
      new JobSecurityGroup(scope, "jobs", {
        name: "team-jobs",
        vpcId: "vpc-1",
        databaseSecurityGroupId: "sg-db",
        databasePort: 5432,
      });
    }),
  );
}

describe("JobSecurityGroup", () => {
  it("GIVEN the group WHEN synthesized THEN its only outbound rules are HTTPS and PostgreSQL to the database's group", () => {
    const egress = listOf(synth(), "aws_vpc_security_group_egress_rule").map(
      (r) => [r.from_port, r.cidr_ipv4 ?? r.referenced_security_group_id],
    );
    expect(egress.sort()).toEqual([
      [443, "0.0.0.0/0"],
      [5432, "sg-db"],
    ]);
  });

  it("GIVEN the group WHEN synthesized THEN the database admits it on 5432 and nothing admits traffic into the jobs", () => {
    const ingress = listOf(synth(), "aws_vpc_security_group_ingress_rule");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({
      security_group_id: "sg-db",
      from_port: 5432,
      to_port: 5432,
    });
  });
});
