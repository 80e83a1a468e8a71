/**
 * The CI roles evaluated with a real IAM policy engine (iam-simulate)
 * against the synthesized stacks: the deploy role can do its job (every
 * action of every resource type its environment's stacks hold) and cannot
 * escalate; the plan role reads and writes nothing.
 */
import {
  COVERED_ELSEWHERE,
  expandArns,
  GLOBAL_REQUEST_REGION,
  RESOURCE_PERMISSIONS,
} from "../../modules/delivery";
import { asRole, evaluate } from "../support/access-simulate";
import { AccessRequest } from "../support/access-simulate";
import { environmentOf, mismatches, model, role } from "./matrix";

const ENVIRONMENTS = ["development", "staging", "production"];
/** A concrete action for each wildcard read of the table. */
const CONCRETE: Record<string, string> = {
  "ec2:Describe*": "ec2:DescribeVpcs",
  "s3:GetBucket*": "s3:GetBucketPolicy",
  "elasticloadbalancing:Describe*":
    "elasticloadbalancing:DescribeLoadBalancers",
};

describe.each(ENVIRONMENTS)("the CI roles of %s", (env) => {
  const m = () => model(env);
  const deploy = () => role(m(), `financial-pipeline-${env}-ci-deploy`);
  const plan = () => role(m(), `financial-pipeline-${env}-ci-plan`);
  const iam = () => `arn:aws:iam::${m().accountId}`;
  const boundary = () => `${iam()}:policy/financial-pipeline-${env}-boundary`;
  const region = () => ({ "aws:RequestedRegion": m().region });
  /**
   * Per action of the table, the requests on each resource of the
   * environment's names its row allows (a wildcard read becomes one
   * concrete action of it).
   */
  const tableRequests = (kind: "deploy" | "read"): AccessRequest[][] => {
    const scope = {
      regions: [m().region],
      accountId: m().accountId,
      prefix: `financial-pipeline-${env}`,
    };
    const who = kind === "deploy" ? deploy() : plan();
    const seen = new Set<string>();
    return Object.values(RESOURCE_PERMISSIONS).flatMap((row) =>
      row[kind]
        .map((action) => CONCRETE[action] ?? action)
        .filter((action) => !seen.has(action) && seen.add(action))
        .map((action) =>
          (kind === "deploy" && row.arns
            ? expandArns(row.arns, scope).flatMap((a) => [
                a.replace(/\*/g, "example"),
                // ELB listener and target group ARNs end in name/id(/id).
                a.replace(/\*/g, "example/50dc6c495c0c9188"),
              ])
            : ["*"]
          ).map((resource) =>
            asRole(who, action, resource, {
              context: row.global
                ? { "aws:RequestedRegion": GLOBAL_REQUEST_REGION }
                : region(),
            }),
          ),
        ),
    );
  };
  /** Outcomes other than `allowed` where no request of a group has it. */
  const groupMismatches = async (
    allowed: boolean,
    groups: AccessRequest[][],
  ) => {
    const lines: string[] = [];
    for (const group of groups) {
      const missed = await mismatches(allowed, group);
      if (missed.length === group.length) lines.push(missed[0]);
    }
    return lines;
  };

  it("GIVEN every stack of the environment WHEN its resource types are listed THEN the permission table covers each", () => {
    const uncovered = Object.entries(m().resourceTypes).flatMap(
      ([stack, types]) =>
        types
          .filter(
            (t) =>
              !(t in RESOURCE_PERMISSIONS) && !COVERED_ELSEWHERE.includes(t),
          )
          .map((t) => `${stack}: ${t}`),
    );
    expect(uncovered).toEqual([]);
  });

  it("GIVEN the deploy role WHEN each write of the table is evaluated in the environment's region THEN each is allowed", async () => {
    const groups = tableRequests("deploy");
    expect(groups.length).toBeGreaterThan(100);
    expect(await groupMismatches(true, groups)).toEqual([]);
  });

  it("GIVEN the plan role WHEN each read of the table is evaluated THEN each is allowed", async () => {
    expect(await groupMismatches(true, tableRequests("read"))).toEqual([]);
  });

  it("GIVEN the plan role WHEN any write of the table is evaluated THEN none is allowed", async () => {
    const writes = tableRequests("deploy")
      .flat()
      .map((r) => ({
        ...r,
        principal: plan().arn,
        identityPolicies: plan().policies,
      }));
    expect(await mismatches(false, writes)).toEqual([]);
  });

  it("GIVEN the deploy role WHEN it tries each escalation path THEN each is denied", async () => {
    const stackRole = `${iam()}:role/financial-pipeline-${env}-api-task`;
    const taskRole = stackRole;
    const withBoundary = { "iam:PermissionsBoundary": boundary() };
    const requests: AccessRequest[] = [
      asRole(deploy(), "iam:CreateRole", stackRole),
      asRole(deploy(), "iam:CreateRole", stackRole, {
        context: { "iam:PermissionsBoundary": `${iam()}:policy/other` },
      }),
      asRole(deploy(), "iam:AttachRolePolicy", stackRole, {
        context: {
          ...withBoundary,
          "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
      }),
      asRole(deploy(), "iam:PutRolePolicy", stackRole),
      asRole(deploy(), "iam:DeleteRolePermissionsBoundary", stackRole, {
        context: withBoundary,
      }),
      asRole(deploy(), "iam:CreatePolicyVersion", boundary()),
      asRole(deploy(), "iam:DeletePolicy", boundary()),
      asRole(deploy(), "iam:PassRole", taskRole, {
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
      }),
      asRole(deploy(), "iam:PassRole", taskRole, {
        context: { "iam:PassedToService": "lambda.amazonaws.com" },
      }),
      asRole(deploy(), "iam:UpdateAssumeRolePolicy", deploy().arn, {
        context: withBoundary,
      }),
      asRole(deploy(), "iam:PutRolePolicy", plan().arn, {
        context: withBoundary,
      }),
      asRole(deploy(), "iam:CreateUser", `${iam()}:user/ci-key`),
      asRole(deploy(), "iam:CreateAccessKey", `${iam()}:user/ci-key`),
      asRole(
        deploy(),
        "secretsmanager:GetSecretValue",
        `arn:aws:secretsmanager:${m().region}:${m().accountId}:secret:rds!db-example-AbCdEf`,
        { context: region() },
      ),
      asRole(
        deploy(),
        "kms:ScheduleKeyDeletion",
        `arn:aws:kms:${m().region}:${m().accountId}:key/foreign`,
        { context: { ...region(), "aws:ResourceTag/Environment": "other" } },
      ),
    ];
    expect(await mismatches(false, requests)).toEqual([]);
  });

  it("GIVEN the deploy role WHEN it changes a stack role with the boundary, attaches a stack policy, or passes a task role to ECS THEN each is allowed", async () => {
    const stackRole = `${iam()}:role/financial-pipeline-${env}-api-task`;
    const withBoundary = { "iam:PermissionsBoundary": boundary() };
    expect(
      await mismatches(true, [
        asRole(deploy(), "iam:CreateRole", stackRole, {
          context: withBoundary,
        }),
        asRole(deploy(), "iam:PutRolePolicy", stackRole, {
          context: withBoundary,
        }),
        asRole(deploy(), "iam:AttachRolePolicy", stackRole, {
          context: {
            ...withBoundary,
            "iam:PolicyARN":
              "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
          },
        }),
        asRole(deploy(), "iam:PassRole", stackRole, {
          context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
        }),
      ]),
    ).toEqual([]);
  });

  it("GIVEN the environment WHEN the deploy role stops the trail THEN it is allowed only where the database may be destroyed", async () => {
    const trail = `arn:aws:cloudtrail:${m().region}:${m().accountId}:trail/financial-pipeline-${env}-audit`;
    const decision = await evaluate(
      asRole(deploy(), "cloudtrail:StopLogging", trail, { context: region() }),
    );
    expect(decision.allowed).toBe(!environmentOf(env).database.preventDestroy);
  });
});

function withoutCondition(statement: Record<string, unknown>) {
  const copy = { ...statement };
  delete copy.Condition;
  return copy;
}

describe("the boundary condition, mutated", () => {
  it("GIVEN the deploy role without the boundary condition WHEN it creates a role without the boundary THEN the expectation fails (the test can fail)", async () => {
    const deploy = role(
      model("production"),
      "financial-pipeline-production-ci-deploy",
    );
    const inline = deploy.policies["github-actions"];
    const mutated = {
      ...inline,
      Statement: inline.Statement.map((s) =>
        s.Sid === "StackRolesOnlyWithTheBoundary" ? withoutCondition(s) : s,
      ),
    };
    const request = asRole(
      {
        ...deploy,
        policies: { ...deploy.policies, "github-actions": mutated },
      },
      "iam:CreateRole",
      `arn:aws:iam::${deploy.accountId}:role/financial-pipeline-production-api-task`,
    );
    const lines = await mismatches(false, [request]);
    expect(lines).toEqual([
      expect.stringMatching(
        /ci-deploy iam:CreateRole .*api-task: Allowed \(decided by github-actions#StackRolesOnlyWithTheBoundary\)/,
      ),
    ]);
  });
});
