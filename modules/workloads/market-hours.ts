/**
 * Market hours of the business alarms: the window a market trades in, its
 * check, and the EventBridge Scheduler switch that lets the freshness and
 * throughput alarms notify only while it trades (BusinessAlarms creates it
 * in its own scope, so the Terraform addresses are BusinessAlarms').
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Construct } from "constructs";
import { PropChecks } from "../core/prop-checks";
import { policyDocument, serviceTrustPolicy } from "../security/policy";
import { isTimeZone } from "./schedule";

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

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY = "(SUN|MON|TUE|WED|THU|FRI|SAT)";
const WEEKDAYS = new RegExp(
  `^${WEEKDAY}(-${WEEKDAY})?(,${WEEKDAY}(-${WEEKDAY})?)*$`,
);

/** Hours and minutes of a well-formed `hh:mm`. */
function clock(text: string): [number, number] {
  const m = CLOCK.exec(text)!;
  return [Number(m[1]), Number(m[2])];
}

/**
 * Checks a market window `p` (`dataSources.jse.marketHours`) as EventBridge
 * Scheduler would take its switch schedules.
 */
export function checkMarketWindow(
  checks: PropChecks,
  p: string,
  hours: MarketWindow,
): void {
  checks.check(
    `${p}.timeZone`,
    hours.timeZone,
    isTimeZone,
    "is not an IANA time zone (e.g. Africa/Johannesburg)",
  );
  checks.matches(
    `${p}.days`,
    hours.days,
    WEEKDAYS,
    "must be cron weekday names, e.g. MON-FRI or MON,WED,FRI",
  );
  checks.matches(`${p}.open`, hours.open, CLOCK, 'must be a time "hh:mm"');
  checks.matches(`${p}.close`, hours.close, CLOCK, 'must be a time "hh:mm"');
  if (CLOCK.test(hours.open) && CLOCK.test(hours.close)) {
    const minutes = (t: string) => clock(t)[0] * 60 + clock(t)[1];
    // The reset runs a minute after the open, and must come before the close.
    checks.check(
      `${p}.close`,
      hours.close,
      (close) => minutes(close) - minutes(hours.open) >= 5,
      `must be at least 5 minutes after open (${hours.open}) on the same day`,
    );
  }
}

/** A data source whose alarms the switch turns on and off. */
export interface SwitchedSource {
  /** The data source's name. */
  readonly name: string;
  readonly hours: MarketWindow;
  /** Names of its market-hours alarms. */
  readonly alarmNames: readonly string[];
}

/** What {@link marketHoursSwitch} creates. */
export interface MarketHoursSwitch {
  /** Role the schedules act with. */
  readonly role: IamRole;
  /** Each source's schedules: open, one reset per alarm, close. */
  readonly schedules: Readonly<Record<string, SchedulerSchedule[]>>;
}

/**
 * Creates in `scope` the role and, per source, the schedules that enable
 * its alarms' actions at the open, set each alarm to OK a minute later, and
 * disable the actions at the close.
 */
export function marketHoursSwitch(
  scope: Construct,
  props: {
    readonly namePrefix: string;
    readonly accountId: string;
    readonly region: string;
  },
  sources: readonly SwitchedSource[],
): MarketHoursSwitch {
  const alarmArn = (alarm: string) =>
    `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${alarm}`;
  const role = new IamRole(scope, "market-hours-role", {
    name: `${props.namePrefix}-market-hours`,
    description:
      "EventBridge Scheduler: switches the business alarms on at market open and off at the close",
    assumeRolePolicy: serviceTrustPolicy(
      "scheduler.amazonaws.com",
      props.accountId,
    ),
  });
  const policy = new IamRolePolicy(scope, "market-hours-policy", {
    name: "switch-alarms",
    role: role.id,
    policy: policyDocument([
      {
        Sid: "SwitchTheMarketHoursAlarms",
        Effect: "Allow",
        Action: [
          "cloudwatch:EnableAlarmActions",
          "cloudwatch:DisableAlarmActions",
          "cloudwatch:SetAlarmState",
        ],
        Resource: sources.flatMap((s) => s.alarmNames).map(alarmArn),
      },
    ]),
  });
  const schedules: Record<string, SchedulerSchedule[]> = {};
  for (const { name: source, hours, alarmNames } of sources) {
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
      new SchedulerSchedule(scope, `${source}-${idPart}`, {
        name: `${props.namePrefix}-${source}-${idPart}`,
        description,
        scheduleExpression: expression,
        scheduleExpressionTimezone: hours.timeZone,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: `arn:aws:scheduler:::aws-sdk:cloudwatch:${action}`,
          roleArn: role.arn,
          input: JSON.stringify(input),
          retryPolicy: {
            maximumRetryAttempts: 10,
            maximumEventAgeInSeconds: 600,
          },
        },
        dependsOn: [policy],
      });
    const list: SchedulerSchedule[] = (schedules[source] = []);
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
  return { role, schedules };
}
