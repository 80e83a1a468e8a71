import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  Dashboard,
  DashboardProps,
} from "../../../modules/observability/dashboard";
import { listOf, parse } from "../../support/synth";

function synthDashboard(overrides: Partial<DashboardProps> = {}) {
  const json = parse(
    Testing.synthScope((scope) => {
      new Dashboard(scope, "dashboard", {
        dashboardName: "team",
        region: "af-south-1",
        clusterName: "team",
        serviceName: "team-api",
        loadBalancerArnSuffix: "app/team/1",
        targetGroupArnSuffix: "targetgroup/team/2",
        databaseInstanceIdentifier: "team-postgres",
        ...overrides,
      });
    }),
  );
  const [dashboard] = listOf(json, "aws_cloudwatch_dashboard");
  const body = JSON.parse(dashboard.dashboard_body) as {
    widgets: {
      properties: { title: string; region: string; metrics: unknown[][] };
    }[];
  };
  return { dashboard, body };
}

/** `namespace/metric` of every line of every widget. */
function metricsOf(body: ReturnType<typeof synthDashboard>["body"]): string[] {
  return body.widgets.flatMap((w) =>
    w.properties.metrics.map((m) => `${m[0]}/${m[1]}`),
  );
}

describe("Dashboard", () => {
  it("GIVEN a name WHEN synthesized THEN one dashboard of that name exists", () => {
    expect(synthDashboard().dashboard.dashboard_name).toBe("team");
  });

  it("GIVEN the service WHEN synthesized THEN ECS CPU and memory are charted for it", () => {
    const { body } = synthDashboard();
    const ecs = body.widgets
      .flatMap((w) => w.properties.metrics)
      .filter((m) => m[0] === "AWS/ECS");
    expect(ecs.map((m) => m.slice(0, 6))).toEqual([
      [
        "AWS/ECS",
        "CPUUtilization",
        "ClusterName",
        "team",
        "ServiceName",
        "team-api",
      ],
      [
        "AWS/ECS",
        "MemoryUtilization",
        "ClusterName",
        "team",
        "ServiceName",
        "team-api",
      ],
    ]);
  });

  it("GIVEN the database WHEN synthesized THEN RDS connections and read/write latency are charted for its instance", () => {
    const { body } = synthDashboard();
    const rds = body.widgets
      .flatMap((w) => w.properties.metrics)
      .filter((m) => m[0] === "AWS/RDS");
    expect(rds.map((m) => m.slice(1, 4))).toEqual([
      ["DatabaseConnections", "DBInstanceIdentifier", "team-postgres"],
      ["ReadLatency", "DBInstanceIdentifier", "team-postgres"],
      ["WriteLatency", "DBInstanceIdentifier", "team-postgres"],
    ]);
  });

  it("GIVEN the load balancer WHEN synthesized THEN ALB request count and latency are charted", () => {
    expect(metricsOf(synthDashboard().body)).toEqual(
      expect.arrayContaining([
        "AWS/ApplicationELB/RequestCount",
        "AWS/ApplicationELB/TargetResponseTime",
      ]),
    );
  });

  it("GIVEN a region WHEN synthesized THEN every widget reads metrics of that region", () => {
    expect(
      new Set(synthDashboard().body.widgets.map((w) => w.properties.region)),
    ).toEqual(new Set(["af-south-1"]));
  });

  it("GIVEN targets WHEN synthesized THEN the CPU widget draws them as horizontal lines", () => {
    const { body } = synthDashboard({
      targets: { cpuPercent: 70, memoryPercent: 80 },
    });
    const cpu = body.widgets[0].properties as unknown as {
      annotations: { horizontal: unknown[] };
    };
    expect(cpu.annotations.horizontal).toEqual([
      { label: "CPU target", value: 70 },
      { label: "Memory target", value: 80 },
    ]);
  });

  it("GIVEN a name with a space WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthDashboard({ dashboardName: "my dashboard" })).toThrow(
      /dashboardName = "my dashboard"/,
    );
  });
});

describe("Dashboard (business widgets)", () => {
  const business = {
    environment: "production",
    dataSources: ["jse", "ngx"],
    minRecordsPerMinute: 10000,
  };

  it("GIVEN data sources WHEN synthesized THEN freshness, records and run widgets show each source's metrics", () => {
    const { body } = synthDashboard({ business });
    const titles = body.widgets.map((w) => w.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "Data freshness by source (s)",
        "Records processed per minute",
        "Collector runs: succeeded and failed",
      ]),
    );
    const freshness = body.widgets.find(
      (w) => w.properties.title === "Data freshness by source (s)",
    )!;
    expect(freshness.properties.metrics.map((m) => m.slice(0, 6))).toEqual([
      [
        "FinancialPipeline",
        "DataFreshnessSeconds",
        "Environment",
        "production",
        "DataSource",
        "jse",
      ],
      [
        "FinancialPipeline",
        "DataFreshnessSeconds",
        "Environment",
        "production",
        "DataSource",
        "ngx",
      ],
    ]);
  });

  it("GIVEN a throughput objective WHEN synthesized THEN the records widget draws it", () => {
    const { body } = synthDashboard({ business });
    const records = body.widgets.find(
      (w) => w.properties.title === "Records processed per minute",
    )! as unknown as { properties: { annotations: unknown } };
    expect(records.properties.annotations).toEqual({
      horizontal: [{ label: "Throughput objective", value: 10000 }],
    });
  });

  it("GIVEN no business settings WHEN synthesized THEN no business widget exists", () => {
    expect(
      metricsOf(synthDashboard().body).some((m) =>
        m.startsWith("FinancialPipeline/"),
      ),
    ).toBe(false);
  });

  it("GIVEN a database proxy WHEN synthesized THEN its client and database connections and borrow latency are charted by its name", () => {
    const { body } = synthDashboard({ databaseProxyName: "team-postgres" });
    const proxyLines = body.widgets
      .flatMap((w) => w.properties.metrics)
      .filter((m) => m[2] === "ProxyName")
      .map((m) => [m[1], m[3]]);
    expect(proxyLines).toEqual([
      ["ClientConnections", "team-postgres"],
      ["DatabaseConnections", "team-postgres"],
      ["DatabaseConnectionsBorrowLatency", "team-postgres"],
    ]);
  });

  it("GIVEN no database proxy WHEN synthesized THEN no widget charts a proxy", () => {
    const { body } = synthDashboard();
    expect(
      body.widgets
        .flatMap((w) => w.properties.metrics)
        .filter((m) => m[2] === "ProxyName"),
    ).toEqual([]);
  });
});
