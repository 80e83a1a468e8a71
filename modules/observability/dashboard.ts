import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import {
  BUSINESS_METRICS,
  METRIC_NAMESPACE,
} from "../workloads/metric-contract";

/** Properties of a {@link Dashboard}. */
export interface DashboardProps {
  readonly dashboardName: string;
  /** Region of the metrics. */
  readonly region: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** `LoadBalancer` dimension (the ALB's `arn_suffix`). */
  readonly loadBalancerArnSuffix: string;
  /** `TargetGroup` dimension (the target group's `arn_suffix`). */
  readonly targetGroupArnSuffix: string;
  /** `DBInstanceIdentifier` dimension of the RDS metrics. */
  readonly databaseInstanceIdentifier: string;
  /**
   * `ProxyName` dimension of the RDS Proxy in front of the database: its
   * client and database connections and its borrow latency get widgets.
   * @default - no proxy widgets
   */
  readonly databaseProxyName?: string;
  /**
   * Target lines drawn as horizontal annotations on their widgets.
   * @default - none
   */
  readonly targets?: DashboardTargets;
  /**
   * Business widgets (data freshness, records per minute, runs) of these data sources.
   * @default - no business widgets
   */
  readonly business?: BusinessWidgets;
  /**
   * Further widgets, placed after the others (e.g. a web ACL's requests).
   * @default - none
   */
  readonly widgets?: readonly DashboardWidget[];
  /**
   * Default time range of the dashboard.
   * @default "-PT3H"
   */
  readonly start?: string;
}

/** A time-series widget of a {@link Dashboard}. */
export interface DashboardWidget {
  readonly title: string;
  /** CloudWatch metric lines: namespace, name, dimension pairs, then options. */
  readonly metrics: readonly (readonly unknown[])[];
  /**
   * Statistic of lines that set none.
   * @default "Average"
   */
  readonly stat?: string;
}

/** The data sources whose business metrics the dashboard shows. */
export interface BusinessWidgets {
  /** `Environment` dimension of the metrics. */
  readonly environment: string;
  /** Data source names (`DataSource` dimension). */
  readonly dataSources: readonly string[];
  /**
   * Throughput objective drawn on the records widget, records per minute.
   * @default - no objective line
   */
  readonly minRecordsPerMinute?: number;
}

/** Values drawn as horizontal lines; each is optional. */
export interface DashboardTargets {
  /**
   * Auto scaling's CPU target, percent (on the ECS CPU and memory widget).
   * @default - no CPU line
   */
  readonly cpuPercent?: number;
  /**
   * Auto scaling's memory target, percent (on the ECS CPU and memory widget).
   * @default - no memory line
   */
  readonly memoryPercent?: number;
  /**
   * p95 response time objective, seconds (on the ALB response time widget).
   * @default - no objective line
   */
  readonly p95LatencySeconds?: number;
  /**
   * Database read/write latency objective, seconds (on the RDS latency widget).
   * @default - no objective line
   */
  readonly databaseLatencySeconds?: number;
}

type MetricLine = readonly unknown[];

/** Checks {@link DashboardProps}: a name CloudWatch accepts. */
export function checkDashboardProps(
  report: PropReport,
  props: Partial<DashboardProps>,
): void {
  new PropChecks(report).matches(
    "dashboardName",
    props.dashboardName,
    /^[A-Za-z0-9_-]{1,255}$/,
    'must be 1-255 letters, digits, "-" or "_"',
  );
}

/**
 * One CloudWatch dashboard with the architecture document's "Key Metrics":
 * ECS CPU and memory, running tasks, RDS connections and read/write
 * latency, ALB request count, latency and errors.
 */
export class Dashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  /** Titles of the widgets, in layout order. */
  public readonly widgetTitles: string[];

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    checkDashboardProps(throwOnBadProp(`Dashboard ${id}`), props);
    const service = [
      "ClusterName",
      props.clusterName,
      "ServiceName",
      props.serviceName,
    ];
    const db = ["DBInstanceIdentifier", props.databaseInstanceIdentifier];
    const lb = ["LoadBalancer", props.loadBalancerArnSuffix];
    const tg = [
      "TargetGroup",
      props.targetGroupArnSuffix,
      "LoadBalancer",
      props.loadBalancerArnSuffix,
    ];
    const annotations = (entries: [string, number | undefined][]) => {
      const horizontal = entries
        .filter(([, v]) => v !== undefined)
        .map(([label, value]) => ({ label, value }));
      return horizontal.length > 0 ? { annotations: { horizontal } } : {};
    };

    // Each widget is 12 wide (half the grid) and 6 high, placed two per row.
    const specs: {
      title: string;
      metrics: MetricLine[];
      stat?: string;
      extra?: object;
    }[] = [
      {
        title: "ECS service CPU and memory (%)",
        metrics: [
          ["AWS/ECS", "CPUUtilization", ...service, { label: "CPU" }],
          ["AWS/ECS", "MemoryUtilization", ...service, { label: "Memory" }],
        ],
        extra: {
          yAxis: { left: { min: 0, max: 100 } },
          ...annotations([
            ["CPU target", props.targets?.cpuPercent],
            ["Memory target", props.targets?.memoryPercent],
          ]),
        },
      },
      {
        title: "ECS running tasks",
        metrics: [
          [
            "ECS/ContainerInsights",
            "RunningTaskCount",
            ...service,
            { label: "Running" },
          ],
        ],
        stat: "Minimum",
      },
      {
        title: "ALB requests",
        metrics: [
          [
            "AWS/ApplicationELB",
            "RequestCount",
            ...lb,
            { label: "Requests", stat: "Sum" },
          ],
        ],
        stat: "Sum",
      },
      {
        title: "ALB target response time (s)",
        metrics: [
          [
            "AWS/ApplicationELB",
            "TargetResponseTime",
            ...tg,
            { label: "p95", stat: "p95" },
          ],
          [
            "AWS/ApplicationELB",
            "TargetResponseTime",
            ...tg,
            { label: "average", stat: "Average" },
          ],
        ],
        extra: annotations([
          ["p95 objective", props.targets?.p95LatencySeconds],
        ]),
      },
      {
        title: "ALB 5XX responses",
        metrics: [
          [
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            ...tg,
            { label: "Targets", stat: "Sum" },
          ],
          [
            "AWS/ApplicationELB",
            "HTTPCode_ELB_5XX_Count",
            ...lb,
            { label: "Load balancer", stat: "Sum" },
          ],
        ],
        stat: "Sum",
      },
      {
        title: "RDS connections",
        metrics: [
          ["AWS/RDS", "DatabaseConnections", ...db, { label: "Connections" }],
        ],
      },
      {
        title: "RDS read and write latency (s)",
        metrics: [
          ["AWS/RDS", "ReadLatency", ...db, { label: "Read" }],
          ["AWS/RDS", "WriteLatency", ...db, { label: "Write" }],
        ],
        extra: annotations([
          ["Latency objective", props.targets?.databaseLatencySeconds],
        ]),
      },
    ];
    if (props.databaseProxyName !== undefined) {
      const proxy = ["ProxyName", props.databaseProxyName];
      specs.push(
        {
          title: "RDS Proxy connections",
          metrics: [
            ["AWS/RDS", "ClientConnections", ...proxy, { label: "Clients" }],
            [
              "AWS/RDS",
              "DatabaseConnections",
              ...proxy,
              { label: "To the database" },
            ],
          ],
          stat: "Maximum",
        },
        {
          title: "RDS Proxy connection borrow latency (µs)",
          metrics: [
            [
              "AWS/RDS",
              "DatabaseConnectionsBorrowLatency",
              ...proxy,
              { label: "Borrow latency" },
            ],
          ],
        },
      );
    }
    const business = props.business;
    if (business && business.dataSources.length > 0) {
      const lines = (metric: { name: string }, stat: string, suffix = "") =>
        business.dataSources.map((source) => [
          METRIC_NAMESPACE,
          metric.name,
          "Environment",
          business.environment,
          "DataSource",
          source,
          { label: `${source}${suffix}`, stat },
        ]);
      specs.push(
        {
          title: "Data freshness by source (s)",
          metrics: lines(BUSINESS_METRICS.dataFreshness, "Maximum"),
          stat: "Maximum",
        },
        {
          title: "Records processed per minute",
          metrics: lines(BUSINESS_METRICS.recordsProcessed, "Sum"),
          stat: "Sum",
          extra: annotations([
            ["Throughput objective", business.minRecordsPerMinute],
          ]),
        },
        {
          title: "Collector runs: succeeded and failed",
          metrics: [
            ...lines(BUSINESS_METRICS.runSucceeded, "Sum", " succeeded"),
            ...lines(BUSINESS_METRICS.runFailed, "Sum", " failed"),
          ],
          stat: "Sum",
          extra: { period: 3600 },
        },
      );
    }
    for (const widget of props.widgets ?? [])
      specs.push({ ...widget, metrics: [...widget.metrics] });
    this.widgetTitles = specs.map((s) => s.title);
    const widgets = specs.map((spec, i) => ({
      type: "metric",
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: {
        title: spec.title,
        region: props.region,
        view: "timeSeries",
        stacked: false,
        period: 60,
        stat: spec.stat ?? "Average",
        metrics: spec.metrics,
        ...spec.extra,
      },
    }));
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ start: props.start ?? "-PT3H", widgets }),
    });
  }
}
