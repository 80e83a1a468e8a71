import { Fn, TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ContentDelivery } from "../modules/cdn";
import {
  AliasRecords,
  DnsValidatedCertificate,
  PublicZone,
  WebFirewall,
} from "../modules/edge";
import { AccessLogBucket, LoadBalancer } from "../modules/load-balancing";
import {
  ApiAlarms,
  Dashboard,
  DEFAULT_API_ALARM_THRESHOLDS,
} from "../modules/observability";
import {
  ContainerRegistry,
  ContainerService,
  EcsCluster,
  IMAGE_TAG_PATTERN,
  ServiceAutoscaling,
} from "../modules/container";
import { SecurityGroupConnection } from "../modules/security";
import { CacheClient } from "../modules/cache";
import {
  DATABASE_LOGINS,
  DatabaseConnectPolicy,
} from "../modules/database-access";
import { DataSourceSecrets, metricEnvironment } from "../modules/workloads";
import { apiKeyVariable } from "../config/workloads";
import {
  databaseEnvironment,
  DatabaseStack,
  readerEnvironment,
} from "./database-stack";
import { domainParts, loadBalancerIngress, publicEdge } from "./api-edge";
import { admitReader } from "./database-reader";
import { LayerStack, LayerStackProps } from "./layer-stack";
import { VpcStack } from "./vpc-stack";

/** Name of the Terraform variable that selects the image tag to run. */
export const IMAGE_TAG_VARIABLE = "image_tag";

/**
 * The `image_tag` variable of a stack that runs the pipeline image (API and
 * jobs): one TF_VAR_image_tag sets both.
 */
export function imageTagVariable(
  scope: Construct,
  defaultTag: string,
): TerraformVariable {
  return new TerraformVariable(scope, IMAGE_TAG_VARIABLE, {
    type: "string",
    default: defaultTag,
    description:
      "Tag of the image in the ECR repository that the service runs (tags are immutable)",
    validation: [
      {
        // The pattern the configuration check holds the default to.
        condition: `\${can(regex("${IMAGE_TAG_PATTERN.source}", var.${IMAGE_TAG_VARIABLE}))}`,
        errorMessage:
          "image_tag must be a Docker image tag: letters, digits, _ . - (at most 128).",
      },
    ],
  });
}

/** Objective of the database's read/write latency on the dashboard, seconds ("<50ms for 95th percentile"). */
const DATABASE_LATENCY_OBJECTIVE_SECONDS = 0.05;

/** Properties of an {@link ApiStack}. */
export interface ApiStackProps extends LayerStackProps {
  /** The environment's VPC stack: subnets, alarm topic and log key. */
  readonly vpc: VpcStack;
  /** The environment's database stack: endpoint, secret, security group. */
  readonly database: DatabaseStack;
}

/**
 * `financial-pipeline-<environment>-api`: the API on ECS Fargate behind an
 * internet-facing Application Load Balancer (with a domain: its zone,
 * certificate and records; with a web ACL), its image registry, auto
 * scaling, alarms and dashboard. Deployed after the database stack; it adds
 * the one ingress rule that admits its tasks to the database, so neither
 * earlier stack refers to it.
 */
export class ApiStack extends LayerStack {
  public readonly imageTag: TerraformVariable;
  public readonly registry: ContainerRegistry;
  /** One secret per data source; the jobs stack reads them too. */
  public readonly dataSourceSecrets: DataSourceSecrets;
  public readonly accessLogs?: AccessLogBucket;
  /** The zone of `edge.domainName` (created or configured); undefined without a domain. */
  public readonly zone?: PublicZone;
  /** The certificate of `edge.domainName`; undefined without a domain. */
  public readonly certificate?: DnsValidatedCertificate;
  public readonly loadBalancer: LoadBalancer;
  /** The CloudFront distribution in front of the load balancer; undefined unless `edge.cdn.enabled`. */
  public readonly cdn?: ContentDelivery;
  /** `edge.domainName` to the CDN or the load balancer; undefined without a domain. */
  public readonly aliasRecords?: AliasRecords;
  /** The web ACL on the load balancer; undefined when `edge.waf.enabled` is off. */
  public readonly firewall?: WebFirewall;
  public readonly cluster: EcsCluster;
  public readonly service: ContainerService;
  public readonly autoscaling: ServiceAutoscaling;
  public readonly alarms: ApiAlarms;
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, props: ApiStackProps) {
    super(scope, "api", props);
    const env = props.environment;
    const api = env.api;
    const prefix = `${env.project}-${env.name}`;
    const name = `${prefix}-api`;
    const network = props.vpc.network;
    const database = props.database.database;
    const cache = props.database.cache;

    // A CI pipeline rolls out a pushed image with TF_VAR_image_tag=<tag>: a
    // new task definition revision, no code change.
    this.imageTag = imageTagVariable(this, api.imageTag);

    // ------------------------------------------------------------ registry
    this.registry = new ContainerRegistry(this, "registry", {
      repositoryName: name,
      keepImages: api.ecrKeepImages,
      forceDelete: api.registryForceDelete,
    });

    // ------------------------------------------------- data-source secrets
    // Here, not in the jobs stack: the API reads some of them and is deployed first.
    const workloads = env.workloads;
    this.dataSourceSecrets = new DataSourceSecrets(this, "data-sources", {
      namePrefix: prefix,
      accountId: env.accountId,
      region: env.region,
      dataSources: Object.fromEntries(
        Object.entries(workloads.dataSources).map(([n, s]) => [
          n,
          s.description,
        ]),
      ),
      recoveryWindowDays: workloads.secretRecoveryWindowDays,
    });
    const apiKeys = Object.fromEntries(
      workloads.apiSecrets.map((source) => [
        apiKeyVariable(source),
        { secretArn: this.dataSourceSecrets.secrets[source].arn },
      ]),
    );

    // ---------------------------------------------------- domain, certificate
    const edge = env.edge;
    const domain = domainParts(this);
    this.zone = domain.zone;
    this.certificate = domain.certificate;

    // ------------------------------------------------------- load balancer
    if (api.accessLogs) {
      this.accessLogs = new AccessLogBucket(this, "access-logs", {
        bucketName: `${prefix}-alb-logs-${env.accountId}-${env.region}`,
        accountId: env.accountId,
        expirationDays: api.accessLogRetentionDays,
      });
    }
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      name: prefix,
      targetGroupNamePrefix: "api-",
      vpcId: network.vpcId,
      subnetIds: network.subnetIds("public"),
      targetPort: api.containerPort,
      // The validated ARN: the HTTPS listener waits until ACM has issued it.
      certificateArn: this.certificate?.certificateArn ?? api.certificateArn,
      ...loadBalancerIngress(this),
      healthCheck: {
        path: api.healthCheckPath,
        intervalSeconds: api.healthCheckIntervalSeconds,
        healthyThreshold: api.healthyThreshold,
        unhealthyThreshold: api.unhealthyThreshold,
        matcher: "200",
      },
      deregistrationDelaySeconds: api.deregistrationDelaySeconds,
      deletionProtection: api.loadBalancerDeletionProtection,
      accessLogs: this.accessLogs,
    });

    // --------------------------------------------- CDN, records, web ACL
    const parts = publicEdge(this, domain, this.loadBalancer, props.vpc);
    this.cdn = parts.cdn;
    this.aliasRecords = parts.aliasRecords;
    this.firewall = parts.firewall;

    // ------------------------------------------------------ cluster, service
    this.cluster = new EcsCluster(this, "cluster", {
      clusterName: prefix,
      defaultCapacityProviderStrategy: api.capacityProviderStrategy,
    });
    this.service = new ContainerService(this, "service", {
      serviceName: name,
      cluster: this.cluster,
      accountId: env.accountId,
      region: env.region,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds("private"),
      repositoryArn: this.registry.repositoryArn,
      image: `${this.registry.repositoryUrl}:${this.imageTag.stringValue}`,
      cpu: api.cpu,
      memoryMiB: api.memoryMiB,
      containerPort: api.containerPort,
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      dependsOn: this.loadBalancer.listeners,
      desiredCount: api.desiredCount,
      capacityProviderStrategy: api.capacityProviderStrategy,
      environment: {
        ...metricEnvironment(env.name),
        ...databaseEnvironment(props.database, DATABASE_LOGINS.application),
        ...readerEnvironment(props.database),
        ...(cache ? CacheClient.environment(cache) : {}),
      },
      secrets: apiKeys,
      secretKmsKeyArns:
        workloads.apiSecrets.length > 0 ? [this.dataSourceSecrets.keyArn] : [],
      healthCheckPath: api.healthCheckPath,
      healthCheckIntervalSeconds: api.healthCheckIntervalSeconds,
      healthCheckRetries: api.unhealthyThreshold,
      healthCheckGracePeriodSeconds: api.healthCheckGracePeriodSeconds,
      readonlyRootFilesystem: api.readonlyRootFilesystem,
      user: api.containerUser,
      enableExecuteCommand: api.enableExecuteCommand,
      logRetentionDays: api.logRetentionDays,
      logKmsKeyArn: props.vpc.observabilityKey.arn,
      extraEgress: api.extraEgress,
    });

    // ------------------------------------------------------ security graph
    // internet -> ALB (listener ports, in LoadBalancer) -> tasks:8000 -> database:5432
    new SecurityGroupConnection(this, "load-balancer-to-tasks", {
      fromSecurityGroupId: this.loadBalancer.securityGroupId,
      toSecurityGroupId: this.service.securityGroupId,
      port: api.containerPort,
      egressDescription: `Forward requests and health checks to the API tasks on ${api.containerPort}`,
      ingressDescription: `Requests and health checks from the load balancer on ${api.containerPort}`,
    });
    // The database's client side: its proxy, or the instance without one.
    new SecurityGroupConnection(this, "tasks-to-database", {
      fromSecurityGroupId: this.service.securityGroupId,
      toSecurityGroupId: props.database.clientSecurityGroupId,
      port: database.port,
      egressDescription: "PostgreSQL to the database only",
      ingressDescription: `PostgreSQL from the API tasks of ${name}`,
    });
    new DatabaseConnectPolicy(this, "database-connect", {
      role: this.service.taskDefinition.roles.taskRole.id,
      dbUserArn: props.database.dbUserArn(DATABASE_LOGINS.application),
    });
    // Reads: tasks -> read replicas:5432 directly, as pipeline_reader (IAM).
    admitReader(this, props.database, this.service, `the API tasks of ${name}`);

    if (cache) {
      new CacheClient(this, "cache-client", {
        cache,
        securityGroupId: this.service.securityGroupId,
        role: this.service.taskDefinition.roles.taskRole.id,
        clientName: `the API tasks of ${name}`,
      });
    }

    // --------------------------------------------------------- auto scaling
    this.autoscaling = new ServiceAutoscaling(this, "autoscaling", {
      namePrefix: name,
      clusterName: this.cluster.clusterName,
      serviceName: this.service.serviceName,
      minCapacity: api.minCapacity,
      maxCapacity: api.maxCapacity,
      cpuTargetPercent: api.cpuTargetPercent,
      memoryTargetPercent: api.memoryTargetPercent,
      scaleOutCooldownSeconds: api.scaleOutCooldownSeconds,
      scaleInCooldownSeconds: api.scaleInCooldownSeconds,
    });

    // ------------------------------------------------- alarms and dashboard
    this.alarms = new ApiAlarms(this, "alarms", {
      namePrefix: name,
      topicArn: props.vpc.alerts.topicArn,
      clusterName: this.cluster.clusterName,
      serviceName: this.service.serviceName,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
      minRunningTasks: api.minCapacity,
    });
    this.dashboard = new Dashboard(this, "dashboard", {
      dashboardName: prefix,
      region: env.region,
      clusterName: this.cluster.clusterName,
      serviceName: this.service.serviceName,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
      databaseInstanceIdentifier: database.instanceIdentifier,
      databaseProxyName: props.database.proxy?.proxyName,
      targets: {
        cpuPercent: api.cpuTargetPercent,
        memoryPercent: api.memoryTargetPercent,
        p95LatencySeconds: DEFAULT_API_ALARM_THRESHOLDS.p95LatencySeconds,
        databaseLatencySeconds: DATABASE_LATENCY_OBJECTIVE_SECONDS,
      },
      business: {
        environment: env.name,
        dataSources: Object.keys(workloads.dataSources),
        minRecordsPerMinute: Object.values(workloads.dataSources)
          .map((s) => s.throughput?.minRecordsPerMinute)
          .filter((n): n is number => n !== undefined)
          .sort((a, b) => a - b)[0],
      },
      widgets: this.firewall
        ? [
            {
              title: "WAF requests: allowed, blocked, counted",
              metrics: this.firewall.dashboardMetrics,
              stat: "Sum",
            },
          ]
        : [],
    });

    // -------------------------------------------------------------- outputs
    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output(
      "load_balancer_dns_name",
      this.loadBalancer.dnsName,
      "DNS name of the API's load balancer",
    );
    output(
      "api_url",
      edge.domainName === undefined
        ? this.loadBalancer.url
        : `https://${edge.domainName}`,
      "Base URL of the API (GET <url>/health answers 200 when a task is healthy)",
    );
    if (this.zone?.nameServers) {
      output(
        "name_servers",
        Fn.join(",", this.zone.nameServers),
        `Name servers of ${this.zone.zoneName}: delegate it from its parent domain with these NS records`,
      );
    }
    output(
      "ecr_repository_url",
      this.registry.repositoryUrl,
      "docker push target: <url>:<tag>, then deploy with TF_VAR_image_tag=<tag>",
    );
    output(
      "ecs_cluster_name",
      this.cluster.clusterName,
      "ECS cluster of the API (aws ecs update-service --cluster)",
    );
    output(
      "ecs_service_name",
      this.service.serviceName,
      "ECS service of the API (aws ecs update-service --service)",
    );
    // One output per source (string values: every state tool reads them alike).
    for (const [source, secret] of Object.entries(
      this.dataSourceSecrets.secrets,
    )) {
      output(
        `data_source_secret_arn_${source}`,
        secret.arn,
        `Secret of the ${source} API key: aws secretsmanager put-secret-value --secret-id <arn> --secret-string <key>`,
      );
    }
    output(
      "deployed_image_tag",
      this.imageTag.stringValue,
      "Image tag the task definition runs",
    );
  }
}
