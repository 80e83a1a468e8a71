import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  analysePlan,
  buildReport,
  changedAttributes,
  formatReport,
  runDriftCommand,
  StackReport,
} from "../../tools/drift/cli";
import { ignoredChangesOf } from "../../tools/drift/analysis";
import { writeOutdir } from "../support/state-backend-fixture";
import { UsageError } from "../../tools/stack-workdir";

/** A plan JSON as `terraform show -json` writes it, with the parts drift reads. */
const PLAN = {
  resource_drift: [
    {
      address: "aws_security_group.api",
      mode: "managed",
      change: {
        actions: ["update"],
        before: {
          ingress: [{ from_port: 8000 }],
          tags: { Owner: "data-platform" },
        },
        after: {
          ingress: [{ from_port: 8000 }, { from_port: 22 }],
          tags: { Owner: "someone-else" },
        },
      },
    },
  ],
  resource_changes: [
    {
      address: "aws_cloudwatch_log_group.flow",
      mode: "managed",
      change: {
        actions: ["update"],
        before: { retention_in_days: 7, name: "x" },
        after: { retention_in_days: 30, name: "x" },
        after_unknown: {},
      },
    },
    {
      address: "aws_vpc.main",
      mode: "managed",
      change: { actions: ["no-op"], before: {}, after: {} },
    },
    {
      address: "data.aws_iam_policy_document.x",
      mode: "data",
      change: { actions: ["read"], before: null, after: {} },
    },
    {
      address: "aws_eip.nat",
      mode: "managed",
      change: { actions: ["create"], before: null, after: { domain: "vpc" } },
    },
  ],
  output_changes: {
    vpc_id: { actions: ["no-op"] },
    subnet_ids: { actions: ["update"] },
  },
};

function stackReport(
  stack: string,
  status: StackReport["status"],
): StackReport {
  return {
    stack,
    status,
    drift: [],
    changes: [],
    outputs: [],
    ...(status === "error" ? { error: "backend unreachable" } : {}),
  };
}

describe("drift", () => {
  describe("changedAttributes", () => {
    it("GIVEN a changed tag WHEN compared THEN the path names the tag", () => {
      expect(
        changedAttributes(
          { tags: { Owner: "a", Project: "p" } },
          { tags: { Owner: "b", Project: "p" } },
        ),
      ).toEqual(["tags.Owner"]);
    });

    it("GIVEN a changed list WHEN compared THEN the list attribute is named whole", () => {
      expect(
        changedAttributes(
          { ingress: [{ port: 1 }] },
          { ingress: [{ port: 2 }] },
        ),
      ).toEqual(["ingress"]);
    });

    it("GIVEN an attribute known only after apply WHEN compared THEN it counts as changed", () => {
      expect(
        changedAttributes({ arn: "a" }, { arn: null }, { arn: true }),
      ).toEqual(["arn"]);
    });

    it("GIVEN equal values WHEN compared THEN nothing is named", () => {
      expect(
        changedAttributes({ a: 1, b: { c: [1] } }, { a: 1, b: { c: [1] } }),
      ).toEqual([]);
    });
  });

  describe("analysePlan", () => {
    it("GIVEN a plan with refresh drift WHEN analysed THEN the drifted resource and attributes are reported", () => {
      expect(analysePlan(PLAN).drift).toEqual([
        {
          address: "aws_security_group.api",
          actions: ["update"],
          attributes: ["ingress", "tags.Owner"],
        },
      ]);
    });

    it("GIVEN a plan with changes WHEN analysed THEN managed resources that would change are reported, no-ops and data reads are not", () => {
      expect(analysePlan(PLAN).changes).toEqual([
        {
          address: "aws_cloudwatch_log_group.flow",
          actions: ["update"],
          attributes: ["retention_in_days"],
        },
        { address: "aws_eip.nat", actions: ["create"], attributes: [] },
      ]);
    });

    it("GIVEN a plan with output changes WHEN analysed THEN only changed outputs are reported", () => {
      expect(analysePlan(PLAN).outputs).toEqual([
        { name: "subnet_ids", actions: ["update"] },
      ]);
    });

    describe("what the provider fills in on the first refresh", () => {
      const POLICY =
        '{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]}';
      /** A role created before its own inline policy, refreshed (as measured on moto with provider 5.100.0). */
      const refreshed = (inline: { name: string; policy: string }[]) => ({
        resource_drift: [
          {
            address: "aws_iam_role.task",
            mode: "managed",
            type: "aws_iam_role",
            change: {
              actions: ["update"],
              before: { name: "task", inline_policy: [], tags: null },
              after: { name: "task", inline_policy: inline, tags: {} },
            },
          },
        ],
        prior_state: {
          values: {
            root_module: {
              resources: [
                {
                  type: "aws_iam_role_policy",
                  values: { role: "task", name: "read", policy: POLICY },
                },
              ],
            },
          },
        },
      });

      it("GIVEN tags stored as null and read back as {} WHEN analysed THEN that is no drift", () => {
        expect(analysePlan(refreshed([])).drift).toEqual([]);
      });

      it("GIVEN a role's inline_policy filled in with its own aws_iam_role_policy WHEN analysed THEN that is no drift", () => {
        expect(
          analysePlan(
            refreshed([
              // Same document, other key order and spacing: IAM returns its own rendering.
              {
                name: "read",
                policy: JSON.stringify(
                  {
                    Statement: [
                      {
                        Resource: "*",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                      },
                    ],
                    Version: "2012-10-17",
                  },
                  null,
                  2,
                ),
              },
            ]),
          ).drift,
        ).toEqual([]);
      });

      it("GIVEN an inline policy added to the role outside Terraform WHEN analysed THEN inline_policy is drift", () => {
        expect(
          analysePlan(
            refreshed([
              { name: "read", policy: POLICY },
              { name: "admin", policy: '{"Statement":[{"Action":"*"}]}' },
            ]),
          ).drift,
        ).toEqual([
          {
            address: "aws_iam_role.task",
            actions: ["update"],
            attributes: ["inline_policy"],
          },
        ]);
      });

      it("GIVEN the role's own policy edited outside Terraform WHEN analysed THEN inline_policy is drift", () => {
        expect(
          analysePlan(
            refreshed([
              { name: "read", policy: '{"Statement":[{"Action":"*"}]}' },
            ]),
          ).drift.map((f) => f.attributes),
        ).toEqual([["inline_policy"]]);
      });

      it("GIVEN managed_policy_arns filled in with the role's own attachment WHEN analysed THEN that is no drift, another ARN is", () => {
        const plan = (arns: string[]) => ({
          resource_drift: [
            {
              address: "aws_iam_role.monitoring",
              mode: "managed",
              type: "aws_iam_role",
              change: {
                actions: ["update"],
                before: { name: "monitoring", managed_policy_arns: [] },
                after: { name: "monitoring", managed_policy_arns: arns },
              },
            },
          ],
          prior_state: {
            values: {
              root_module: {
                resources: [
                  {
                    type: "aws_iam_role_policy_attachment",
                    values: { role: "monitoring", policy_arn: "arn:own" },
                  },
                ],
              },
            },
          },
        });
        expect([
          analysePlan(plan(["arn:own"])).drift.length,
          analysePlan(
            plan(["arn:own", "arn:aws:iam::aws:policy/AdministratorAccess"]),
          ).drift.length,
        ]).toEqual([0, 1]);
      });

      it("GIVEN a policy's attachment_count filled in with its attachments in state WHEN analysed THEN that is no drift, one attached by hand is", () => {
        const plan = (count: number) => ({
          resource_drift: [
            {
              address: "aws_iam_policy.deploy",
              mode: "managed",
              type: "aws_iam_policy",
              change: {
                actions: ["update"],
                before: { arn: "arn:deploy", attachment_count: 0 },
                after: { arn: "arn:deploy", attachment_count: count },
              },
            },
          ],
          prior_state: {
            values: {
              root_module: {
                resources: [
                  {
                    type: "aws_iam_role_policy_attachment",
                    values: { role: "deploy", policy_arn: "arn:deploy" },
                  },
                  {
                    type: "aws_iam_role_policy_attachment",
                    values: { role: "other", policy_arn: "arn:other" },
                  },
                ],
              },
            },
          },
        });
        expect([
          analysePlan(plan(1)).drift.length,
          analysePlan(plan(2)).drift.length,
        ]).toEqual([0, 1]);
      });

      it("GIVEN the stack's own attachment also in the run's context WHEN analysed THEN it counts once", () => {
        const attachment = {
          type: "aws_iam_role_policy_attachment",
          values: { id: "deploy-1", role: "deploy", policy_arn: "arn:deploy" },
        };
        const plan = {
          resource_drift: [
            {
              address: "aws_iam_policy.deploy",
              mode: "managed",
              type: "aws_iam_policy",
              change: {
                actions: ["update"],
                before: { arn: "arn:deploy", attachment_count: 0 },
                after: { arn: "arn:deploy", attachment_count: 1 },
              },
            },
          ],
          prior_state: {
            values: { root_module: { resources: [attachment] } },
          },
        };
        expect(analysePlan(plan, [attachment]).drift).toEqual([]);
      });

      /** A security group created before its rule resources, refreshed. */
      const group = (ingress: object[]) => ({
        resource_drift: [
          {
            address: "aws_security_group.database",
            mode: "managed",
            type: "aws_security_group",
            change: {
              actions: ["update"],
              before: { id: "sg-db", ingress: [] },
              after: { id: "sg-db", ingress },
            },
          },
        ],
        prior_state: {
          values: {
            root_module: {
              resources: [
                {
                  type: "aws_vpc_security_group_ingress_rule",
                  values: {
                    security_group_id: "sg-db",
                    ip_protocol: "tcp",
                    from_port: 5432,
                    to_port: 5432,
                    referenced_security_group_id: "sg-api",
                  },
                },
              ],
            },
          },
        },
      });
      const entry = (over: object) => ({
        protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        cidr_blocks: [],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
        description: "",
        ...over,
      });

      it("GIVEN a security group's ingress filled in with its own rule resources WHEN analysed THEN that is no drift", () => {
        expect(
          analysePlan(group([entry({ security_groups: ["sg-api"] })])).drift,
        ).toEqual([]);
      });

      it("GIVEN a rule added to the group by hand WHEN analysed THEN ingress is drift", () => {
        expect(
          analysePlan(
            group([
              entry({ security_groups: ["sg-api"] }),
              entry({ from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] }),
            ]),
          ).drift.map((f) => f.attributes),
        ).toEqual([["ingress"]]);
      });

      it("GIVEN the group's rules defined in another stack WHEN analysed with that stack's resources THEN that is no drift, without them it is", () => {
        const plan = group([entry({ security_groups: ["sg-api"] })]);
        const rules = plan.prior_state.values.root_module.resources;
        plan.prior_state.values.root_module.resources = [];
        expect([
          analysePlan(plan, rules).drift.length,
          analysePlan(plan).drift.length,
        ]).toEqual([0, 1]);
      });

      /** A route table created before its aws_route, refreshed. */
      const table = (route: object[]) => ({
        resource_drift: [
          {
            address: "aws_route_table.private",
            mode: "managed",
            type: "aws_route_table",
            change: {
              actions: ["update"],
              before: { id: "rtb-1", route: [] },
              after: { id: "rtb-1", route },
            },
          },
        ],
        prior_state: {
          values: {
            root_module: {
              resources: [
                {
                  type: "aws_route",
                  values: {
                    route_table_id: "rtb-1",
                    destination_cidr_block: "0.0.0.0/0",
                    nat_gateway_id: "nat-1",
                  },
                },
              ],
            },
          },
        },
      });

      it("GIVEN a route table's routes filled in with its own aws_route WHEN analysed THEN that is no drift, a route added by hand is", () => {
        const own = {
          cidr_block: "0.0.0.0/0",
          nat_gateway_id: "nat-1",
          gateway_id: "",
        };
        expect([
          analysePlan(table([own])).drift.length,
          analysePlan(
            table([own, { cidr_block: "10.9.0.0/16", gateway_id: "igw-x" }]),
          ).drift.map((f) => f.attributes),
        ]).toEqual([0, [["route"]]]);
      });

      it("GIVEN a NAT gateway's address read back with its association WHEN analysed THEN that is no drift", () => {
        expect(
          analysePlan({
            resource_drift: [
              {
                address: "aws_eip.nat",
                mode: "managed",
                type: "aws_eip",
                change: {
                  actions: ["update"],
                  before: { id: "eipalloc-1", association_id: "" },
                  after: { id: "eipalloc-1", association_id: "eipassoc-1" },
                },
              },
            ],
            prior_state: {
              values: {
                root_module: {
                  resources: [
                    {
                      type: "aws_nat_gateway",
                      values: { allocation_id: "eipalloc-1" },
                    },
                  ],
                },
              },
            },
          }).drift,
        ).toEqual([]);
      });

      it("GIVEN the database's latest_restorable_time moved WHEN analysed THEN that is no drift", () => {
        expect(
          analysePlan({
            resource_drift: [
              {
                address: "aws_db_instance.database",
                mode: "managed",
                type: "aws_db_instance",
                change: {
                  actions: ["update"],
                  before: { latest_restorable_time: "2026-12-03T10:00:00Z" },
                  after: { latest_restorable_time: "2026-12-03T10:05:00Z" },
                },
              },
            ],
          }).drift,
        ).toEqual([]);
      });

      it("GIVEN a tag added where there were none WHEN analysed THEN it is drift", () => {
        const plan = refreshed([]);
        plan.resource_drift[0].change.after.tags = {
          Owner: "someone",
        } as never;
        expect(analysePlan(plan).drift.map((f) => f.attributes)).toEqual([
          ["tags"],
        ]);
      });
    });

    describe("what Terraform ignores (lifecycle.ignore_changes)", () => {
      /** A service scaled outside Terraform and its task definition replaced, refreshed. */
      const scaled = (address = "aws_ecs_service.api") => ({
        resource_drift: [
          {
            address,
            mode: "managed",
            type: "aws_ecs_service",
            change: {
              actions: ["update"],
              before: { desired_count: 1, task_definition: "api:1" },
              after: { desired_count: 4, task_definition: "api:2" },
            },
          },
        ],
      });
      const config = (ignoreChanges: unknown) => ({
        resource: {
          aws_ecs_service: {
            api: { lifecycle: { ignore_changes: ignoreChanges } },
          },
        },
      });

      it("GIVEN a configuration with ignore_changes WHEN read THEN each resource maps to its attribute paths, written as drift names them", () => {
        expect(
          ignoredChangesOf({
            resource: {
              aws_ecs_service: {
                api: { lifecycle: { ignore_changes: ["desired_count"] } },
                jobs: { lifecycle: { prevent_destroy: true } },
              },
              aws_cloudwatch_metric_alarm: {
                freshness: { lifecycle: { ignore_changes: "all" } },
              },
              aws_s3_bucket: {
                logs: { lifecycle: { ignore_changes: ['tags["Owner"]'] } },
              },
            },
          }),
        ).toEqual({
          "aws_ecs_service.api": ["desired_count"],
          "aws_cloudwatch_metric_alarm.freshness": "all",
          "aws_s3_bucket.logs": ["tags.Owner"],
        });
      });

      it("GIVEN desired_count under ignore_changes WHEN its drift is analysed THEN only the other attribute is drift", () => {
        const ignored = ignoredChangesOf(config(["desired_count"]));
        expect(analysePlan(scaled(), [], ignored).drift).toEqual([
          {
            address: "aws_ecs_service.api",
            actions: ["update"],
            attributes: ["task_definition"],
          },
        ]);
      });

      it("GIVEN no ignore_changes WHEN the same drift is analysed THEN desired_count is drift", () => {
        expect(
          analysePlan(scaled(), [], ignoredChangesOf(config(undefined)))
            .drift[0].attributes,
        ).toEqual(["desired_count", "task_definition"]);
      });

      it("GIVEN ignore_changes = all WHEN an instance of the resource drifted THEN nothing is drift", () => {
        expect(
          analysePlan(
            scaled("aws_ecs_service.api[0]"),
            [],
            ignoredChangesOf(config("all")),
          ).drift,
        ).toEqual([]);
      });

      it("GIVEN ignore_changes of another resource WHEN analysed THEN this one's drift is all reported", () => {
        expect(
          analysePlan(
            scaled("aws_ecs_service.jobs"),
            [],
            ignoredChangesOf(config("all")),
          ).drift[0].attributes,
        ).toEqual(["desired_count", "task_definition"]);
      });

      it("GIVEN a tag under ignore_changes WHEN another tag drifted THEN that tag is drift", () => {
        const plan = {
          resource_drift: [
            {
              address: "aws_s3_bucket.logs",
              mode: "managed",
              type: "aws_s3_bucket",
              change: {
                actions: ["update"],
                before: { tags: { Owner: "a", Team: "x" } },
                after: { tags: { Owner: "b", Team: "y" } },
              },
            },
          ],
        };
        const ignored = ignoredChangesOf({
          resource: {
            aws_s3_bucket: {
              logs: { lifecycle: { ignore_changes: ['tags["Owner"]'] } },
            },
          },
        });
        expect(analysePlan(plan, [], ignored).drift[0].attributes).toEqual([
          "tags.Team",
        ]);
      });
    });

    it("GIVEN a plan without changes WHEN analysed THEN nothing is reported", () => {
      expect(
        analysePlan({ resource_changes: [PLAN.resource_changes[1]] }),
      ).toEqual({ drift: [], changes: [], outputs: [] });
    });
  });

  describe("buildReport", () => {
    it("GIVEN every stack in sync WHEN reported THEN the exit code is 0", () => {
      expect(
        buildReport("refresh", [stackReport("a", "in-sync")]).exitCode,
      ).toBe(0);
    });

    it("GIVEN a drifted stack WHEN reported THEN the exit code is 2", () => {
      expect(
        buildReport("refresh", [
          stackReport("a", "in-sync"),
          stackReport("b", "drift"),
        ]).exitCode,
      ).toBe(2);
    });

    it("GIVEN a drifted stack and a stack in error WHEN reported THEN the error wins: exit 1", () => {
      const report = buildReport("refresh", [
        stackReport("a", "drift"),
        stackReport("b", "error"),
      ]);
      expect({ exitCode: report.exitCode, summary: report.summary }).toEqual({
        exitCode: 1,
        summary: {
          stacks: 2,
          inSync: 0,
          drifted: 1,
          errors: 1,
          emulatorGaps: 0,
        },
      });
    });
  });

  describe("formatReport", () => {
    it("GIVEN findings WHEN formatted THEN each resource is listed with its attributes under its kind", () => {
      const findings = analysePlan(PLAN);
      const text = formatReport(
        buildReport("refresh", [{ stack: "s", status: "drift", ...findings }]),
      );
      expect(text).toContain(
        [
          "s: DRIFT",
          "  changed outside Terraform:",
          "    ~ aws_security_group.api: ingress, tags.Owner",
          "  configuration and state disagree:",
          "    ~ aws_cloudwatch_log_group.flow: retention_in_days",
          "    + aws_eip.nat (create)",
          "  outputs:",
          "    ~ subnet_ids (update)",
        ].join("\n"),
      );
    });

    it("GIVEN a stack in error WHEN formatted THEN the line says ERROR and why", () => {
      expect(
        formatReport(buildReport("no-refresh", [stackReport("s", "error")])),
      ).toContain("s: ERROR backend unreachable");
    });
  });

  describe("runDriftCommand", () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "drift-cli-"));
    afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
    const outdir = writeOutdir(scratch, {
      "financial-pipeline-production-vpc": {},
    });

    it("GIVEN a target no stack matches WHEN run THEN it throws a UsageError listing the stacks", async () => {
      await expect(
        runDriftCommand(["nothing-like-it", "--outdir", outdir]),
      ).rejects.toThrow(
        /No synthesized stack matches "nothing-like-it"\. Stacks: financial-pipeline-production-vpc/,
      );
    });

    it("GIVEN an unknown option WHEN run THEN it throws a UsageError naming it", async () => {
      const run = runDriftCommand(["--refresh-everything", "--outdir", outdir]);
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(
        /^Unknown option --refresh-everything \(options: /,
      );
    });

    it.each(["0", "two", "1.5"])(
      "GIVEN --parallel %p WHEN run THEN it throws naming the option and value",
      async (value) => {
        await expect(
          runDriftCommand(["--parallel", value, "--outdir", outdir]),
        ).rejects.toThrow(
          `--parallel ${value}: must be a whole number of at least 1`,
        );
      },
    );

    it("GIVEN --no-refresh with a value WHEN run THEN it throws saying the flag takes none", async () => {
      await expect(
        runDriftCommand(["--no-refresh=yes", "--outdir", outdir]),
      ).rejects.toThrow(/^--no-refresh takes no value/);
    });

    it("GIVEN a bad lock timeout WHEN run THEN it throws naming the option", async () => {
      await expect(
        runDriftCommand(["--lock-timeout", "soon", "--outdir", outdir]),
      ).rejects.toThrow(/--lock-timeout soon/);
    });
  });
});
