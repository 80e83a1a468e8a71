import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import {
  dataSourceAlarms,
  DataSourceAlarmSettings,
} from "./data-source-alarms";
import {
  checkMarketWindow,
  marketHoursSwitch,
  SwitchedSource,
} from "./market-hours";

/** Properties of {@link BusinessAlarms}. */
export interface BusinessAlarmsProps {
  /** Prefix of alarm, schedule and role names, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  /** `Environment` dimension of the metrics. */
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** Topic every alarm notifies. */
  readonly topicArn: string;
  /** Data source name → its thresholds. */
  readonly dataSources: Readonly<Record<string, DataSourceAlarmSettings>>;
}

/** The alarms of one data source. */
export interface DataSourceAlarms {
  readonly freshness: CloudwatchMetricAlarm;
  readonly successRate: CloudwatchMetricAlarm;
  readonly throughput?: CloudwatchMetricAlarm;
  /** Schedules that switch the market-hours alarms on at the open and off at the close. */
  readonly marketSchedules: readonly SchedulerSchedule[];
}

/** Longest span CloudWatch evaluates for periods under an hour, seconds. */
const MAX_EVALUATED_SECONDS = 86400;

/**
 * Checks {@link BusinessAlarmsProps} as CloudWatch and EventBridge Scheduler
 * would: each data source's thresholds, and market hours the switch
 * schedules can be built from. Props left undefined are skipped.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export function checkBusinessAlarmsProps(
  report: PropReport,
  props: Partial<BusinessAlarmsProps>,
): void {
  const checks = new PropChecks(report);
  for (const [source, s] of Object.entries(props.dataSources ?? {})) {
    const p = `dataSources.${source}`;
    // Evaluated in 5-minute periods: at most a day of them.
    checks.wholeNumber(
      `${p}.freshnessThresholdSeconds`,
      s.freshnessThresholdSeconds,
      60,
      MAX_EVALUATED_SECONDS,
    );
    checks.check(
      `${p}.minSuccessRatePercent`,
      s.minSuccessRatePercent,
      (rate) => rate > 0 && rate <= 100,
      "must be above 0 and at most 100",
    );
    checks.check(
      `${p}.minRecordsPerMinute`,
      s.minRecordsPerMinute,
      (n) => n > 0,
      "must be above 0",
    );
    checks.check(
      `${p}.throughputPeriodSeconds`,
      s.throughputPeriodSeconds,
      (period) =>
        Number.isInteger(period) &&
        period >= 60 &&
        period <= MAX_EVALUATED_SECONDS &&
        period % 60 === 0,
      `must be a multiple of 60 from 60 to ${MAX_EVALUATED_SECONDS}`,
    );
    if (s.marketHours !== undefined)
      checkMarketWindow(checks, `${p}.marketHours`, s.marketHours);
  }
}

/**
 * The business alarms of the metric contract (docs/workloads.md), per data
 * source: data older than its threshold, a success rate below its floor and,
 * where configured, throughput below its floor.
 *
 * Missing data is breaching for freshness and throughput: no data means the
 * pipeline is dead. Outside market hours no data is expected, so these two
 * alarms notify only while the market trades: EventBridge Scheduler, in the
 * exchange's own time zone (daylight saving included), enables their actions
 * at the open, sets them to OK a minute later (an alarm already in ALARM
 * since the night would otherwise never notify again: actions fire on state
 * changes), and disables their actions at the close. Terraform ignores
 * `actions_enabled` on them, so the switch is not drift.
 */
export class BusinessAlarms extends Construct {
  public readonly alarms: Readonly<Record<string, DataSourceAlarms>>;
  /** Role the market-hours schedules act with (when any source has market hours). */
  public readonly schedulerRole?: IamRole;

  constructor(scope: Construct, id: string, props: BusinessAlarmsProps) {
    super(scope, id);
    checkBusinessAlarmsProps(throwOnBadProp(`BusinessAlarms ${id}`), props);
    const alarms: Record<string, DataSourceAlarms> = {};
    const switched: SwitchedSource[] = [];
    for (const [source, settings] of Object.entries(props.dataSources)) {
      const { marketHoursAlarmNames, ...set } = dataSourceAlarms(this, {
        ...props,
        source,
        settings,
      });
      alarms[source] = { ...set, marketSchedules: [] };
      if (settings.marketHours)
        switched.push({
          name: source,
          hours: settings.marketHours,
          alarmNames: marketHoursAlarmNames,
        });
    }
    if (switched.length > 0) {
      const market = marketHoursSwitch(this, props, switched);
      this.schedulerRole = market.role;
      for (const [source, schedules] of Object.entries(market.schedules))
        alarms[source] = { ...alarms[source], marketSchedules: schedules };
    }
    this.alarms = alarms;
  }
}
