import * as fs from "fs";
import * as path from "path";
import { analysePlan } from "../../../tools/drift/analysis";
import { buildReport, formatReport } from "../../../tools/drift/report";
import {
  driftTarget,
  gapsExplaining,
  setAsideGaps,
} from "../../../tools/drift/emulator-gaps";
import { GAPS } from "../../../tools/emulator/gaps";

/** Moto returns no Performance Insights settings: the refresh reads them as unset. */
const PERFORMANCE_INSIGHTS = {
  address: "aws_db_instance.database",
  actions: ["update"],
  attributes: ["performance_insights_enabled"],
};
/** Changed by hand: no gap explains it. */
const RETENTION = {
  address: "aws_cloudwatch_log_group.flow",
  actions: ["update"],
  attributes: ["retention_in_days"],
};
const FINDINGS = {
  drift: [PERFORMANCE_INSIGHTS, RETENTION],
  changes: [],
  outputs: [],
};
const EMULATOR = {
  kind: "emulator",
  endpoint: "http://127.0.0.1:5000",
} as const;

describe("drift against the emulator", () => {
  describe("driftTarget", () => {
    it("GIVEN AWS_ENDPOINT_URL set (as the sandbox's env file sets it) WHEN read THEN the target is the emulator at that endpoint", () => {
      expect(
        driftTarget({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }),
      ).toEqual(EMULATOR);
    });

    it("GIVEN no AWS_ENDPOINT_URL WHEN read THEN the target is AWS", () => {
      expect(driftTarget({ AWS_REGION: "af-south-1" })).toEqual({
        kind: "aws",
      });
    });

    it("GIVEN an empty AWS_ENDPOINT_URL WHEN read THEN the target is AWS", () => {
      expect(driftTarget({ AWS_ENDPOINT_URL: " " })).toEqual({ kind: "aws" });
    });
  });

  describe("gapsExplaining", () => {
    it("GIVEN a finding a listed gap allows WHEN explained THEN the gap is named by its id", () => {
      expect(gapsExplaining(PERFORMANCE_INSIGHTS)).toEqual([
        "rds-monitoring-performance-insights",
      ]);
    });

    it("GIVEN a listed attribute beside one no gap lists WHEN explained THEN no gap explains the finding", () => {
      expect(
        gapsExplaining({
          ...PERFORMANCE_INSIGHTS,
          attributes: ["performance_insights_enabled", "instance_class"],
        }),
      ).toEqual([]);
    });

    it("GIVEN attributes two gaps list between them WHEN explained THEN both are named", () => {
      const [a, b] = [
        {
          ...GAPS[0],
          id: "a",
          kind: "idempotency",
          resource: "aws_x",
          attributes: ["one"],
        },
        {
          ...GAPS[0],
          id: "b",
          kind: "idempotency",
          resource: "aws_x",
          attributes: ["two"],
        },
      ] as const;
      expect(
        gapsExplaining(
          {
            address: "aws_x.y",
            actions: ["update"],
            attributes: ["one", "two"],
          },
          [a, b],
        ),
      ).toEqual(["a", "b"]);
    });
  });

  describe("setAsideGaps", () => {
    it("GIVEN the emulator WHEN findings are sorted THEN the gap's is set aside with its id and the other counts", () => {
      expect(setAsideGaps(FINDINGS, EMULATOR)).toEqual({
        counted: { drift: [RETENTION], changes: [], outputs: [] },
        explained: [
          {
            ...PERFORMANCE_INSIGHTS,
            part: "drift",
            gaps: ["rds-monitoring-performance-insights"],
          },
        ],
      });
    });

    it("GIVEN AWS WHEN the same findings are sorted THEN nothing is set aside", () => {
      expect(setAsideGaps(FINDINGS, { kind: "aws" })).toEqual({
        counted: FINDINGS,
        explained: [],
      });
    });
  });

  describe("the report", () => {
    const { counted, explained } = setAsideGaps(
      { ...FINDINGS, drift: [PERFORMANCE_INSIGHTS] },
      EMULATOR,
    );
    const report = buildReport(
      "refresh",
      [
        {
          stack: "financial-pipeline-development-database",
          status: "in-sync",
          ...counted,
          emulatorGaps: explained,
        },
      ],
      EMULATOR,
    );

    it("GIVEN a stack in sync but for a finding a gap explains WHEN reported THEN exit 0, the finding counted apart", () => {
      expect({ exitCode: report.exitCode, summary: report.summary }).toEqual({
        exitCode: 0,
        summary: {
          stacks: 1,
          inSync: 1,
          drifted: 0,
          errors: 0,
          emulatorGaps: 1,
        },
      });
    });

    it("GIVEN that report WHEN formatted THEN the finding is listed apart with the gap id, and the summary names the emulator", () => {
      const text = formatReport(report);
      expect(text).toContain(
        [
          "financial-pipeline-development-database: in sync",
          "  explained by listed emulator gaps (not counted):",
          "    ~ aws_db_instance.database: performance_insights_enabled [rds-monitoring-performance-insights]",
        ].join("\n"),
      );
      expect(text).toContain(
        "refreshed from the emulator at http://127.0.0.1:5000: 1 in sync, 0 drifted, 0 error(s), 1 finding(s) explained by listed emulator gaps (not counted) -> exit 0",
      );
    });
  });

  describe("a replacement in the plan (the measured ECS service on moto)", () => {
    // The second plan's entry as measured on moto 5.2.1, AWS provider 5.100.0.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const measured = (): any =>
      JSON.parse(
        fs.readFileSync(
          path.join(
            __dirname,
            "..",
            "..",
            "support",
            "fixtures",
            "ecs-service-replacement.plan.json",
          ),
          "utf8",
        ),
      );
    const sorted = (plan: unknown) => setAsideGaps(analysePlan(plan), EMULATOR);

    it("GIVEN the replacement WHEN analysed THEN its finding carries what the plan leaves to the create (after_unknown or null)", () => {
      expect(analysePlan(measured()).changes[0].knownAfterApply).toEqual([
        "iam_role",
        "id",
        "launch_type",
        "platform_version",
        "tags",
        "triggers",
      ]);
    });

    it("GIVEN the replacement as moto plans it WHEN sorted against the emulator THEN its gap explains it", () => {
      const { counted, explained } = sorted(measured());
      expect({
        counted: counted.changes.length,
        explained: explained.map((f) => f.gaps),
      }).toEqual({
        counted: 0,
        explained: [["ecs-service-capacity-provider-strategy"]],
      });
    });

    it("GIVEN the replacement with a platform version planned as a known new value WHEN sorted against the emulator THEN it counts, though the gap's computedOnReplace lists platform_version", () => {
      const plan = measured();
      plan.resource_changes[0].change.after.platform_version = "1.3.0";
      plan.resource_changes[0].change.after_unknown.platform_version = false;
      const { counted, explained } = sorted(plan);
      expect({
        counted: counted.changes.map((f) => f.address),
        explained,
      }).toEqual({ counted: ["aws_ecs_service.svc"], explained: [] });
    });
  });
});
