import { TerraformOutput, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { apiKeyVariable, businessAlarmSettings } from "../config/workloads";
import { TaskDefinition } from "../modules/container";
import {
  DATABASE_LOGINS,
  DatabaseConnectPolicy,
  DatabaseLoginSetup,
} from "../modules/database-access";
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
import { databaseEnvironment, DatabaseStack } from "./database-stack";
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
  /** The login setup task, when the database has a proxy. */
  public readonly loginSetup?: DatabaseLoginSetup;
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
      // The database's client side: its proxy, or the instance without one.
      databaseSecurityGroupId: props.database.clientSecurityGroupId,
      databasePort: database.port,
    });
    this.deadLetterQueue = new DeadLetterQueue(this, "dead-letters", {
      queueName: `${prefix}-jobs-dlq`,
      alarmTopicArn: topicArn,
    });

    // What every pipeline task gets: where the database is and which login
    // it connects as, with an IAM token (no password, no secret).
    const collectorDatabase = databaseEnvironment(
      props.database,
      DATABASE_LOGINS.application,
    );
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
          ...collectorDatabase,
          ...metricEnvironment(env.name, job.dataSource),
        },
        secrets: keys,
        secretKmsKeyArns:
          job.secrets.length > 0 ? [api.dataSourceSecrets.keyArn] : [],
        capacityProvider: job.capacityProvider,
        maxRetryAttempts: job.maxRetryAttempts,
        maxEventAgeSeconds: job.maxEventAgeSeconds,
        enabled: job.enabled,
        user,
      });
    }
    this.jobs = jobs;
    for (const [name, job] of Object.entries(jobs)) {
      new DatabaseConnectPolicy(this, `job-${name}-database-connect`, {
        role: job.taskDefinition.roles.taskRole.id,
        dbUserArn: props.database.dbUserArn(DATABASE_LOGINS.application),
      });
    }

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
      // The schema owner: migrations change the schema, nothing else does.
      environment: {
        ...databaseEnvironment(props.database, DATABASE_LOGINS.owner),
        ...metricEnvironment(env.name),
      },
      user,
    });
    new DatabaseConnectPolicy(this, "migration-database-connect", {
      role: this.migration.roles.taskRole.id,
      dbUserArn: props.database.dbUserArn(DATABASE_LOGINS.owner),
    });

    // ------------------------------------------------------- login setup
    // Creates the logins as the master, through the proxy with IAM only
    // (npm run migrate -- <environment> --logins); needs the proxy.
    const proxy = props.database.proxy;
    if (proxy !== undefined) {
      this.loginSetup = new DatabaseLoginSetup(this, "login-setup", {
        family: `${prefix}-database-logins`,
        accountId: env.accountId,
        region: env.region,
        repositoryArn: api.registry.repositoryArn,
        logKmsKeyArn: props.vpc.observabilityKey.arn,
        logRetentionDays: w.logRetentionDays,
        host: proxy.endpoint,
        port: Token.asString(database.port),
        databaseName: database.databaseName,
        adminUser: database.masterUsername,
        adminDbUserArn: proxy.dbUserArn(database.masterUsername),
        secretArns: {
          application: props.database.logins.secrets.application.arn,
          owner: props.database.logins.secrets.owner.arn,
        },
        secretKmsKeyArn: database.kmsKeyArn,
      });
    }

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
    // What `npm run migrate` needs to start the migration (tools/migrate/cli.ts).
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
    if (this.loginSetup !== undefined) {
      const setup = this.loginSetup.taskDefinition;
      output(
        "logins_task_definition_arn",
        setup.taskDefinitionArn,
        "Task definition of the login setup (npm run migrate -- <environment> --logins)",
      );
      output(
        "logins_container_name",
        setup.containerName,
        "Container of the login setup task",
      );
      output(
        "logins_log_group_name",
        setup.logGroup.name,
        "Log group of the login setup runs",
      );
    }
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
