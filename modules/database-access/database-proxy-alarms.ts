import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { sustainedAlarm } from "../observability/sustained-alarm";

/** Properties of {@link DatabaseProxyAlarms}. */
export interface DatabaseProxyAlarmsProps {
  /** Prefix of the alarm names, e.g. the proxy's name as a plain string. */
  readonly alarmNamePrefix: string;
  /** The `ProxyName` dimension of the proxy's metrics. */
  readonly proxyName: string;
  /** SNS topic (ARN) notified when an alarm fires and when it recovers. */
  readonly topicArn: string;
  /**
   * Connections the proxy may open to the database: the instance's
   * `max_connections` times the pool's `maxConnectionsPercent`.
   */
  readonly maxDatabaseConnections: number;
  /**
   * Database connections above this share of `maxDatabaseConnections` fire the pool alarm, percent.
   * @default 80
   */
  readonly databaseConnectionsThresholdPercent?: number;
  /**
   * Client connections above which the client alarm fires.
   * @default 1000 - far above what the API's tasks open; a leak or a flood
   */
  readonly clientConnectionsThreshold?: number;
  /**
   * Average time to borrow a database connection from the pool above which the borrow alarm fires, ms.
   * @default 50 - the architecture document's 50 ms p95 query target, spent waiting alone
   */
  readonly borrowLatencyThresholdMs?: number;
}

/**
 * CloudWatch alarms of an RDS Proxy, each notifying a topic when it fires and
 * when it recovers: client connections, database connections against the
 * pool's ceiling, and the latency of borrowing a connection from the pool
 * (clients queue for connections). Missing data is not breaching: an idle
 * proxy publishes nothing.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
 */
export class DatabaseProxyAlarms extends Construct {
  /** The alarms, by short name. */
  public readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  /** Thresholds in the metrics' units. */
  public readonly thresholds: {
    readonly clientConnections: number;
    readonly databaseConnections: number;
    readonly borrowLatencyMicroseconds: number;
  };

  constructor(scope: Construct, id: string, props: DatabaseProxyAlarmsProps) {
    super(scope, id);
    const percent = props.databaseConnectionsThresholdPercent ?? 80;
    const clientConnections = props.clientConnectionsThreshold ?? 1000;
    const borrowMs = props.borrowLatencyThresholdMs ?? 50;
    const checks = new PropChecks(throwOnBadProp(`DatabaseProxyAlarms ${id}`));
    checks.wholeNumber(
      "maxDatabaseConnections",
      props.maxDatabaseConnections,
      1,
    );
    checks.percentage("databaseConnectionsThresholdPercent", percent);
    checks.wholeNumber("clientConnectionsThreshold", clientConnections, 1);
    checks.check(
      "borrowLatencyThresholdMs",
      borrowMs,
      (v) => v > 0,
      "must be positive",
    );
    this.thresholds = {
      clientConnections,
      databaseConnections: Math.floor(
        (props.maxDatabaseConnections * percent) / 100,
      ),
      // The metric is in microseconds.
      borrowLatencyMicroseconds: borrowMs * 1000,
    };
    const t = this.thresholds;
    const specs = [
      {
        id: "client-connections-high",
        metricName: "ClientConnections",
        statistic: "Maximum" as const,
        threshold: t.clientConnections,
        description: `More than ${t.clientConnections} client connections to the proxy for 15 minutes: a connection leak or a flood of clients.`,
      },
      {
        id: "database-connections-high",
        metricName: "DatabaseConnections",
        statistic: "Maximum" as const,
        threshold: t.databaseConnections,
        description: `More than ${t.databaseConnections} database connections (${percent} % of the pool's ${props.maxDatabaseConnections}) for 15 minutes: clients will soon wait for connections; raise maxConnectionsPercent or the instance class.`,
      },
      {
        id: "borrow-latency-high",
        metricName: "DatabaseConnectionsBorrowLatency",
        statistic: "Average" as const,
        threshold: t.borrowLatencyMicroseconds,
        description: `Borrowing a database connection takes more than ${borrowMs} ms on average for 15 minutes: the pool is exhausted and clients queue.`,
      },
    ];
    for (const spec of specs) {
      this.alarms[spec.id] = sustainedAlarm(this, spec.id, {
        alarmName: `${props.alarmNamePrefix}-proxy-${spec.id}`,
        description: spec.description,
        namespace: "AWS/RDS",
        metricName: spec.metricName,
        dimensions: { ProxyName: props.proxyName },
        statistic: spec.statistic,
        threshold: spec.threshold,
        treatMissingData: "notBreaching",
        topicArn: props.topicArn,
      });
    }
  }
}
