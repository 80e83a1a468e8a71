import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDeliveryCommand } from "../../../tools/delivery/cli";
import {
  formatSummary,
  summarizePlan,
} from "../../../tools/delivery/plan-summary";
import { readPlan, terraformReady } from "../../support/plan";

const change = (address: string, actions: string[], mode = "managed") => ({
  address,
  mode,
  change: { actions },
});
const PLAN = {
  format_version: "1.2",
  resource_changes: [
    change("aws_vpc.main", ["no-op"]),
    change("aws_subnet.a", ["create"]),
    change("aws_security_group.api", ["update"]),
    change("aws_db_instance.main", ["delete", "create"]),
    change("aws_s3_bucket.old", ["delete"]),
    change("data.aws_iam_policy_document.x", ["read"], "data"),
  ],
};

describe("summarizePlan", () => {
  it("GIVEN a create, an update, a replacement and a delete WHEN summarized THEN 2 add, 1 change, 2 destroy as Terraform counts them", () => {
    expect(summarizePlan("s", PLAN)).toMatchObject({
      add: 2,
      change: 1,
      destroy: 2,
    });
  });

  it("GIVEN a replacement and a delete WHEN summarized THEN both destroyed addresses are listed, the replacement marked", () => {
    expect(summarizePlan("s", PLAN).destroyed).toEqual([
      "aws_db_instance.main (replaced)",
      "aws_s3_bucket.old",
    ]);
  });

  it("GIVEN something that is not a plan WHEN summarized THEN it is an error, not an empty plan", () => {
    expect(summarizePlan("s", { hello: 1 }).error).toMatch(
      /not a terraform show -json plan/,
    );
  });
});

describe("formatSummary", () => {
  it("GIVEN a stack that destroys WHEN formatted THEN a warning names every destroyed address", () => {
    const text = formatSummary("Plan", [
      summarizePlan("financial-pipeline-staging-database", PLAN),
    ]);
    expect(text).toContain(
      "| financial-pipeline-staging-database | 2 | 1 | **2** |",
    );
    expect(text).toMatch(
      /> \[!WARNING\]\n> \*\*2 resource\(s\) would be destroyed:\*\*/,
    );
    expect(text).toContain(
      "> - `financial-pipeline-staging-database`: `aws_db_instance.main (replaced)`",
    );
  });

  it("GIVEN no affected stack WHEN formatted THEN it says so", () => {
    expect(formatSummary("Plan", [])).toContain(
      "No stack is affected by this change.",
    );
  });

  it("GIVEN a failed plan WHEN formatted THEN the table and a caution say the summary is incomplete", () => {
    const text = formatSummary("Plan", [
      {
        stack: "x",
        add: 0,
        change: 0,
        destroy: 0,
        destroyed: [],
        error: "boom",
      },
    ]);
    expect(text).toContain("**plan failed**: boom");
    expect(text).toContain("1 plan(s) failed: the summary is incomplete.");
  });
});

describe("npm run delivery -- plan-summary", () => {
  const ready = terraformReady();
  let ciPlan: unknown;
  beforeAll(async () => {
    // Offline plans of every stack, made once per run (shared with the other plan tests).
    if (ready) ciPlan = await readPlan("financial-pipeline-production-ci");
  }, 15 * 60_000);

  (ready ? it : it.skip)(
    "GIVEN the real offline plan of a new CI stack WHEN summarized THEN it adds its fourteen resources (provider, boundary, two roles, their inline policies, four resource policies and their attachments) and destroys nothing",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
      try {
        fs.writeFileSync(
          path.join(dir, "financial-pipeline-production-ci.json"),
          JSON.stringify(ciPlan),
        );
        const out = await runDeliveryCommand([
          "plan-summary",
          "--plan-dir",
          dir,
          "--title",
          "PR plan",
        ]);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain(
          "| financial-pipeline-production-ci | 14 | 0 | 0 |",
        );
        expect(out.stdout).not.toContain("WARNING");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("GIVEN an unreadable plan file WHEN summarized THEN the command fails", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
    try {
      fs.writeFileSync(path.join(dir, "broken.json"), "{");
      const out = await runDeliveryCommand(["plan-summary", "--plan-dir", dir]);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain("**plan failed**");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
