import { TerraformOutput, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { apiKeyVariable, businessAlarmSettings } from "../config/workloads";
import { ContainerSecret, TaskDefinition } from "../modules/container";
import {
  BusinessAlarms,
  DeadLetterQueue,
  JOB_TASK_GROUP_PREFIX,
  JobSecurityGroup,
  metricEnvironment,
  ScheduledJob,
  TaskFailureNotification,
} from "../modules/workloads";
import { ApiStack, imageTagVariable } from "./api-stack";
import { DatabaseStack } from "./database-stack";
import { LayerStack, LayerStackProps } from "./layer-stack";
import { VpcStack } from "./vpc-stack";

/** ECS task group of a migration run (`npm run migrate` starts it with this group). */
export const MIGRATION_TASK_GROUP = "migration";

/** Properties of a {@link JobsStack}. */
export interface JobsStackProps extends LayerStackProps {
  readonly vpc: VpcStack;
  readonly database: DatabaseStack;
  /** The API stack: image registry, cluster and data-source secrets. */
  readonly api: ApiStack;
}

/**
 * `financial-pipeline-<environment>-jobs`: the pipeline's own workloads on
 * the API's cluster and image: the scheduled collectors, the one-off
 * migration task (`npm run migrate`), their security group, the schedules'
 * dead-letter queue, the failed-task notification and the business alarms.
 * Deployed after the API stack, whose registry, cluster and data-source
 * secrets it uses (docs/workloads.md says why it is a stack of its own).
 */
export class JobsStack extends LayerStack {
  public readonly imageTag: TerraformVariable;
  public readonly securityGroup: JobSecurityGroup;
  public readonly deadLetterQueue: DeadLetterQueue;
  public readonly jobs: Readonly<Record<string, ScheduledJob>>;
  public readonly migration: TaskDefinition;
  public readonly failureNotification: TaskFailureNotification;
  public readonly businessAlarms: BusinessAlarms;

  constructor(scope: Construct, props: JobsStackProps) {
    super(scope, "jobs", props);
    const env = props.environment;
    const w = env.workloads;
    const prefix = `${env.project}-${env.name}`;
    const network = props.vpc.network;
    const database = props.database.database;
    const api = props.api;
    const topicArn = props.vpc.alerts.topicArn;

    // Same variable as the API stack's: TF_VAR_image_tag sets both.
    this.imageTag = imageTagVariable(this, env.api.imageTag);
    const image = `${api.registry.repositoryUrl}:${this.imageTag.stringValue}`;
    const subnetIds = network.subnetIds("private");

    // ------------------------------------------------ network, dead letters
    this.securityGroup = new JobSecurityGroup(this, "security-group", {
      name: `${prefix}-jobs`,
      vpcId: network.vpcId,
      databaseSecurityGroupId: database.securityGroupId,
      databasePort: database.port,
    });
    this.deadLetterQueue = new DeadLetterQueue(this, "dead-letters", {
      queueName: `${prefix}-jobs-dlq`,
      alarmTopicArn: topicArn,
    });

    // What every pipeline task gets: the database and its credentials.
    const databaseEnvironment = {
      DB_HOST: database.endpointAddress,
      DB_PORT: Token.asString(database.port),
      DB_NAME: database.databaseName,
    };
    const databaseSecrets: Record<string, ContainerSecret> = {
      DB_USERNAME: { secretArn: database.masterSecretArn, jsonKey: "username" },
      DB_PASSWORD: { secretArn: database.masterSecretArn, jsonKey: "password" },
    };
    // The API's user: the same image, the same non-root user (unset: the image's).
    const user = env.api.containerUser;

    // ----------------------------------------------------------- collectors
    const jobs: Record<string, ScheduledJob> = {};
    for (const job of w.jobs) {
      const keys = Object.fromEntries(
        job.secrets.map((source) => [
          apiKeyVariable(source),
          { secretArn: api.dataSourceSecrets.secrets[source].arn },
        ]),
      );
      jobs[job.name] = new ScheduledJob(this, `job-${job.name}`, {
        jobName: job.name,
        family: `${prefix}-job-${job.name}`,
        description: job.description,
        accountId: env.accountId,
        region: env.region,
        clusterArn: api.cluster.clusterArn,
        subnetIds,
        securityGroupId: this.securityGroup.securityGroupId,
        repositoryArn: api.registry.repositoryArn,
        image,
        cpu: job.cpu,
        memoryMiB: job.memoryMiB,
        command: job.command,
        timeoutSeconds: job.timeoutSeconds,
        scheduleExpression: job.schedule,
        timeZone: job.timeZone,
        deadLetterQueueArn: this.deadLetterQueue.queueArn,
        logKmsKeyArn: props.vpc.observabilityKey.arn,
        logRetentionDays: w.logRetentionDays,
        environment: {
          ...databaseEnvironment,
          ...metricEnvironment(env.name, job.dataSource),
        },
        secrets: { ...databaseSecrets, ...keys },
        secretKmsKeyArns: [
          database.kmsKeyArn,
          ...(job.secrets.length > 0 ? [api.dataSourceSecrets.keyArn] : []),
        ],
        capacityProvider: job.capacityProvider,
        maxRetryAttempts: job.maxRetryAttempts,
        maxEventAgeSeconds: job.maxEventAgeSeconds,
        enabled: job.enabled,
        user,
      });
    }
    this.jobs = jobs;

    // ------------------------------------------------------------ migration
    this.migration = new TaskDefinition(this, "migration", {
      family: `${prefix}-migration`,
      containerName: "migration",
      accountId: env.accountId,
      region: env.region,
      repositoryArn: api.registry.repositoryArn,
      image,
      cpu: w.migration.cpu,
      memoryMiB: w.migration.memoryMiB,
      command: w.migration.command,
      timeoutSeconds: w.migration.timeoutSeconds,
      logKmsKeyArn: props.vpc.observabilityKey.arn,
      logRetentionDays: w.logRetentionDays,
      environment: { ...databaseEnvironment, ...metricEnvironment(env.name) },
      secrets: databaseSecrets,
      secretKmsKeyArns: [database.kmsKeyArn],
      user,
    });

    // ------------------------------------------------------------ alarms
    this.failureNotification = new TaskFailureNotification(
      this,
      "failed-task",
      {
        ruleName: `${prefix}-pipeline-task-failed`,
        clusterArn: api.cluster.clusterArn,
        taskGroups: [JOB_TASK_GROUP_PREFIX, MIGRATION_TASK_GROUP],
        topicArn,
      },
    );
    this.businessAlarms = new BusinessAlarms(this, "business-alarms", {
      namePrefix: prefix,
      environment: env.name,
      accountId: env.accountId,
      region: env.region,
      topicArn,
      dataSources: businessAlarmSettings(w.dataSources),
    });

    // -------------------------------------------------------------- outputs
    // What `npm run migrate` needs to start the migration (tools/migrate.ts).
    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output(
      "ecs_cluster_name",
      api.cluster.clusterName,
      "Cluster the jobs and the migration run in",
    );
    output(
      "migration_task_definition_arn",
      this.migration.taskDefinitionArn,
      "Task definition of the migration (npm run migrate -- <environment>)",
    );
    output(
      "migration_container_name",
      this.migration.containerName,
      "Container of the migration task",
    );
    output(
      "migration_log_group_name",
      this.migration.logGroup.name,
      "Log group of the migration runs",
    );
    output(
      "migration_task_group",
      MIGRATION_TASK_GROUP,
      "ECS task group of migration runs",
    );
    output(
      "task_subnet_ids",
      subnetIds,
      "Private subnets of the jobs and the migration",
    );
    output(
      "task_security_group_id",
      this.securityGroup.securityGroupId,
      "Security group of the jobs and the migration",
    );
    output(
      "dead_letter_queue_url",
      this.deadLetterQueue.queue.url,
      "Runs the scheduler could not start",
    );
    output(
      "deployed_image_tag",
      this.imageTag.stringValue,
      "Image tag the jobs and the migration run",
    );
  }
}
