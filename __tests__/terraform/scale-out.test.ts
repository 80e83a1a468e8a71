/**
 * The `scale-out` profile synthesized and planned offline:
 * production's database stack with a read replica (its own security group,
 * IAM authentication) and the cache, its API stack told where both are and
 * admitted to them, behind CloudFront. Replica and cache are not applied on
 * the emulator (gaps rds-shared-resource-id, elasticache-member-clusters):
 * the plan is their proof; the CDN's parts are applied by
 * __tests__/emulator/cdn.test.ts.
 */
import * as fs from "fs";
import { PIPELINE_CONFIG } from "../../config";
import { applyProfile } from "../../config/profiles";
import { planStacks, StackPlanResult } from "../../tools/offline-plan";
import { scratchDir } from "../integration/emulated-terraform";
import { synthesizeApp } from "../support/environment-synth";
import { terraformReady } from "../support/plan";

const ready = terraformReady();
const itWithTerraform = ready ? it : it.skip;
const DATABASE = "financial-pipeline-production-database";
const API = "financial-pipeline-production-api";

interface Change {
  readonly type: string;
  readonly change: { readonly after: Record<string, unknown> };
}

describe("the scale-out profile in production, planned offline", () => {
  let plans: StackPlanResult[] = [];
  const created = (stack: string, type: string): Change[] => {
    const plan = plans.find((p) => p.stack === stack);
    return JSON.parse(
      fs.readFileSync(plan!.planJsonPath!, "utf8"),
    ).resource_changes.filter((r: Change) => r.type === type);
  };

  beforeAll(async () => {
    const stacks = synthesizeApp(
      applyProfile(PIPELINE_CONFIG, "scale-out"),
      ["production"],
      scratchDir("synth"),
    );
    if (ready)
      plans = await planStacks([DATABASE, API], stacks, scratchDir("plan"));
  }, 15 * 60_000);

  itWithTerraform(
    "GIVEN scale-out WHEN the database and api stacks are planned THEN init, validate and plan succeed",
    () => {
      expect(
        plans.map((p) => [p.stack, p.ok ? "ok" : p.steps.at(-1)?.output]),
      ).toEqual([
        [DATABASE, "ok"],
        [API, "ok"],
      ]);
    },
  );

  itWithTerraform(
    "GIVEN scale-out WHEN the database stack is planned THEN one encrypted read replica of the primary is created",
    () => {
      const replicas = created(DATABASE, "aws_db_instance").filter(
        (r) => r.change.after.replicate_source_db !== null,
      );
      expect(
        replicas.map((r) => ({
          encrypted: r.change.after.storage_encrypted,
          multiAz: r.change.after.multi_az,
        })),
      ).toEqual([{ encrypted: true, multiAz: false }]);
    },
  );

  itWithTerraform(
    "GIVEN scale-out WHEN the database stack is planned THEN the replica has IAM authentication and the replicas have a group of their own with no outbound rule",
    () => {
      const groups = created(DATABASE, "aws_security_group")
        .map((g) => g.change.after)
        .filter((g) => /-replicas$/.test(String(g.name)));
      const [replica] = created(DATABASE, "aws_db_instance")
        .map((r) => r.change.after)
        .filter((r) => r.replicate_source_db !== null);
      expect({
        groups: groups.map((g) => [g.name, g.egress]),
        iam: replica.iam_database_authentication_enabled,
      }).toEqual({
        groups: [["financial-pipeline-production-postgres-replicas", []]],
        iam: true,
      });
    },
  );

  itWithTerraform(
    "GIVEN scale-out WHEN the api stack is planned THEN its tasks are admitted to the replicas and its task role may connect as pipeline_reader",
    () => {
      const reads = created(API, "aws_vpc_security_group_ingress_rule")
        .map((r) => r.change.after)
        .filter((r) => /^PostgreSQL reads from/.test(String(r.description)));
      const [policy] = created(API, "aws_iam_role_policy")
        .map((r) => r.change.after)
        .filter((p) => p.name === "database-read-connect");
      expect({
        reads: reads.map((r) => [r.ip_protocol, r.description]),
        policy: /dbuser:[^"]*\/pipeline_reader/.test(String(policy.policy)),
      }).toEqual({
        reads: [
          [
            "tcp",
            "PostgreSQL reads from the API tasks of financial-pipeline-production-api",
          ],
        ],
        policy: true,
      });
    },
  );

  itWithTerraform(
    "GIVEN scale-out WHEN the database stack is planned THEN the cache is encrypted at rest and in transit, Multi-AZ with failover",
    () => {
      expect(
        created(DATABASE, "aws_elasticache_replication_group").map((r) => ({
          // The provider keeps this one as a string.
          atRest: String(r.change.after.at_rest_encryption_enabled),
          transit: r.change.after.transit_encryption_enabled,
          multiAz: r.change.after.multi_az_enabled,
          failover: r.change.after.automatic_failover_enabled,
        })),
      ).toEqual([
        { atRest: "true", transit: true, multiAz: true, failover: true },
      ]);
    },
  );

  itWithTerraform(
    "GIVEN scale-out WHEN the api stack is planned THEN CloudFront serves the domain over HTTPS only, the static path through origin access control",
    () => {
      /* eslint-disable @typescript-eslint/no-explicit-any */
      const [distribution] = created(API, "aws_cloudfront_distribution").map(
        (r) => r.change.after as any,
      );
      expect({
        aliases: distribution.aliases,
        viewer: [
          ...distribution.default_cache_behavior,
          ...distribution.ordered_cache_behavior,
        ].map((b: any) => b.viewer_protocol_policy),
        tls: distribution.viewer_certificate[0].minimum_protocol_version,
        controls: created(API, "aws_cloudfront_origin_access_control").length,
      }).toEqual({
        aliases: ["api.production.pipeline.example.com"],
        viewer: ["https-only", "https-only"],
        tls: "TLSv1.2_2021",
        controls: 1,
      });
    },
  );
});
