import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import {
  CapacityProviderStrategyItem,
  checkCapacityProviderStrategy,
  EcsCluster,
  ON_DEMAND_ONLY,
} from "./ecs-cluster";
import { checkRuleDescription } from "./security-group-connection";
import { TaskRoles } from "./task-roles";

/** Name of the scratch volume mounted at /tmp. */
export const SCRATCH_VOLUME = "scratch";

/** An outbound rule of the tasks to IPv4 ranges. */
export interface ServiceEgressRule {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  readonly cidrBlocks: readonly string[];
  readonly description: string;
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

/** Properties of a {@link ContainerService}. */
export interface ContainerServiceProps {
  /** Service name; prefix of the task family, roles and security group. */
  readonly serviceName: string;
  readonly cluster: EcsCluster;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /** Private subnets the tasks run in (no public IP). */
  readonly subnetIds: readonly string[];
  /** ECR repository of the image (the execution role may pull from it only). */
  readonly repositoryArn: string;
  /** Full image reference, `<repository url>:<tag>`. */
  readonly image: string;
  /** Task CPU units (a Fargate size). */
  readonly cpu: number;
  /** Task memory, MiB (valid for `cpu` on Fargate). */
  readonly memoryMiB: number;
  /** Port the container listens on. */
  readonly containerPort: number;
  /** Target group the service registers its tasks in. */
  readonly targetGroupArn: string;
  /** KMS key (ARN) of the application log group. */
  readonly logKmsKeyArn: string;
  /**
   * Resources that must exist before the service (the listeners of the target group).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Tasks at creation; auto scaling owns the count afterwards (ignored on update).
   * @default 1
   */
  readonly desiredCount?: number;
  /**
   * Strategy over FARGATE and FARGATE_SPOT.
   * @default - on-demand FARGATE only
   */
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
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
   * Path of the container and target health checks.
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
   * Seconds ECS ignores failing load balancer checks after a task starts
   * (also the container check's start period, capped at its maximum of 300).
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
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
   * Allow `aws ecs execute-command`.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Retention of the application log group, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * IPv4 ranges the tasks reach on 443 (ECR, Secrets Manager, CloudWatch Logs, external APIs).
   * @default ["0.0.0.0/0"]
   */
  readonly httpsEgressCidrs?: readonly string[];
  /**
   * Further outbound rules.
   * @default - none
   */
  readonly extraEgress?: readonly ServiceEgressRule[];
  /**
   * CPU architecture of the image.
   * @default "X86_64"
   */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

/**
 * A Fargate service of one container behind a load balancer target group:
 * its encrypted log group, execution and task roles, task definition
 * (read-only root with a /tmp scratch volume, unprivileged, secrets from
 * Secrets Manager), its security group (no inbound rule of its own: callers
 * add one per peer; outbound 443 plus configured extras), and the service
 * itself with rolling zero-downtime deployments, circuit-breaker rollback
 * and a desired count that Terraform sets once and auto scaling owns.
 */
export class ContainerService extends Construct {
  /** Name of the container in the task definition. */
  public readonly containerName = "api";
  public readonly logGroup: CloudwatchLogGroup;
  public readonly roles: TaskRoles;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly service: EcsService;
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    const desiredCount = props.desiredCount ?? 1;
    const strategy = props.capacityProviderStrategy ?? ON_DEMAND_ONLY;
    const healthCheckPath = props.healthCheckPath ?? "/health";
    const gracePeriodSeconds = props.healthCheckGracePeriodSeconds ?? 60;
    const healthCheckCommand =
      props.healthCheckCommand ??
      `curl -f http://localhost:${props.containerPort}${healthCheckPath} || exit 1`;
    const readonlyRootFilesystem = props.readonlyRootFilesystem ?? true;
    const enableExecuteCommand = props.enableExecuteCommand ?? false;
    const where = `ContainerService ${id}`;
    if (!Number.isInteger(desiredCount) || desiredCount < 0) {
      throw new Error(
        `${where}: desiredCount = ${desiredCount}: must be a whole number >= 0`,
      );
    }
    if (!healthCheckPath.startsWith("/")) {
      throw new Error(
        `${where}: healthCheckPath = "${healthCheckPath}": must start with "/"`,
      );
    }
    if (readonlyRootFilesystem && enableExecuteCommand) {
      throw new Error(
        `${where}: readonlyRootFilesystem = true: ECS Exec (enableExecuteCommand) needs a writable root filesystem`,
      );
    }
    if (props.subnetIds.length === 0) {
      throw new Error(`${where}: subnetIds is empty`);
    }
    checkCapacityProviderStrategy(
      `${where}: capacityProviderStrategy`,
      strategy,
    );
    (props.extraEgress ?? []).forEach((rule, i) =>
      checkRuleDescription(
        `${where}: extraEgress[${i}].description`,
        rule.description,
      ),
    );

    // ------------------------------------------------------ logs and roles
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/ecs/${props.serviceName}`,
      retentionInDays: props.logRetentionDays ?? 30,
      kmsKeyId: props.logKmsKeyArn,
    });
    const secrets = Object.entries(props.secrets ?? {});
    this.roles = new TaskRoles(this, "roles", {
      namePrefix: props.serviceName,
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
      portMappings: [
        {
          name: "http",
          containerPort: props.containerPort,
          hostPort: props.containerPort,
          protocol: "tcp",
        },
      ],
      healthCheck: {
        command: ["CMD-SHELL", healthCheckCommand],
        interval: props.healthCheckIntervalSeconds ?? 30,
        timeout: 5,
        retries: props.healthCheckRetries ?? 3,
        startPeriod: Math.min(gracePeriodSeconds, 300),
      },
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
      family: props.serviceName,
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

    // ------------------------------------------------------- security group
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.serviceName}-tasks`,
      description: `Tasks of ${props.serviceName}: inbound from named peers only, outbound HTTPS and listed ports`,
      vpcId: props.vpcId,
      tags: { Name: `${props.serviceName}-tasks` },
    });
    this.securityGroupId = this.securityGroup.id;
    (props.httpsEgressCidrs ?? ["0.0.0.0/0"]).forEach((cidr, i) => {
      new VpcSecurityGroupEgressRule(this, `egress-https-${i}`, {
        securityGroupId: this.securityGroup.id,
        description: `HTTPS to ${cidr}: ECR, Secrets Manager, CloudWatch Logs and external market-data APIs`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });
    (props.extraEgress ?? []).forEach((rule, i) => {
      rule.cidrBlocks.forEach((cidr, j) => {
        new VpcSecurityGroupEgressRule(this, `egress-extra-${i}-${j}`, {
          securityGroupId: this.securityGroup.id,
          description: rule.description,
          ipProtocol: rule.protocol,
          fromPort: rule.port,
          toPort: rule.port,
          cidrIpv4: cidr,
        });
      });
    });

    // -------------------------------------------------------------- service
    this.service = new EcsService(this, "service", {
      name: props.serviceName,
      cluster: props.cluster.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount,
      capacityProviderStrategy: strategy.map((s) => ({
        capacityProvider: s.capacityProvider,
        base: s.base,
        weight: s.weight,
      })),
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [this.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: [
        {
          targetGroupArn: props.targetGroupArn,
          containerName: this.containerName,
          containerPort: props.containerPort,
        },
      ],
      healthCheckGracePeriodSeconds: gracePeriodSeconds,
      // Zero downtime: new tasks start beside the old ones; a failing rollout rolls back.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: "ECS" },
      enableExecuteCommand,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      // The task definition names the roles by ARN only: without these, the
      // first tasks can start before the execution role may pull the image or
      // read the secret, and the circuit breaker fails the first deployment.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
      dependsOn: [
        props.cluster.capacityProviders,
        this.roles.executionPolicy,
        ...this.roles.taskPolicies,
        ...(props.dependsOn ?? []),
      ],
      // Auto scaling changes the count; Terraform must not reset it on every apply.
      lifecycle: { ignoreChanges: ["desired_count"] },
    });
    this.serviceName = this.service.name;
  }
}
