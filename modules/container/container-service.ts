import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { parseCidr } from "../network/cidr";
import { checkRuleDescription } from "../security/security-group-connection";
import {
  CapacityProviderStrategyItem,
  checkCapacityProviderStrategy,
  EcsCluster,
  ON_DEMAND_ONLY,
} from "./ecs-cluster";
import {
  checkTaskDefinitionProps,
  MAX_HEALTH_CHECK_START_PERIOD_SECONDS,
  TaskDefinition,
  TaskDefinitionOptions,
} from "./task-definition";

/** An outbound rule of the tasks beyond 443, one per destination range. */
export interface ServiceEgressRule {
  /** Destination port. */
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  /** IPv4 destinations, one rule each. */
  readonly cidrBlocks: readonly string[];
  /** Why the port is open; becomes the rule's description. */
  readonly description: string;
}

/** Properties of a {@link ContainerService}; what runs is {@link TaskDefinitionOptions}. */
export interface ContainerServiceProps extends TaskDefinitionOptions {
  /** Port the container listens on; the target group forwards to it. */
  readonly containerPort: number;
  /** Service name; the task family and prefix of the roles and security group. */
  readonly serviceName: string;
  readonly cluster: EcsCluster;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /** Private subnets the tasks run in (no public IP). */
  readonly subnetIds: readonly string[];
  /** Target group the service registers its tasks in. */
  readonly targetGroupArn: string;
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
   * Seconds ECS ignores failing load balancer checks after a task starts
   * (also the container check's start period, capped at its maximum of 300).
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
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
}

/**
 * Checks {@link ContainerServiceProps}, including what runs
 * ({@link checkTaskDefinitionProps}). Props left undefined (their default
 * applies) are skipped.
 */
export function checkContainerServiceProps(
  report: PropReport,
  props: Partial<ContainerServiceProps>,
): void {
  const checks = new PropChecks(report);
  checkTaskDefinitionProps(report, props);
  checks.wholeNumber("desiredCount", props.desiredCount, 0);
  checks.check(
    "subnetIds",
    props.subnetIds,
    (ids) => ids.length > 0,
    "must name at least one subnet",
  );
  checkCapacityProviderStrategy(
    report,
    "capacityProviderStrategy",
    props.capacityProviderStrategy,
  );
  checks.wholeNumber(
    "healthCheckGracePeriodSeconds",
    props.healthCheckGracePeriodSeconds,
    0,
    2147483647,
  );
  (props.extraEgress ?? []).forEach((rule, i) => {
    const at = `extraEgress[${i}]`;
    checks.wholeNumber(`${at}.port`, rule.port, 1, 65535);
    checks.check(
      `${at}.cidrBlocks`,
      rule.cidrBlocks,
      (blocks) => blocks.length > 0,
      "must name at least one destination",
    );
    rule.cidrBlocks.forEach((cidr, j) =>
      checks.check(
        `${at}.cidrBlocks[${j}]`,
        cidr,
        (text) => parseCidr(text) !== undefined,
        "must be an IPv4 CIDR block",
      ),
    );
    checkRuleDescription(report, `${at}.description`, rule.description);
  });
}

/**
 * A Fargate service of one container behind a load balancer target group:
 * its {@link TaskDefinition} (log group, execution and task roles, the
 * container), its security group (no inbound rule of its own: callers add
 * one per peer; outbound 443 plus configured extras), and the service itself
 * with rolling zero-downtime deployments, circuit-breaker rollback and a
 * desired count that Terraform sets once and auto scaling owns.
 */
export class ContainerService extends Construct {
  /** Name of the container in the task definition. */
  public readonly containerName: string;
  public readonly taskDefinition: TaskDefinition;
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;
  public readonly service: EcsService;
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    const desiredCount = props.desiredCount ?? 1;
    const strategy = props.capacityProviderStrategy ?? ON_DEMAND_ONLY;
    const gracePeriodSeconds = props.healthCheckGracePeriodSeconds ?? 60;
    const enableExecuteCommand = props.enableExecuteCommand ?? false;
    checkContainerServiceProps(throwOnBadProp(`ContainerService ${id}`), {
      ...props,
      desiredCount,
      capacityProviderStrategy: strategy,
      healthCheckGracePeriodSeconds: gracePeriodSeconds,
      enableExecuteCommand,
    });

    // ------------------------------------------------------ task definition
    // Id "Default" is left out of Terraform addresses: the log group, roles
    // and task definition keep the addresses they had when this construct
    // created them itself, so moving them here replaces nothing.
    this.taskDefinition = new TaskDefinition(this, "Default", {
      family: props.serviceName,
      accountId: props.accountId,
      region: props.region,
      repositoryArn: props.repositoryArn,
      image: props.image,
      cpu: props.cpu,
      memoryMiB: props.memoryMiB,
      containerPort: props.containerPort,
      logKmsKeyArn: props.logKmsKeyArn,
      environment: props.environment,
      secrets: props.secrets,
      secretKmsKeyArns: props.secretKmsKeyArns,
      healthCheckPath: props.healthCheckPath,
      healthCheckIntervalSeconds: props.healthCheckIntervalSeconds,
      healthCheckRetries: props.healthCheckRetries,
      healthCheckCommand: props.healthCheckCommand,
      healthCheckStartPeriodSeconds: Math.min(
        gracePeriodSeconds,
        MAX_HEALTH_CHECK_START_PERIOD_SECONDS,
      ),
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      user: props.user,
      enableExecuteCommand,
      logRetentionDays: props.logRetentionDays,
      cpuArchitecture: props.cpuArchitecture,
    });
    this.containerName = this.taskDefinition.containerName;
    const roles = this.taskDefinition.roles;

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
      taskDefinition: this.taskDefinition.taskDefinitionArn,
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
        roles.executionPolicy,
        ...roles.taskPolicies,
        ...(props.dependsOn ?? []),
      ],
      // Auto scaling changes the count; Terraform must not reset it on every apply.
      lifecycle: { ignoreChanges: ["desired_count"] },
    });
    this.serviceName = this.service.name;
  }
}
