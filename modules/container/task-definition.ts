import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkLogRetentionDays } from "../observability/log-retention";
import { TaskRoles } from "./task-roles";

/** Name of the scratch volume mounted at /tmp. */
export const SCRATCH_VOLUME = "scratch";
/** Longest container health check start period ECS accepts, seconds. */
export const MAX_HEALTH_CHECK_START_PERIOD_SECONDS = 300;
const DEFAULT_READONLY_ROOT_FILESYSTEM = true;

/**
 * Memory (MiB) Fargate accepts for each task CPU value:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const FARGATE_MEMORY_BY_CPU: Readonly<
  Record<number, readonly number[]>
> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** A secret injected as an environment variable at task start. */
export interface ContainerSecret {
  /** ARN of the Secrets Manager secret. */
  readonly secretArn: string;
  /**
   * JSON key inside the secret.
   * @default - the whole secret string
   */
  readonly jsonKey?: string;
}

/** What runs in the task; shared by {@link TaskDefinitionProps} and `ContainerServiceProps`. */
export interface TaskDefinitionOptions {
  /** ECR repository of the image (the execution role may pull from it only). */
  readonly repositoryArn: string;
  /** Full image reference, `<repository url>:<tag>`. */
  readonly image: string;
  /** Task CPU units (a Fargate size). */
  readonly cpu: number;
  /** Task memory, MiB (valid for `cpu` on Fargate). */
  readonly memoryMiB: number;
  /**
   * Port the container listens on (a port mapping and the HTTP health check).
   * @default - none: a batch task without port mapping or health check
   */
  readonly containerPort?: number;
  /** KMS key (ARN) of the application log group. */
  readonly logKmsKeyArn: string;
  /**
   * Plain environment variables (never credentials).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Variables filled from Secrets Manager at task start.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;
  /**
   * KMS keys of those secrets (the execution role may decrypt through Secrets Manager).
   * @default - none
   */
  readonly secretKmsKeyArns?: readonly string[];
  /**
   * Path the container health check requests.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds between container health checks.
   * @default 30
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Failed container checks before the container is unhealthy.
   * @default 3
   */
  readonly healthCheckRetries?: number;
  /**
   * Container health check command (run by a shell in the container).
   * @default - `curl -f http://localhost:<port><path> || exit 1` (the image must contain curl)
   */
  readonly healthCheckCommand?: string;
  /**
   * Mount the root filesystem read-only (incompatible with ECS Exec).
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Run the container as `uid[:gid]`.
   * @default - the image's user
   */
  readonly user?: string;
  /**
   * Give the task role what `aws ecs execute-command` needs.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Retention of the application log group, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * CPU architecture of the image.
   * @default "X86_64"
   */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

/** Properties of a {@link TaskDefinition}. */
export interface TaskDefinitionProps extends TaskDefinitionOptions {
  /** Task family; prefix of the role names, log group `/ecs/<family>`. */
  readonly family: string;
  /** Account of the tasks (role trust condition). */
  readonly accountId: string;
  /** Region of the tasks and of the log group. */
  readonly region: string;
  /**
   * Name of the one container.
   * @default "api"
   */
  readonly containerName?: string;
  /**
   * Seconds after start during which failed container checks do not count.
   * @default 60
   */
  readonly healthCheckStartPeriodSeconds?: number;
  /**
   * Command of the container.
   * @default - the image's CMD
   */
  readonly command?: readonly string[];
  /**
   * Stop the command after this many seconds: the container runs it under
   * coreutils `timeout` (the image's entrypoint is replaced), which sends
   * SIGTERM, then SIGKILL 30 s later, and exits with 124. ECS itself has no
   * maximum run time for a task.
   * @default - no limit, the image's entrypoint
   */
  readonly timeoutSeconds?: number;
}

/** Seconds `timeout` waits after SIGTERM before it sends SIGKILL. */
export const TIMEOUT_KILL_AFTER_SECONDS = 30;

/**
 * Checks {@link TaskDefinitionProps} as ECS Fargate would. Props left
 * undefined (their default applies) are skipped.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
export function checkTaskDefinitionProps(
  report: PropReport,
  props: Partial<TaskDefinitionProps>,
): void {
  const checks = new PropChecks(report);
  checks.oneOf(
    "cpu",
    props.cpu,
    Object.keys(FARGATE_MEMORY_BY_CPU).map(Number),
    `must be a Fargate CPU value (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})`,
  );
  const memories =
    props.cpu === undefined ? undefined : FARGATE_MEMORY_BY_CPU[props.cpu];
  if (memories !== undefined) {
    checks.oneOf(
      "memoryMiB",
      props.memoryMiB,
      memories,
      `is not a memory size Fargate accepts with cpu ${props.cpu} (${memories[0]}-${memories[memories.length - 1]} in steps of ${memories[1] - memories[0]})`,
    );
  }
  checks.wholeNumber("containerPort", props.containerPort, 1, 65535);
  checks.httpPath("healthCheckPath", props.healthCheckPath);
  checks.wholeNumber(
    "healthCheckIntervalSeconds",
    props.healthCheckIntervalSeconds,
    5,
    300,
  );
  checks.wholeNumber("healthCheckRetries", props.healthCheckRetries, 1, 10);
  checks.wholeNumber(
    "healthCheckStartPeriodSeconds",
    props.healthCheckStartPeriodSeconds,
    0,
    MAX_HEALTH_CHECK_START_PERIOD_SECONDS,
  );
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html: the SSM agent writes to the root filesystem.
  checks.check(
    "readonlyRootFilesystem",
    props.enableExecuteCommand
      ? (props.readonlyRootFilesystem ?? DEFAULT_READONLY_ROOT_FILESYSTEM)
      : undefined,
    (readonly) => !readonly,
    "cannot be true while enableExecuteCommand is true (ECS Exec needs a writable root filesystem)",
  );
  checkLogRetentionDays(checks, "logRetentionDays", props.logRetentionDays);
  checks.check(
    "command",
    props.command,
    (command) =>
      Array.isArray(command) &&
      command.length > 0 &&
      command.every((part) => typeof part === "string" && part !== ""),
    "must be a non-empty list of non-empty strings",
  );
  checks.wholeNumber("timeoutSeconds", props.timeoutSeconds, 1);
}

/**
 * A Fargate task definition of one container, with what it needs to start:
 * its KMS-encrypted log group, and its execution and task roles
 * ({@link TaskRoles}). The container has a read-only root filesystem with a
 * writable /tmp scratch volume, is unprivileged, gets its credentials from
 * Secrets Manager through `secrets`, and checks its own health.
 */
export class TaskDefinition extends Construct {
  /** Name of the container in the task definition. */
  public readonly containerName: string;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly roles: TaskRoles;
  public readonly taskDefinition: EcsTaskDefinition;
  /** ARN of the revision this synthesis creates. */
  public readonly taskDefinitionArn: string;

  constructor(scope: Construct, id: string, props: TaskDefinitionProps) {
    super(scope, id);
    this.containerName = props.containerName ?? "api";
    const healthCheckPath = props.healthCheckPath ?? "/health";
    const port = props.containerPort;
    const healthCheckCommand =
      props.healthCheckCommand ??
      `curl -f http://localhost:${port}${healthCheckPath} || exit 1`;
    const startPeriodSeconds = props.healthCheckStartPeriodSeconds ?? 60;
    const readonlyRootFilesystem =
      props.readonlyRootFilesystem ?? DEFAULT_READONLY_ROOT_FILESYSTEM;
    const enableExecuteCommand = props.enableExecuteCommand ?? false;
    checkTaskDefinitionProps(throwOnBadProp(`TaskDefinition ${props.family}`), {
      ...props,
      healthCheckPath,
      healthCheckStartPeriodSeconds: startPeriodSeconds,
      readonlyRootFilesystem,
      enableExecuteCommand,
    });

    // ------------------------------------------------------ logs and roles
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/ecs/${props.family}`,
      retentionInDays: props.logRetentionDays ?? 30,
      kmsKeyId: props.logKmsKeyArn,
    });
    const secrets = Object.entries(props.secrets ?? {});
    this.roles = new TaskRoles(this, "roles", {
      namePrefix: props.family,
      accountId: props.accountId,
      region: props.region,
      repositoryArn: props.repositoryArn,
      logGroupArn: this.logGroup.arn,
      secretArns: [...new Set(secrets.map(([, s]) => s.secretArn))],
      secretKmsKeyArns: props.secretKmsKeyArns,
      enableExecuteCommand,
    });

    // ------------------------------------------------------ task definition
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
    const container = {
      name: this.containerName,
      image: props.image,
      essential: true,
      ...(props.timeoutSeconds !== undefined
        ? {
            entryPoint: [
              "timeout",
              `--kill-after=${TIMEOUT_KILL_AFTER_SECONDS}`,
              String(props.timeoutSeconds),
            ],
          }
        : {}),
      ...(props.command !== undefined ? { command: [...props.command] } : {}),
      ...(port !== undefined
        ? {
            portMappings: [
              {
                name: "http",
                containerPort: port,
                hostPort: port,
                protocol: "tcp",
              },
            ],
            healthCheck: {
              command: ["CMD-SHELL", healthCheckCommand],
              interval: props.healthCheckIntervalSeconds ?? 30,
              timeout: 5,
              retries: props.healthCheckRetries ?? 3,
              startPeriod: startPeriodSeconds,
            },
          }
        : {}),
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": this.logGroup.name,
          "awslogs-region": props.region,
          "awslogs-stream-prefix": this.containerName,
        },
      },
      environment: Object.entries(props.environment ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      // `<arn>:<json key>::` selects one key of a JSON secret:
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
      secrets: secrets
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, s]) => ({
          name,
          valueFrom: s.jsonKey ? `${s.secretArn}:${s.jsonKey}::` : s.secretArn,
        })),
      readonlyRootFilesystem,
      mountPoints: [
        {
          sourceVolume: SCRATCH_VOLUME,
          containerPath: "/tmp",
          readOnly: false,
        },
      ],
      privileged: false,
      ...(props.user ? { user: props.user } : {}),
      // An init process reaps zombies and forwards signals (graceful shutdown, ECS Exec sessions).
      linuxParameters: { initProcessEnabled: true },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      executionRoleArn: this.roles.executionRole.arn,
      taskRoleArn: this.roles.taskRole.arn,
      runtimePlatform: {
        operatingSystemFamily: "LINUX",
        cpuArchitecture: props.cpuArchitecture ?? "X86_64",
      },
      // Task-scoped ephemeral storage: the only writable path when the root is read-only.
      volume: [{ name: SCRATCH_VOLUME }],
      containerDefinitions: JSON.stringify([container]),
    });
    this.taskDefinitionArn = this.taskDefinition.arn;
  }
}
