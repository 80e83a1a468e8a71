import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Construct } from "constructs";
import {
  checkTaskDefinitionProps,
  ContainerSecret,
  TaskDefinition,
} from "../container/task-definition";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, serviceTrustPolicy } from "../security/policy";
import { checkScheduleExpression, isTimeZone } from "./schedule";

/** Prefix of the ECS task group of a scheduled run: `collector:<job name>`. */
export const JOB_TASK_GROUP_PREFIX = "collector:";
/** Longest IAM role name. */
const MAX_ROLE_NAME = 64;
/**
 * Names of jobs and data sources: they end up in task group, secret, role
 * and alarm names (at most 18 characters keeps `<prefix>-job-<name>-execution`
 * within IAM's 64).
 */
export const WORKLOAD_NAME_PATTERN = /^[a-z][a-z0-9-]{0,16}[a-z0-9]$/;
const DEFAULT_MAX_RETRY_ATTEMPTS = 2;
const DEFAULT_MAX_EVENT_AGE_SECONDS = 3600;

/** Properties of a {@link ScheduledJob}. */
export interface ScheduledJobProps {
  /** The job's name: ECS task group `collector:<name>`. */
  readonly jobName: string;
  /** Task family and schedule name; prefix of the roles, log group `/ecs/<family>`. */
  readonly family: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Cluster the runs are started in. */
  readonly clusterArn: string;
  /** Private subnets of the runs (no public IP). */
  readonly subnetIds: readonly string[];
  /** Security group of the runs. */
  readonly securityGroupId: string;
  /** ECR repository of the image. */
  readonly repositoryArn: string;
  /** Full image reference, `<repository url>:<tag>`. */
  readonly image: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly command: readonly string[];
  /** A run is stopped after this many seconds (exit code 124). */
  readonly timeoutSeconds: number;
  /** EventBridge Scheduler expression, `cron(...)` or `rate(...)`. */
  readonly scheduleExpression: string;
  /** IANA time zone of the expression. */
  readonly timeZone: string;
  /** Queue of the runs the scheduler could not start. */
  readonly deadLetterQueueArn: string;
  /** KMS key of the log group. */
  readonly logKmsKeyArn: string;
  /**
   * Plain environment variables.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Variables filled from Secrets Manager at start: exactly the job's own.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;
  /**
   * KMS keys of those secrets.
   * @default - none
   */
  readonly secretKmsKeyArns?: readonly string[];
  /**
   * Fargate capacity of the runs.
   * @default "FARGATE"
   */
  readonly capacityProvider?: "FARGATE" | "FARGATE_SPOT";
  /**
   * Retries when a run cannot be started.
   * @default 2
   */
  readonly maxRetryAttempts?: number;
  /**
   * Give up starting a run this many seconds after it was due.
   * @default 3600
   */
  readonly maxEventAgeSeconds?: number;
  /**
   * Create the schedule ENABLED.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Retention of the job's log group, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Mount the root filesystem read-only (a writable /tmp is mounted).
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Run the container as `uid[:gid]`.
   * @default - the image's user
   */
  readonly user?: string;
}

/**
 * Checks {@link ScheduledJobProps} as EventBridge Scheduler and ECS would,
 * the task definition's props included, and that a run ends (its timeout)
 * before the schedule's next one can start. Props left undefined (their
 * default applies) are skipped.
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
 */
export function checkScheduledJobProps(
  report: PropReport,
  props: Partial<ScheduledJobProps>,
): void {
  const checks = new PropChecks(report);
  checks.matches(
    "jobName",
    props.jobName,
    WORKLOAD_NAME_PATTERN,
    "must be 2-18 lower-case letters, digits and dashes, starting with a letter",
  );
  checkTaskDefinitionProps(report, props);
  checks.check(
    "timeZone",
    props.timeZone,
    isTimeZone,
    "is not an IANA time zone (e.g. Africa/Johannesburg)",
  );
  const expression = props.scheduleExpression;
  const interval = checkScheduleExpression(
    checks,
    "scheduleExpression",
    expression,
  )?.minIntervalSeconds;
  if (interval !== undefined)
    checks.check(
      "timeoutSeconds",
      props.timeoutSeconds,
      (timeout) => timeout <= interval!,
      `is longer than the shortest interval of ${expression} (${interval} s): a run could still be going when the next one starts`,
    );
  checks.oneOf(
    "capacityProvider",
    props.capacityProvider,
    ["FARGATE", "FARGATE_SPOT"],
    'must be "FARGATE" or "FARGATE_SPOT"',
  );
  // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
  checks.check(
    "maxRetryAttempts",
    props.maxRetryAttempts,
    (n) => Number.isInteger(n) && n >= 0 && n <= 185,
    "must be 0-185",
  );
  checks.check(
    "maxEventAgeSeconds",
    props.maxEventAgeSeconds,
    (n) => Number.isInteger(n) && n >= 60 && n <= 86400,
    "must be 60-86400",
  );
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length > 0,
    "is empty",
  );
  checks.check(
    "family",
    props.family,
    (family) => `${family}-execution`.length <= MAX_ROLE_NAME,
    `role name ${props.family}-execution is longer than ${MAX_ROLE_NAME} characters`,
  );
}

/**
 * A collector run on a schedule: a Fargate task definition of the pipeline
 * image running the job's command under a timeout, with an execution role
 * that reaches only the job's secrets and a task role of its own (no
 * permissions: metrics leave through the log driver), and an EventBridge
 * Scheduler schedule in the job's time zone that starts one task per run
 * with retries and a dead-letter queue, through a role that may start only
 * this task definition in this cluster.
 */
export class ScheduledJob extends Construct {
  public readonly taskDefinition: TaskDefinition;
  public readonly schedulerRole: IamRole;
  public readonly schedule: SchedulerSchedule;
  /** ECS task group of the runs (`collector:<name>`), in the task state change events. */
  public readonly taskGroup: string;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const maxRetryAttempts =
      props.maxRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
    const maxEventAgeSeconds =
      props.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS;
    checkScheduledJobProps(throwOnBadProp(`ScheduledJob ${props.jobName}`), {
      ...props,
      maxRetryAttempts,
      maxEventAgeSeconds,
    });
    this.taskGroup = `${JOB_TASK_GROUP_PREFIX}${props.jobName}`;

    // ------------------------------------------------------ task definition
    this.taskDefinition = new TaskDefinition(this, "task", {
      family: props.family,
      containerName: "job",
      accountId: props.accountId,
      region: props.region,
      repositoryArn: props.repositoryArn,
      image: props.image,
      cpu: props.cpu,
      memoryMiB: props.memoryMiB,
      command: props.command,
      timeoutSeconds: props.timeoutSeconds,
      logKmsKeyArn: props.logKmsKeyArn,
      environment: props.environment,
      secrets: props.secrets,
      secretKmsKeyArns: props.secretKmsKeyArns,
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      user: props.user,
      logRetentionDays: props.logRetentionDays,
    });
    const roles = this.taskDefinition.roles;

    // ------------------------------------------------------- scheduler role
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    this.schedulerRole = new IamRole(this, "scheduler-role", {
      name: `${props.family}-scheduler`,
      description: `EventBridge Scheduler: starts ${props.family} tasks`,
      assumeRolePolicy: serviceTrustPolicy(
        "scheduler.amazonaws.com",
        props.accountId,
      ),
    });
    const schedulerPolicy = new IamRolePolicy(this, "scheduler-policy", {
      name: "run-task",
      role: this.schedulerRole.id,
      policy: policyDocument([
        {
          Sid: "RunThisTaskDefinitionInThisCluster",
          Effect: "Allow",
          Action: "ecs:RunTask",
          Resource: `arn:aws:ecs:${props.region}:${props.accountId}:task-definition/${props.family}:*`,
          Condition: { ArnEquals: { "ecs:cluster": props.clusterArn } },
        },
        {
          Sid: "TagTheTasksItStarts",
          Effect: "Allow",
          Action: "ecs:TagResource",
          Resource: `arn:aws:ecs:${props.region}:${props.accountId}:task/*`,
          Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
        },
        {
          Sid: "PassTheTaskRoles",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: [roles.executionRole.arn, roles.taskRole.arn],
          Condition: {
            StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
          },
        },
        {
          Sid: "DeadLetters",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: props.deadLetterQueueArn,
        },
      ]),
    });

    // ------------------------------------------------------------- schedule
    const capacityProvider = props.capacityProvider ?? "FARGATE";
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: props.family,
      description: props.description,
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: props.timeZone,
      state: props.enabled === false ? "DISABLED" : "ENABLED",
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: props.clusterArn,
        roleArn: this.schedulerRole.arn,
        deadLetterConfig: { arn: props.deadLetterQueueArn },
        retryPolicy: {
          maximumRetryAttempts: maxRetryAttempts,
          maximumEventAgeInSeconds: maxEventAgeSeconds,
        },
        ecsParameters: {
          taskDefinitionArn: this.taskDefinition.taskDefinitionArn,
          taskCount: 1,
          group: this.taskGroup,
          platformVersion: "LATEST",
          capacityProviderStrategy: [{ capacityProvider, base: 0, weight: 1 }],
          networkConfiguration: {
            subnets: [...props.subnetIds],
            securityGroups: [props.securityGroupId],
            assignPublicIp: false,
          },
          enableEcsManagedTags: true,
          propagateTags: "TASK_DEFINITION",
        },
      },
      // The first run must not find the role without its policy.
      dependsOn: [schedulerPolicy, roles.executionPolicy],
    });
  }
}
