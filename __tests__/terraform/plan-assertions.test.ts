/**
 * Assertions on the offline plan JSON of every stack: what Terraform itself
 * will do, after the provider has applied default_tags and computed values.
 */
import {
  allPlanResults,
  synthesizedStacks,
  readPlan,
  terraformReady,
  PlanJson,
} from "../support/plan";

const stackNames = Object.keys(synthesizedStacks()).sort();
const environmentStacks = stackNames.filter((name) =>
  /-(development|staging|production)-/.test(name),
);
const ready = terraformReady();
const itWithTerraform = ready ? it : it.skip;

type Change = {
  address: string;
  type: string;
  change: { after: Record<string, unknown> | null };
};

function changes(plan: PlanJson): Change[] {
  return plan.resource_changes ?? [];
}

/** Every [path, value] of a planned object whose key mentions a password. */
function passwordValues(
  value: unknown,
  path: string,
  found: [string, unknown][],
): [string, unknown][] {
  if (Array.isArray(value))
    value.forEach((v, i) => passwordValues(v, `${path}[${i}]`, found));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (
        /password/i.test(key) &&
        // A setting that names a kind of password (the proxy's
        // client_password_auth_type) holds no password.
        !/_type$/.test(key) &&
        typeof v !== "boolean" &&
        v !== null &&
        v !== ""
      )
        found.push([`${path}.${key}`, v]);
      passwordValues(v, `${path}.${key}`, found);
    }
  }
  return found;
}

describe("plan JSON", () => {
  // The offline plans of every stack are made once per run: wait for them
  // here, not within the first test's timeout.
  beforeAll(async () => {
    if (ready) await allPlanResults();
  }, 15 * 60_000);

  describe.each(environmentStacks)("%s", (stack) => {
    const environment = /-(development|staging|production)-/.exec(stack)![1];

    itWithTerraform(
      "GIVEN the plan WHEN every taggable resource is read THEN it carries the environment's tags",
      async () => {
        const taggable = changes(await readPlan(stack)).filter(
          (c) => c.change.after && "tags_all" in c.change.after,
        );
        expect(taggable.length).toBeGreaterThan(0);
        const missing = taggable
          .filter((c) => {
            const tags = (c.change.after!.tags_all ?? {}) as Record<
              string,
              string
            >;
            return !(
              tags.Project === "financial-pipeline" &&
              tags.Environment === environment &&
              tags.Owner &&
              tags.CostCentre &&
              tags.Stack === stack
            );
          })
          .map((c) => c.address);
        expect(missing).toEqual([]);
      },
    );

    itWithTerraform(
      "GIVEN the plan WHEN searched THEN no attribute named password carries a value",
      async () => {
        const plan = await readPlan(stack);
        expect(
          passwordValues(plan.planned_values, "planned_values", []),
        ).toEqual([]);
        expect(
          passwordValues(plan.resource_changes, "resource_changes", []),
        ).toEqual([]);
      },
    );
  });

  itWithTerraform(
    "GIVEN the VPC plans WHEN subnets are read THEN none maps public IPs on launch",
    async () => {
      for (const stack of stackNames.filter((s) => s.endsWith("-vpc"))) {
        const subnets = changes(await readPlan(stack)).filter(
          (c) => c.type === "aws_subnet",
        );
        expect(subnets).toHaveLength(6);
        expect(
          subnets.map((s) => s.change.after!.map_public_ip_on_launch),
        ).toEqual(Array(6).fill(false));
      }
    },
  );
});
