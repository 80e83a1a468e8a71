import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import {
  DatabaseParameterGroup,
  DatabaseParameterGroupProps,
} from "../../../modules/database/database-parameter-group";
import { listOf, parse } from "../../support/synth";

function synthGroup(
  overrides: Partial<DatabaseParameterGroupProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new DatabaseParameterGroup(scope, "parameters", {
      namePrefix: "test-postgres",
      engineVersion: "16.9",
      ...overrides,
    });
  });
}

/** name → [value, apply_method] of the group's parameters. */
function parametersOf(synthesized: string): Record<string, [string, string]> {
  const [group] = listOf(parse(synthesized), "aws_db_parameter_group");
  return Object.fromEntries(
    group.parameter.map(
      (p: { name: string; value: string; apply_method: string }) => [
        p.name,
        [p.value, p.apply_method],
      ],
    ),
  );
}

describe("DatabaseParameterGroup", () => {
  it("GIVEN engine version 16.9 WHEN synthesized THEN the family is postgres16 and the name starts with it", () => {
    expect(synthGroup()).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres16",
      name_prefix: "test-postgres-postgres16-",
    });
  });

  it("GIVEN any replacement, even one that keeps the family WHEN planned THEN the new group gets a name of its own: only a prefix is fixed", () => {
    const [group] = listOf(parse(synthGroup()), "aws_db_parameter_group");
    expect([group.name, group.name_prefix]).toEqual([
      undefined,
      "test-postgres-postgres16-",
    ]);
  });

  it("GIVEN engine version 17.2 WHEN synthesized THEN the family follows the major version", () => {
    expect(synthGroup({ engineVersion: "17.2" })).toHaveResourceWithProperties(
      DbParameterGroup,
      {
        family: "postgres17",
      },
    );
  });

  it("GIVEN the group WHEN synthesized THEN connections without TLS are refused at once", () => {
    expect(parametersOf(synthGroup())["rds.force_ssl"]).toEqual([
      "1",
      "immediate",
    ]);
  });

  it("GIVEN a slow-query threshold WHEN synthesized THEN slower statements are logged", () => {
    expect(
      parametersOf(synthGroup({ slowQueryThresholdMs: 250 }))
        .log_min_duration_statement,
    ).toEqual(["250", "immediate"]);
  });

  it("GIVEN no slow-query threshold WHEN synthesized THEN statements over 500 ms are logged", () => {
    expect(parametersOf(synthGroup()).log_min_duration_statement).toEqual([
      "500",
      "immediate",
    ]);
  });

  it("GIVEN the group WHEN synthesized THEN connections and disconnections are logged", () => {
    const parameters = parametersOf(synthGroup());
    expect([parameters.log_connections, parameters.log_disconnections]).toEqual(
      [
        ["1", "immediate"],
        ["1", "immediate"],
      ],
    );
  });

  it("GIVEN the group WHEN synthesized THEN pg_stat_statements is preloaded at the next reboot, as a static parameter must be", () => {
    expect(parametersOf(synthGroup()).shared_preload_libraries).toEqual([
      "pg_stat_statements",
      "pending-reboot",
    ]);
  });

  it("GIVEN max_connections WHEN synthesized THEN the group sets it, at the next reboot as a static parameter must be", () => {
    expect(
      parametersOf(synthGroup({ maxConnections: 300 })).max_connections,
    ).toEqual(["300", "pending-reboot"]);
  });

  it("GIVEN no max_connections WHEN synthesized THEN the group leaves RDS's default", () => {
    expect(parametersOf(synthGroup()).max_connections).toBeUndefined();
  });

  it("GIVEN a major upgrade WHEN the family changes THEN the new group is created before the old one is destroyed", () => {
    const [group] = listOf(parse(synthGroup()), "aws_db_parameter_group");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
  });

  it("GIVEN version strings WHEN asked for their family THEN major and major.minor versions have one", () => {
    expect(
      ["16.9", "13.20", "16", "16.9.1", "latest"].map(
        DatabaseParameterGroup.familyOf,
      ),
    ).toEqual(["postgres16", "postgres13", "postgres16", undefined, undefined]);
  });

  it("GIVEN an engine version that is not a version WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthGroup({ engineVersion: "16.9.1" })).toThrow(
      /engineVersion = "16\.9\.1": must be a PostgreSQL version such as 16 or 16\.9/,
    );
  });

  it("GIVEN an engine version of a major RDS no longer supports WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthGroup({ engineVersion: "11.22" })).toThrow(
      /engineVersion = "11\.22": must be of a major version RDS supports \(13, 14, 15, 16, 17\)/,
    );
  });

  it.each([5, 262144, 75.5])(
    "GIVEN max_connections %p WHEN constructed THEN it throws naming the prop",
    (maxConnections) => {
      expect(() => synthGroup({ maxConnections })).toThrow(
        /maxConnections = [\d.]+: must be a whole number from 6 to 262143/,
      );
    },
  );

  it("GIVEN a negative slow-query threshold other than -1 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthGroup({ slowQueryThresholdMs: -5 })).toThrow(
      /slowQueryThresholdMs = -5/,
    );
  });
});
