/**
 * What `npm run migrate` starts, read from the jobs stack's outputs: the
 * migration task, or the login setup task (`--logins`).
 */
import { CommandOutput } from "../command-line";
import { runStateCommand } from "../state";

/** Reads a stack's outputs as `{ name: value }`. */
export type OutputReader = (
  stack: string,
  stateArgs: readonly string[],
) => Promise<Record<string, unknown>>;

/** A one-off task of the jobs stack and where it runs. */
export interface TaskTarget {
  readonly cluster: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  readonly logGroupName: string;
  readonly taskGroup: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
}

/** Which one-off task: the migration (alembic) or the login setup (logins SQL). */
export type TaskKind = "migration" | "logins";

/** Reads the outputs through `npm run state -- output <stack> --json`. */
export const readOutputs: OutputReader = async (stack, stateArgs) => {
  const result: CommandOutput = await runStateCommand([
    "output",
    stack,
    "--json",
    ...stateArgs,
  ]);
  if (result.code !== 0)
    throw new Error(
      `could not read the outputs of ${stack}: ${result.stderr.trim()}`,
    );
  const parsed = JSON.parse(result.stdout) as Record<
    string,
    { value: unknown }
  >;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, o]) => [name, o.value]),
  );
};

/** What each kind of task is missing when its outputs are: the hint for the one line. */
const MISSING_HINT: Readonly<Record<TaskKind, string>> = {
  migration: "deploy the stack (npm run deploy) first",
  logins:
    "the login setup exists only with the database proxy (database.proxy.enabled); deploy the database and jobs stacks first",
};

/**
 * Picks a one-off task's settings out of the jobs stack's outputs (the
 * `migration_*` outputs, or `logins_*` for the login setup, both in the
 * migration task group); names a missing one.
 */
export function taskTarget(
  stack: string,
  outputs: Record<string, unknown>,
  kind: TaskKind = "migration",
): TaskTarget {
  const text = (name: string): string => {
    const value = outputs[name];
    if (typeof value !== "string" || value === "")
      throw new Error(
        `${stack} has no output "${name}": ${MISSING_HINT[kind]}`,
      );
    return value;
  };
  const cluster = text("ecs_cluster_name");
  const taskDefinitionArn = text(`${kind}_task_definition_arn`);
  const containerName = text(`${kind}_container_name`);
  const logGroupName = text(`${kind}_log_group_name`);
  const taskGroup = text("migration_task_group");
  const securityGroupId = text("task_security_group_id");
  const subnets = outputs.task_subnet_ids;
  if (!Array.isArray(subnets) || subnets.length === 0)
    throw new Error(
      `${stack} has no output "task_subnet_ids": deploy the stack first`,
    );
  return {
    cluster,
    taskDefinitionArn,
    containerName,
    logGroupName,
    taskGroup,
    subnetIds: subnets.map(String),
    securityGroupId,
  };
}

/** The migration's settings out of the jobs stack's outputs. */
export function migrationTarget(
  stack: string,
  outputs: Record<string, unknown>,
): TaskTarget {
  return taskTarget(stack, outputs, "migration");
}
