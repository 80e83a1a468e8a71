import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkLogRetentionDays } from "../observability/log-retention";
import { serviceTrustPolicy } from "../security/policy";

/** Log types RDS PostgreSQL exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** One of {@link POSTGRES_LOG_EXPORTS}. */
export type PostgresLogExport = (typeof POSTGRES_LOG_EXPORTS)[number];

/** Enhanced Monitoring intervals RDS accepts, seconds (0: off). */
export const MONITORING_INTERVALS_SECONDS = [0, 1, 5, 10, 15, 30, 60] as const;

/** AWS-managed policy of the Enhanced Monitoring role. */
export const ENHANCED_MONITORING_POLICY_ARN =
  "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/** Properties of {@link DatabaseTelemetry}. */
export interface DatabaseTelemetryProps {
  /** Identifier of the RDS instance the log groups and role serve. */
  readonly instanceIdentifier: string;
  /** Account of the instance, for the role's trust condition. */
  readonly accountId: string;
  /** KMS key (ARN) of the log groups; its policy must let CloudWatch Logs use it. */
  readonly logKmsKeyArn: string;
  /**
   * Retention of the log groups, days (a CloudWatch Logs value).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Enhanced Monitoring interval, seconds; 0 creates no role.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

/** Checks the retention and monitoring interval of {@link DatabaseTelemetryProps}. */
export function checkDatabaseTelemetryProps(
  report: PropReport,
  props: Pick<
    DatabaseTelemetryProps,
    "logRetentionDays" | "monitoringIntervalSeconds"
  >,
): void {
  const checks = new PropChecks(report);
  checkLogRetentionDays(checks, "logRetentionDays", props.logRetentionDays);
  checks.oneOf(
    "monitoringIntervalSeconds",
    props.monitoringIntervalSeconds,
    MONITORING_INTERVALS_SECONDS as readonly number[],
  );
}

/**
 * What an RDS PostgreSQL instance needs to report before it exists: the log
 * groups its exports write to, and the Enhanced Monitoring role.
 *
 * The log groups must be created before the instance (depend on
 * {@link DatabaseTelemetry.logGroups}): otherwise RDS creates them on its
 * first export, unencrypted and kept forever.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
 */
export class DatabaseTelemetry extends Construct {
  /** Log groups of the exported logs, by log type. */
  public readonly logGroups: Record<PostgresLogExport, CloudwatchLogGroup>;
  /** The Enhanced Monitoring role, when monitoring is on. */
  public readonly monitoringRole?: IamRole;
  public readonly monitoringIntervalSeconds: number;

  constructor(scope: Construct, id: string, props: DatabaseTelemetryProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? 30;
    this.monitoringIntervalSeconds = props.monitoringIntervalSeconds ?? 60;
    checkDatabaseTelemetryProps(throwOnBadProp(`DatabaseTelemetry ${id}`), {
      logRetentionDays,
      monitoringIntervalSeconds: this.monitoringIntervalSeconds,
    });

    const group = (logType: PostgresLogExport) =>
      new CloudwatchLogGroup(this, `log-group-${logType}`, {
        name: `/aws/rds/instance/${props.instanceIdentifier}/${logType}`,
        retentionInDays: logRetentionDays,
        kmsKeyId: props.logKmsKeyArn,
      });
    this.logGroups = {
      postgresql: group("postgresql"),
      upgrade: group("upgrade"),
    };

    if (this.monitoringIntervalSeconds > 0) {
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html
      this.monitoringRole = new IamRole(this, "monitoring-role", {
        name: `${props.instanceIdentifier}-monitoring`,
        description: `Lets RDS Enhanced Monitoring of ${props.instanceIdentifier} publish OS metrics`,
        assumeRolePolicy: serviceTrustPolicy(
          "monitoring.rds.amazonaws.com",
          props.accountId,
        ),
      });
      new IamRolePolicyAttachment(this, "monitoring-role-policy", {
        role: this.monitoringRole.name,
        policyArn: ENHANCED_MONITORING_POLICY_ARN,
      });
    }
  }
}
