/**
 * `npm run cost` (tools/cost/cli.ts) on the stacks synthesized once for the test
 * run (PIPELINE_TEST_OUTDIR) and the cost-saving profile, synthesized once
 * into this run's scratch folder.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { runCost } from "../../tools/cost/cli";
import { CostReport, summaryTable } from "../../tools/cost/report";
import { loadPrices, PRICE_FILE } from "../../tools/cost/price-file";
import { UsageError } from "../../tools/stack-workdir";

const OUTDIR = process.env.PIPELINE_TEST_OUTDIR!;
const SCRATCH = path.join(process.env.PIPELINE_TEST_RUN_DIR!, "cost");
const TODAY = new Date("2026-12-03T08:00:00Z");
const SCHEMA = path.join(
  __dirname,
  "..",
  "..",
  "tools",
  "cost",
  "report.schema.json",
);

const cost = (argv: string[], today = TODAY) =>
  runCost(["--outdir", OUTDIR, ...argv], {
    today,
    env: {},
    scratchDir: SCRATCH,
  });

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("npm run cost: bad options", () => {
  it.each([
    [
      ["nowhere"],
      'Unknown environment "nowhere" (known: development, staging, production, shared)',
    ],
    [["--frobnicate"], "Unknown option --frobnicate (options: "],
    [
      ["--internet-data-gib", "lots"],
      "--internet-data-gib lots: must be a number of at least 0 (GiB/month)",
    ],
    [
      ["--region", "mars-1"],
      "--region mars-1: no prices for this region in the price file (priced: af-south-1, us-east-1)",
    ],
    [["--region"], "--region needs a value"],
    [
      ["--spot-share", "-1"],
      "--spot-share -1: must be a number from 0 to 1 (fraction 0–1)",
    ],
    [["--tasks", "1e3"], "--tasks 1e3: must be a number of at least 0 (tasks)"],
    [
      ["--profile", "cheap"],
      "--profile cheap: unknown (known: default, cost-saving, scale-out, both)",
    ],
  ])(
    "GIVEN %j WHEN run THEN rejected with a message naming it, before anything is synthesized",
    async (argv, message) => {
      const scratch = fs.mkdtempSync(
        path.join(process.env.PIPELINE_TEST_RUN_DIR!, "bad-"),
      );
      const run = runCost(["--outdir", path.join(scratch, "out"), ...argv], {
        today: TODAY,
        env: {},
        scratchDir: scratch,
      });
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(message);
      expect(fs.readdirSync(scratch)).toEqual([]);
    },
  );
});

describe("npm run cost: both profiles, every environment", () => {
  let report: CostReport;
  let text: string;

  beforeAll(async () => {
    const json = await cost(["--json"]);
    expect(json.code).toBe(0);
    report = JSON.parse(json.stdout) as CostReport;
    text = (await cost([])).stdout;
  });

  const env = (profile: string, name: string) => {
    const found = report.profiles
      .find((p) => p.profile === profile)
      ?.environments.find((e) => e.environment === name);
    if (!found) throw new Error(`no ${profile} ${name} in the report`);
    return found;
  };

  it("GIVEN --json WHEN run THEN the output validates against tools/cost/report.schema.json", () => {
    const validate = new Ajv({ allErrors: true }).compile(
      JSON.parse(fs.readFileSync(SCHEMA, "utf8")),
    );
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("GIVEN a report with a misspelt field WHEN validated THEN the schema rejects it (the check can fail)", () => {
    const validate = new Ajv().compile(
      JSON.parse(fs.readFileSync(SCHEMA, "utf8")),
    );
    const broken = JSON.parse(JSON.stringify(report));
    broken.profiles[0].environments[0].monthlyUSD =
      broken.profiles[0].environments[0].monthlyUsd;
    delete broken.profiles[0].environments[0].monthlyUsd;
    expect(validate(broken)).toBe(false);
  });

  it("GIVEN no environment named WHEN run THEN both profiles price all three environments and the shared state backend", () => {
    expect(
      report.profiles.map((p) => [
        p.profile,
        p.environments.map((e) => e.environment),
      ]),
    ).toEqual([
      ["default", ["development", "staging", "production", "shared"]],
      ["cost-saving", ["development", "staging", "production", "shared"]],
    ]);
  });

  it("GIVEN each environment WHEN totalled THEN its total is the sum of its stacks, and each stack's the sum of its lines", () => {
    for (const profile of report.profiles) {
      for (const e of profile.environments) {
        expect(e.monthlyUsd).toBeCloseTo(
          sum(e.stacks.map((s) => s.monthlyUsd)),
          1,
        );
        for (const s of e.stacks)
          expect(s.monthlyUsd).toBeCloseTo(
            sum(s.lines.map((l) => l.monthlyUsd)),
            1,
          );
        expect(e.incomplete).toBe(false);
      }
    }
  });

  it("GIVEN development's synthesized stacks and the af-south-1 rates WHEN totalled THEN the hand-computed sum of its parts", () => {
    const r = (key: string) =>
      loadPrices().regions["af-south-1"].rates[key].usd;
    const H = 730;
    const gib = (kib: number) => kib / (1024 * 1024);
    const monitoring = gib(((H * 3600) / 60) * 8); // Enhanced Monitoring every 60 s, 8 KiB a sample
    const vpc =
      2 * r("logs.vended-ingest-gb") +
      ((2 * 7) / 30) * r("logs.storage-gb-month") + // flow logs, 2 GiB, 7 days
      H * r("ipv4.hour") + // the NAT gateway's Elastic IP
      r("kms.key-month") +
      r("kms.10k-requests") + // observability key, 10,000 requests
      H * r("nat.hour") +
      (5 + 5) * r("nat.gb"); // one NAT: internet and AWS service traffic (no endpoints)
    const database =
      (0.5 + 0.05) * r("logs.ingest-gb") +
      (((0.5 + 0.05) * 7) / 30) * r("logs.storage-gb-month") + // postgresql + upgrade logs
      6 * r("cloudwatch.alarm-metric-month") +
      H * r("rds.instance.db.t3.micro.single-az") +
      20 * r("rds.storage.gp3.single-az") + // backups within the free 20 GiB
      monitoring * r("logs.ingest-gb") +
      monitoring * r("logs.storage-gb-month") +
      r("secretsmanager.secret-month") +
      0.5 * r("secretsmanager.10k-api-calls") +
      r("kms.key-month") +
      r("kms.10k-requests") +
      2 * H * r("rds.proxy.vcpu-hour") + // the proxy: db.t3.micro's 2 vCPUs
      3 * r("cloudwatch.alarm-metric-month") + // the proxy's alarms
      2 *
        (r("secretsmanager.secret-month") +
          0.5 * r("secretsmanager.10k-api-calls")); // the two logins
    const api =
      (2 * 2 + 9) * r("cloudwatch.alarm-metric-month") + // two target-tracking policies, 7 alarms on 9 metrics
      r("cloudwatch.dashboard-month") +
      1 * r("logs.ingest-gb") +
      (7 / 30) * r("logs.storage-gb-month") +
      10 * 0.1 * r("ecr.storage-gb-month") +
      20 * r("cloudwatch.custom-metric-month") +
      0.5 * r("logs.ingest-gb") + // Container Insights
      0.2 * H * (0.5 * r("fargate.vcpu-hour") + 1 * r("fargate.gb-hour")) + // 1 task, 20 % on-demand
      0.8 *
        H *
        (0.5 * r("fargate-spot.vcpu-hour") + 1 * r("fargate-spot.gb-hour")) +
      H * r("alb.hour") +
      0.1 * H * r("alb.lcu-hour") +
      2 * H * r("ipv4.hour") +
      1 * r("transfer.internet-out-gb") + // 1 GiB of API responses
      r("kms.key-month") +
      r("kms.10k-requests") + // data-source secrets' key
      3 *
        (r("secretsmanager.secret-month") +
          0.5 * r("secretsmanager.10k-api-calls")); // jse, ngx, nse-kenya
    const switchRuns = 2088 / 96; // one a weekday: 2,088 weekdays in 2024-2031's 96 months
    const jobs =
      4 *
        (0.1 * r("logs.ingest-gb") +
          ((0.1 * 7) / 30) * r("logs.storage-gb-month")) + // 3 collectors + migration, 0.1 GiB, 7 days
      11 * r("cloudwatch.alarm-metric-month") + // business alarms (3 on 2 metrics) and the dead-letter alarm
      r("logs.ingest-gb") +
      (7 / 30) * r("logs.storage-gb-month") + // the login setup's log group, 1 GiB, 7 days
      2 *
        ((20 * 3) / 60) *
        (0.25 * r("fargate.vcpu-hour") + 0.5 * r("fargate.gb-hour")) + // 20 migrations and 20 login setups × 3 min
      10 *
        switchRuns *
        (r("scheduler.million-invocations") / 1e6 +
          r("cloudwatch.1k-api-requests") / 1000) + // market-hours switches
      (1000 / 1e6) * r("sqs.million-requests"); // the dead-letter queue
    // development's collector schedules are DISABLED: no runs.
    expect(env("default", "development").monthlyUsd).toBeCloseTo(
      vpc + database + api + jobs,
      1,
    );
  });

  it("GIVEN the document's ranges WHEN compared THEN development and production are marked over and staging has no range", () => {
    expect(env("default", "development").budget).toMatchObject({
      lowUsd: 25,
      highUsd: 40,
      status: "over",
    });
    expect(env("default", "production").budget).toMatchObject({
      lowUsd: 120,
      highUsd: 180,
      status: "over",
    });
    expect(env("default", "staging").budget).toEqual({
      lowUsd: null,
      highUsd: null,
      status: "no range",
      note: "the architecture document gives no range for staging",
    });
  });

  it("GIVEN the cost-saving profile WHEN compared THEN every environment is cheaper than the default", () => {
    for (const name of ["development", "staging", "production"]) {
      expect(env("cost-saving", name).monthlyUsd).toBeLessThan(
        env("default", name).monthlyUsd,
      );
    }
  });

  it("GIVEN the cost-saving profile WHEN priced THEN production still has two AZs' database (Multi-AZ), its DR copies, its audit trail and one NAT", () => {
    const lines = env("cost-saving", "production").stacks.flatMap(
      (s) => s.lines,
    );
    expect(lines.some((l) => /Multi-AZ/.test(l.item))).toBe(true);
    expect(
      lines.some((l) =>
        l.address.startsWith("aws_db_instance_automated_backups_replication."),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.address.startsWith("aws_cloudtrail."))).toBe(
      true,
    );
    expect(lines.filter((l) => l.rate === "nat.hour")).toHaveLength(1);
    expect(
      lines.filter((l) => l.rate === "endpoint.interface.az-hour"),
    ).toHaveLength(0);
  });

  it("GIVEN production WHEN its Fargate hours are derived THEN tasks and Spot share come from the synthesized service", () => {
    const tasks = env("default", "production").assumptions.find(
      (a) => a.name === "tasks",
    );
    const spot = env("cost-saving", "production").assumptions.find(
      (a) => a.name === "spot-share",
    );
    expect(tasks).toMatchObject({
      value: 2,
      from: expect.stringMatching(
        /^synthesized stack: aws_ecs_service\..*desired_count 2/,
      ),
    });
    expect(spot).toMatchObject({
      value: 0.5,
      from: expect.stringMatching(
        /FARGATE base 1 weight 0, FARGATE_SPOT base 0 weight 1 at 2 task/,
      ),
    });
  });

  it("GIVEN production's collectors WHEN priced THEN each schedule's runs a month × 3 min of its task, on the capacity its schedule names", () => {
    const jobs = env("default", "production").stacks.find((s) =>
      s.stack.endsWith("-jobs"),
    )!;
    const vcpu = jobs.lines.filter(
      (l) =>
        l.address.startsWith("aws_scheduler_schedule.job-") &&
        l.rate === "fargate.vcpu-hour",
    );
    // jse every 15 min 09:00-16:45, ngx every 30 min 10:00-14:30, nse-kenya once: weekdays.
    expect(vcpu.map((l) => l.quantity).sort((a, b) => a - b)).toEqual(
      [1, 10, 32].map((perDay) =>
        expect.closeTo(((perDay * 2088) / 96) * (3 / 60) * 0.25, 9),
      ),
    );
    expect(jobs.unpriced).toEqual([]);
  });

  it.each(["docs/cost.md", "README.md"])(
    "GIVEN %s WHEN compared with the command THEN its summary block is what the command prints",
    (file) => {
      const text = fs.readFileSync(
        path.join(__dirname, "..", "..", file),
        "utf8",
      );
      expect(text).toContain(`\`\`\`text\n${summaryTable(report)}\n\`\`\``);
    },
  );

  it("GIVEN the text form WHEN read THEN it shows each environment's line items, the free list, the assumptions and the summary", () => {
    expect(text).toMatch(
      /^development — \$\d+\.\d\d a month · OVER: over the document's \$25–40 by \$/m,
    );
    expect(text).toMatch(
      /^staging — \$\d+\.\d\d a month · no range: the architecture document gives no range for staging/m,
    );
    expect(text).toMatch(
      /aws_nat_gateway\.network_nat-gateway-0_\w+ {2}NAT gateway hours: 730 hour × \$0\.06/,
    );
    expect(text).toMatch(/free: .*aws_vpc ×1/);
    expect(text).toMatch(/--internet-data-gib 40 GiB\/month \(default\)/);
    expect(text).toContain(summaryTable(report));
  });
});

describe("npm run cost: honesty", () => {
  it("GIVEN a price file 212 days old WHEN run THEN the report flags it stale", async () => {
    const out = await cost(
      ["--json", "--profile", "default", "shared"],
      new Date("2027-07-03T00:00:00Z"),
    );
    const report = JSON.parse(out.stdout) as CostReport;
    expect(report.priceFile).toMatchObject({ ageDays: 212, stale: true });
    expect(report.warnings).toContain(
      "the price file is 212 days old (limit 180): refresh it before trusting these numbers (docs/cost.md)",
    );
    expect(out.stderr).toMatch(/^WARNING: the price file is 212 days old/);
  });

  it("GIVEN a price file without the NAT hourly rate WHEN production is priced THEN its NAT gateways are unpriced and the total says it is incomplete", async () => {
    const prices = JSON.parse(fs.readFileSync(PRICE_FILE, "utf8"));
    delete prices.regions["af-south-1"].rates["nat.hour"];
    const file = path.join(
      process.env.PIPELINE_TEST_RUN_DIR!,
      "prices-without-nat.json",
    );
    fs.writeFileSync(file, JSON.stringify(prices));
    const out = await cost([
      "--json",
      "--profile",
      "default",
      "--prices",
      file,
      "production",
    ]);
    const production = (JSON.parse(out.stdout) as CostReport).profiles[0]
      .environments[0];
    const vpc = production.stacks.find((s) => s.stack.endsWith("-vpc"))!;
    expect(production.incomplete).toBe(true);
    expect(vpc.unpriced).toEqual([
      {
        type: "aws_nat_gateway",
        addresses: [
          expect.stringMatching(/^aws_nat_gateway\.network_nat-gateway-0_/),
          expect.stringMatching(/^aws_nat_gateway\.network_nat-gateway-1_/),
        ],
        reason: "no rate nat.hour for af-south-1 in the price file",
      },
    ]);
    expect(
      vpc.lines.some((l) => l.address.startsWith("aws_nat_gateway.")),
    ).toBe(false);
    const text = (
      await cost(["--profile", "default", "--prices", file, "production"])
    ).stdout;
    expect(text).toMatch(
      /UNPRICED {3}aws_nat_gateway \(2\): no rate nat\.hour for af-south-1 in the price file — not in the total/,
    );
    expect(text).toMatch(
      /production — \$[\d.]+ a month \(incomplete: unpriced resources below\)/,
    );
  });

  it("GIVEN --job-run-minutes 6 WHEN production is priced THEN the collectors' task hours double and the override is marked as given", async () => {
    const run = async (argv: string[]) => {
      const out = await cost([
        "--json",
        "--profile",
        "default",
        ...argv,
        "production",
      ]);
      const production = (JSON.parse(out.stdout) as CostReport).profiles[0]
        .environments[0];
      const hours = sum(
        production.stacks
          .flatMap((s) => s.lines)
          .filter(
            (l) =>
              l.address.startsWith("aws_scheduler_schedule.") &&
              l.rate === "fargate.vcpu-hour",
          )
          .map((l) => l.quantity),
      );
      return { production, hours };
    };
    const base = await run([]);
    const longer = await run(["--job-run-minutes", "6"]);
    expect(base.hours).toBeGreaterThan(0);
    expect(longer.hours).toBeCloseTo(2 * base.hours, 9);
    expect(
      longer.production.assumptions.find((a) => a.name === "job-run-minutes"),
    ).toMatchObject({ value: 6, from: "command line" });
  });

  it("GIVEN --region us-east-1 and an assumption override WHEN run THEN us-east-1 rates apply and the override is marked as given", async () => {
    const out = await cost([
      "--json",
      "--profile",
      "default",
      "--region",
      "us-east-1",
      "--internet-data-gib",
      "100",
      "development",
    ]);
    const development = (JSON.parse(out.stdout) as CostReport).profiles[0]
      .environments[0];
    const nat = development.stacks
      .flatMap((s) => s.lines)
      .find((l) => l.rate === "nat.hour")!;
    expect(nat).toMatchObject({ region: "us-east-1", usdPerUnit: 0.045 });
    expect(
      development.assumptions.find((a) => a.name === "internet-data-gib"),
    ).toMatchObject({
      value: 100,
      from: "command line",
    });
  });
});
