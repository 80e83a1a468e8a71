import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, serviceTrustPolicy } from "../security/policy";
import { BUSINESS_METRICS, METRIC_NAMESPACE } from "./metric-contract";
import { isTimeZone } from "./schedule";

/** Period of the freshness alarm's datapoints, seconds. */
export const FRESHNESS_PERIOD_SECONDS = 300;
/** Window of the success rate, seconds. */
export const SUCCESS_RATE_PERIOD_SECONDS = 3600;

/** When a market trades, in its own time zone. */
export interface MarketWindow {
  /** IANA time zone, e.g. `Africa/Johannesburg`. */
  readonly timeZone: string;
  /** Cron day-of-week field, e.g. `MON-FRI`. */
  readonly days: string;
  /** `hh:mm` local. */
  readonly open: string;
  /** `hh:mm` local. */
  readonly close: string;
}

/** What is watched for one data source. */
export interface DataSourceAlarmSettings {
  /** Alarm when no record younger than this arrived for this long, seconds (a multiple of 300 is exact). */
  readonly freshnessThresholdSeconds: number;
  /** Alarm when fewer runs than this succeed in an hour, percent. */
  readonly minSuccessRatePercent: number;
  /**
   * Alarm when fewer records per minute than this are processed.
   * @default - no throughput alarm
   */
  readonly minRecordsPerMinute?: number;
  /**
   * Period the throughput is averaged over, seconds.
   * @default 900
   */
  readonly throughputPeriodSeconds?: number;
  /**
   * When the freshness and throughput alarms may notify.
   * @default - always
   */
  readonly marketHours?: MarketWindow;
}

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

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY = "(SUN|MON|TUE|WED|THU|FRI|SAT)";
const WEEKDAYS = new RegExp(
  `^${WEEKDAY}(-${WEEKDAY})?(,${WEEKDAY}(-${WEEKDAY})?)*$`,
);
const DEFAULT_THROUGHPUT_PERIOD_SECONDS = 900;
/** Longest span CloudWatch evaluates for periods under an hour, seconds. */
const MAX_EVALUATED_SECONDS = 86400;

/** Hours and minutes of a well-formed `hh:mm`. */
function clock(text: string): [number, number] {
  const m = CLOCK.exec(text)!;
  return [Number(m[1]), Number(m[2])];
}

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
    const hours = s.marketHours;
    if (hours === undefined) continue;
    checks.check(
      `${p}.marketHours.timeZone`,
      hours.timeZone,
      isTimeZone,
      "is not an IANA time zone (e.g. Africa/Johannesburg)",
    );
    checks.matches(
      `${p}.marketHours.days`,
      hours.days,
      WEEKDAYS,
      "must be cron weekday names, e.g. MON-FRI or MON,WED,FRI",
    );
    checks.matches(
      `${p}.marketHours.open`,
      hours.open,
      CLOCK,
      'must be a time "hh:mm"',
    );
    checks.matches(
      `${p}.marketHours.close`,
      hours.close,
      CLOCK,
      'must be a time "hh:mm"',
    );
    if (CLOCK.test(hours.open) && CLOCK.test(hours.close)) {
      const minutes = (t: string) => clock(t)[0] * 60 + clock(t)[1];
      // The reset runs a minute after the open, and must come before the close.
      checks.check(
        `${p}.marketHours.close`,
        hours.close,
        (close) => minutes(close) - minutes(hours.open) >= 5,
        `must be at least 5 minutes after open (${hours.open}) on the same day`,
      );
    }
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
    const switched: string[] = [];
    const pending: {
      name: string;
      hours: MarketWindow;
      alarmNames: string[];
    }[] = [];
    for (const [source, settings] of Object.entries(props.dataSources)) {
      const threshold = settings.freshnessThresholdSeconds;
      const dimensions = { Environment: props.environment, DataSource: source };
      const name = (what: string) => `${props.namePrefix}-${source}-${what}`;
      const switchable = settings.marketHours !== undefined;
      const common = {
        alarmActions: [props.topicArn],
        okActions: [props.topicArn],
      };
      const marketHoursOnly = switchable
        ? {
            // Off until the next open; the schedules own the switch. No OK
            // action: the reset to OK at each open would notify every morning.
            okActions: [],
            actionsEnabled: false,
            lifecycle: { ignoreChanges: ["actions_enabled"] },
          }
        : {};

      // ---------------------------------------------------------- freshness
      // Breaching when every 5-minute period of the threshold's length had
      // either no datapoint or one above the threshold: nothing fresh arrived.
      const periods = Math.ceil(threshold / FRESHNESS_PERIOD_SECONDS);
      const freshness = new CloudwatchMetricAlarm(this, `${source}-freshness`, {
        alarmName: name("data-freshness"),
        alarmDescription: `${source}: no data younger than ${threshold} s${switchable ? " during market hours" : ""} (no data at all counts: the collector may be dead)`,
        namespace: METRIC_NAMESPACE,
        metricName: BUSINESS_METRICS.dataFreshness.name,
        dimensions,
        statistic: BUSINESS_METRICS.dataFreshness.statistic,
        period: FRESHNESS_PERIOD_SECONDS,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        threshold,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "breaching",
        ...common,
        ...marketHoursOnly,
      });

      // ------------------------------------------------------- success rate
      const rate = settings.minSuccessRatePercent;
      const runMetric = (
        idPart: string,
        metric: { name: string; statistic: string },
      ) => ({
        id: idPart,
        returnData: false,
        metric: {
          namespace: METRIC_NAMESPACE,
          metricName: metric.name,
          dimensions,
          stat: metric.statistic,
          period: SUCCESS_RATE_PERIOD_SECONDS,
        },
      });
      const successRate = new CloudwatchMetricAlarm(
        this,
        `${source}-success-rate`,
        {
          alarmName: name("success-rate"),
          alarmDescription: `${source}: fewer than ${rate} % of the runs of the last hour succeeded`,
          evaluationPeriods: 1,
          threshold: rate,
          comparisonOperator: "LessThanThreshold",
          // No run in the hour: nothing to rate (the freshness alarm covers a dead pipeline).
          treatMissingData: "notBreaching",
          metricQuery: [
            runMetric("succeeded", BUSINESS_METRICS.runSucceeded),
            runMetric("failed", BUSINESS_METRICS.runFailed),
            {
              id: "rate",
              label: "Success rate (%)",
              returnData: true,
              expression:
                "100 * FILL(succeeded, 0) / (FILL(succeeded, 0) + FILL(failed, 0))",
            },
          ],
          ...common,
        },
      );

      // --------------------------------------------------------- throughput
      let throughput: CloudwatchMetricAlarm | undefined;
      if (settings.minRecordsPerMinute !== undefined) {
        const period =
          settings.throughputPeriodSeconds ?? DEFAULT_THROUGHPUT_PERIOD_SECONDS;
        throughput = new CloudwatchMetricAlarm(this, `${source}-throughput`, {
          alarmName: name("throughput"),
          alarmDescription: `${source}: fewer than ${settings.minRecordsPerMinute} records per minute over ${period / 60} min${switchable ? " during market hours" : ""}`,
          evaluationPeriods: 1,
          threshold: settings.minRecordsPerMinute,
          comparisonOperator: "LessThanThreshold",
          treatMissingData: "breaching",
          metricQuery: [
            {
              id: "records",
              returnData: false,
              metric: {
                namespace: METRIC_NAMESPACE,
                metricName: BUSINESS_METRICS.recordsProcessed.name,
                dimensions,
                stat: BUSINESS_METRICS.recordsProcessed.statistic,
                period,
              },
            },
            {
              id: "perMinute",
              label: "Records per minute",
              returnData: true,
              expression: `records / ${period / 60}`,
            },
          ],
          ...common,
          ...marketHoursOnly,
        });
      }

      const market: SchedulerSchedule[] = [];
      alarms[source] = {
        freshness,
        successRate,
        throughput,
        marketSchedules: market,
      };
      if (settings.marketHours) {
        const alarmNames = [name("data-freshness")];
        if (throughput) alarmNames.push(name("throughput"));
        switched.push(...alarmNames);
        pending.push({ name: source, hours: settings.marketHours, alarmNames });
      }
    }
    this.alarms = alarms;
    if (pending.length === 0) return;

    // ------------------------------------------------ market-hours switch
    const alarmArn = (alarm: string) =>
      `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${alarm}`;
    this.schedulerRole = new IamRole(this, "market-hours-role", {
      name: `${props.namePrefix}-market-hours`,
      description:
        "EventBridge Scheduler: switches the business alarms on at market open and off at the close",
      assumeRolePolicy: serviceTrustPolicy(
        "scheduler.amazonaws.com",
        props.accountId,
      ),
    });
    const policy = new IamRolePolicy(this, "market-hours-policy", {
      name: "switch-alarms",
      role: this.schedulerRole.id,
      policy: policyDocument([
        {
          Sid: "SwitchTheMarketHoursAlarms",
          Effect: "Allow",
          Action: [
            "cloudwatch:EnableAlarmActions",
            "cloudwatch:DisableAlarmActions",
            "cloudwatch:SetAlarmState",
          ],
          Resource: switched.map(alarmArn),
        },
      ]),
    });
    for (const { name: source, hours, alarmNames } of pending) {
      const [openH, openM] = clock(hours.open);
      const [closeH, closeM] = clock(hours.close);
      const reset = openH * 60 + openM + 1;
      const cron = (h: number, m: number) =>
        `cron(${m} ${h} ? * ${hours.days} *)`;
      // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
      const schedule = (
        idPart: string,
        expression: string,
        action: string,
        input: object,
        description: string,
      ) =>
        new SchedulerSchedule(this, `${source}-${idPart}`, {
          name: `${props.namePrefix}-${source}-${idPart}`,
          description,
          scheduleExpression: expression,
          scheduleExpressionTimezone: hours.timeZone,
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: `arn:aws:scheduler:::aws-sdk:cloudwatch:${action}`,
            roleArn: this.schedulerRole!.arn,
            input: JSON.stringify(input),
            retryPolicy: {
              maximumRetryAttempts: 10,
              maximumEventAgeInSeconds: 600,
            },
          },
          dependsOn: [policy],
        });
      const list = alarms[source].marketSchedules as SchedulerSchedule[];
      list.push(
        schedule(
          "market-open",
          cron(openH, openM),
          "enableAlarmActions",
          { AlarmNames: alarmNames },
          `${source} opens: its freshness/throughput alarms may notify`,
        ),
      );
      alarmNames.forEach((alarm, i) =>
        list.push(
          schedule(
            `market-reset-${i}`,
            cron(Math.floor(reset / 60) % 24, reset % 60),
            "setAlarmState",
            {
              AlarmName: alarm,
              StateValue: "OK",
              StateReason:
                "Market open: re-evaluated from now on, so that a pipeline dead since the close notifies",
            },
            `${source} opened a minute ago: ${alarm} starts from OK`,
          ),
        ),
      );
      list.push(
        schedule(
          "market-close",
          cron(closeH, closeM),
          "disableAlarmActions",
          { AlarmNames: alarmNames },
          `${source} closed: its freshness/throughput alarms stay silent until the open`,
        ),
      );
    }
  }
}
