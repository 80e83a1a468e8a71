/**
 * One run of a one-off ECS task (the migration or the login setup): start
 * it, wait until it has stopped, collect its exit code and last log lines.
 */
import { AwsCli } from "./aws-cli";
import { TaskTarget } from "./targets";

/** How a run ended. */
export interface TaskResult {
  readonly taskArn: string;
  /** Container exit code; undefined when the container never ran. */
  readonly exitCode?: number;
  readonly stoppedReason: string;
  readonly logLines: readonly string[];
}

/** How to wait and what to collect. */
export interface TaskRunOptions {
  readonly pollSeconds: number;
  readonly maxWaitSeconds: number;
  readonly logLines: number;
  /** ECS `startedBy`, e.g. `npm-run-migrate`. */
  readonly startedBy: string;
  readonly progress?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface EcsTask {
  taskArn: string;
  lastStatus?: string;
  stoppedReason?: string;
  stopCode?: string;
  containers?: { name?: string; exitCode?: number; reason?: string }[];
}

// ------------------------------------------------------------------ start
async function startTask(
  target: TaskTarget,
  aws: AwsCli,
  startedBy: string,
): Promise<EcsTask> {
  const network = JSON.stringify({
    awsvpcConfiguration: {
      subnets: target.subnetIds,
      securityGroups: [target.securityGroupId],
      assignPublicIp: "DISABLED",
    },
  });
  const started = (await aws([
    "ecs",
    "run-task",
    "--cluster",
    target.cluster,
    "--task-definition",
    target.taskDefinitionArn,
    "--launch-type",
    "FARGATE",
    "--group",
    target.taskGroup,
    "--started-by",
    startedBy,
    "--network-configuration",
    network,
  ])) as { tasks?: EcsTask[]; failures?: { arn?: string; reason?: string }[] };
  const task = started.tasks?.[0];
  if (!task) {
    const why = (started.failures ?? [])
      .map((f) => `${f.reason ?? "unknown"}${f.arn ? ` (${f.arn})` : ""}`)
      .join("; ");
    throw new Error(
      `ECS did not start the ${target.containerName} task: ${why || "no task and no failure returned"}`,
    );
  }
  return task;
}

// ------------------------------------------------------------------- wait
async function waitUntilStopped(
  target: TaskTarget,
  aws: AwsCli,
  task: EcsTask,
  options: TaskRunOptions,
): Promise<EcsTask> {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const progress = options.progress ?? (() => undefined);
  const deadline = Date.now() + options.maxWaitSeconds * 1000;
  let current: EcsTask = task;
  let last = "";
  for (;;) {
    const described = (await aws([
      "ecs",
      "describe-tasks",
      "--cluster",
      target.cluster,
      "--tasks",
      task.taskArn,
    ])) as { tasks?: EcsTask[] };
    current = described.tasks?.[0] ?? current;
    if (current.lastStatus !== last) {
      last = current.lastStatus ?? "";
      progress(`status ${last}`);
    }
    if (current.lastStatus === "STOPPED") return current;
    if (Date.now() >= deadline)
      throw new Error(
        `the ${target.containerName} task ${task.taskArn} had not stopped after ${options.maxWaitSeconds} s (status ${last}); it keeps running: aws ecs stop-task --cluster ${target.cluster} --task ${task.taskArn}`,
      );
    await sleep(options.pollSeconds * 1000);
  }
}

// ------------------------------------------------------------------- logs
async function lastLogLines(
  target: TaskTarget,
  aws: AwsCli,
  taskArn: string,
  count: number,
): Promise<string[]> {
  const taskId = taskArn.split("/").pop();
  // awslogs stream name: <stream prefix>/<container name>/<task id>; the prefix is the container name.
  const stream = `${target.containerName}/${target.containerName}/${taskId}`;
  try {
    const events = (await aws([
      "logs",
      "get-log-events",
      "--log-group-name",
      target.logGroupName,
      "--log-stream-name",
      stream,
      "--limit",
      String(count),
      "--no-start-from-head",
    ])) as { events?: { message?: string }[] };
    return (events.events ?? []).map((e) => e.message ?? "");
  } catch (error) {
    return [`(no log lines: ${(error as Error).message})`];
  }
}

/** Starts the task, waits for it to stop and collects its exit code and log lines. */
export async function runOneOffTask(
  target: TaskTarget,
  aws: AwsCli,
  options: TaskRunOptions,
): Promise<TaskResult> {
  const task = await startTask(target, aws, options.startedBy);
  (options.progress ?? (() => undefined))(`started ${task.taskArn}`);
  const stopped = await waitUntilStopped(target, aws, task, options);
  const container =
    stopped.containers?.find((c) => c.name === target.containerName) ??
    stopped.containers?.[0];
  return {
    taskArn: task.taskArn,
    exitCode:
      typeof container?.exitCode === "number" ? container.exitCode : undefined,
    stoppedReason: [stopped.stopCode, stopped.stoppedReason, container?.reason]
      .filter((s) => s !== undefined && s !== "")
      .join(": "),
    logLines: await lastLogLines(target, aws, task.taskArn, options.logLines),
  };
}
