import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  ContainerService,
  ContainerServiceProps,
} from "../../../modules/container/container-service";
import { EcsCluster } from "../../../modules/container/ecs-cluster";
import { CONTAINER_FIXTURE } from "../../support/task-fixture";
import {
  listOf,
  parse,
  referencedName,
  resourcesOf,
} from "../../support/synth";

function synthService(overrides: Partial<ContainerServiceProps> = {}): string {
  return Testing.synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "team" });
    new ContainerService(scope, "service", {
      serviceName: "team-api",
      cluster,
      accountId: "123456789012",
      region: "af-south-1",
      vpcId: "vpc-1",
      subnetIds: ["subnet-private-a", "subnet-private-b"],
      ...CONTAINER_FIXTURE,
      targetGroupArn:
        "arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/team/1",
      ...overrides,
    });
  });
}

function containerOf(synthesized: string) {
  const [definition] = listOf(parse(synthesized), "aws_ecs_task_definition");
  const [container] = JSON.parse(definition.container_definitions);
  return container;
}

describe("ContainerService", () => {
  it("GIVEN the service WHEN synthesized THEN it runs its task definition's revision and registers the task definition's container", () => {
    const json = parse(synthService());
    const [service] = listOf(json, "aws_ecs_service");
    const [definition] = Object.keys(
      resourcesOf(json, "aws_ecs_task_definition"),
    );
    expect(service.task_definition).toBe(
      `\${aws_ecs_task_definition.${definition}.arn}`,
    );
    expect(service.load_balancer[0].container_name).toBe(
      JSON.parse(
        listOf(json, "aws_ecs_task_definition")[0].container_definitions,
      )[0].name,
    );
  });

  it("GIVEN a grace period of 400 s WHEN synthesized THEN the container check's start period is capped at ECS's maximum of 300 s", () => {
    expect(
      containerOf(synthService({ healthCheckGracePeriodSeconds: 400 }))
        .healthCheck.startPeriod,
    ).toBe(300);
  });

  it("GIVEN the task definition in its own construct WHEN synthesized THEN its resources keep the Terraform addresses they had inside ContainerService", () => {
    const json = parse(
      synthService({
        enableExecuteCommand: true,
        readonlyRootFilesystem: false,
      }),
    );
    const names = (type: string) => Object.keys(resourcesOf(json, type)).sort();
    expect({
      logGroup: names("aws_cloudwatch_log_group"),
      taskDefinition: names("aws_ecs_task_definition"),
      roles: names("aws_iam_role"),
      policies: names("aws_iam_role_policy"),
    }).toEqual({
      logGroup: ["service_log-group_D4C0FDDC"],
      taskDefinition: ["service_task-definition_1CDBFD24"],
      roles: [
        "service_roles_execution-role_F20190A0",
        "service_roles_task-role_1140E2AA",
      ],
      policies: [
        "service_roles_exec-policy_04AE0450",
        "service_roles_execution-policy_816DDC2C",
      ],
    });
  });

  it("GIVEN private subnets WHEN synthesized THEN the service runs there without public IPs", () => {
    const json = parse(synthService());
    const [service] = listOf(json, "aws_ecs_service");
    expect(service.network_configuration).toEqual({
      subnets: ["subnet-private-a", "subnet-private-b"],
      security_groups: [
        `\${aws_security_group.${Object.keys(json.resource.aws_security_group)[0]}.id}`,
      ],
      assign_public_ip: false,
    });
  });

  it("GIVEN a rollout WHEN synthesized THEN it keeps 100 % healthy, may double, and rolls back on failure", () => {
    expect(synthService()).toHaveResourceWithProperties(EcsService, {
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
  });

  it("GIVEN auto scaling WHEN synthesized THEN Terraform ignores desired_count after creation", () => {
    expect(synthService({ desiredCount: 2 })).toHaveResourceWithProperties(
      EcsService,
      {
        desired_count: 2,
        lifecycle: { ignore_changes: ["desired_count"] },
      },
    );
  });

  it("GIVEN a grace period WHEN synthesized THEN the service and tags are configured as asked", () => {
    expect(
      synthService({ healthCheckGracePeriodSeconds: 90 }),
    ).toHaveResourceWithProperties(EcsService, {
      health_check_grace_period_seconds: 90,
      propagate_tags: "SERVICE",
      enable_execute_command: false,
    });
  });

  it("GIVEN a strategy WHEN synthesized THEN the service places tasks by it, after the cluster's providers exist", () => {
    const json = parse(
      synthService({
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 2, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
        ],
      }),
    );
    const [service] = listOf(json, "aws_ecs_service");
    expect(service.capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE", base: 2, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
    expect(service.launch_type).toBeUndefined();
    expect(service.depends_on).toContain(
      `aws_ecs_cluster_capacity_providers.${Object.keys(json.resource.aws_ecs_cluster_capacity_providers)[0]}`,
    );
  });

  it("GIVEN the execution role's policy WHEN synthesized THEN the service waits for it (the task definition names only the role ARN)", () => {
    const json = parse(synthService());
    const [service] = listOf(json, "aws_ecs_service");
    const policies = resourcesOf(json, "aws_iam_role_policy");
    const execution = Object.keys(policies).find(
      (k) => policies[k].name === "start-task",
    );
    expect(execution).toBeDefined();
    expect(service.depends_on).toContain(`aws_iam_role_policy.${execution}`);
  });

  it("GIVEN ECS Exec WHEN synthesized THEN the service also waits for the task role's policy", () => {
    const json = parse(
      synthService({
        enableExecuteCommand: true,
        readonlyRootFilesystem: false,
      }),
    );
    const [service] = listOf(json, "aws_ecs_service");
    const policies = Object.keys(resourcesOf(json, "aws_iam_role_policy")).map(
      (k) => `aws_iam_role_policy.${k}`,
    );
    expect(policies).toHaveLength(2);
    expect(service.depends_on).toEqual(expect.arrayContaining(policies));
  });

  it("GIVEN a target group WHEN synthesized THEN the service registers the container's port 8000 in it", () => {
    const [service] = listOf(parse(synthService()), "aws_ecs_service");
    expect(service.load_balancer).toEqual([
      {
        target_group_arn:
          "arn:aws:elasticloadbalancing:af-south-1:123456789012:targetgroup/team/1",
        container_name: "api",
        container_port: 8000,
      },
    ]);
  });

  it("GIVEN the task security group WHEN synthesized THEN it has no inbound rule of its own and only HTTPS outbound", () => {
    const json = parse(synthService());
    expect(listOf(json, "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(
      listOf(json, "aws_vpc_security_group_egress_rule").map((r) => [
        r.ip_protocol,
        r.from_port,
        r.to_port,
        r.cidr_ipv4,
      ]),
    ).toEqual([["tcp", 443, 443, "0.0.0.0/0"]]);
  });

  it("GIVEN an extra egress entry WHEN synthesized THEN each of its ranges gets a described rule", () => {
    const json = parse(
      synthService({
        extraEgress: [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["198.51.100.0/24", "203.0.113.7/32"],
            description: "FTP feed of the exchange",
          },
        ],
      }),
    );
    const extra = listOf(json, "aws_vpc_security_group_egress_rule").filter(
      (r) => r.from_port === 21,
    );
    expect(extra.map((r) => [r.cidr_ipv4, r.description])).toEqual([
      ["198.51.100.0/24", "FTP feed of the exchange"],
      ["203.0.113.7/32", "FTP feed of the exchange"],
    ]);
    for (const rule of extra)
      expect(referencedName(rule.security_group_id)).toBe(
        Object.keys(json.resource.aws_security_group)[0],
      );
  });

  it("GIVEN an extra egress rule without a description WHEN constructed THEN it throws naming the rule", () => {
    expect(() =>
      synthService({
        extraEgress: [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["198.51.100.0/24"],
            description: "",
          },
        ],
      }),
    ).toThrow(
      /extraEgress\[0\]\.description = "": must say why the port is open/,
    );
  });

  it("GIVEN an extra egress description with characters AWS rejects WHEN constructed THEN it throws naming the rule", () => {
    expect(() =>
      synthService({
        extraEgress: [
          {
            port: 21,
            protocol: "tcp",
            cidrBlocks: ["198.51.100.0/24"],
            description: "FTP <feed>",
          },
        ],
      }),
    ).toThrow(/extraEgress\[0\]\.description = "FTP <feed>"/);
  });

  it("GIVEN ECS Exec with a writable root WHEN synthesized THEN the service allows execute-command", () => {
    const synthesized = synthService({
      enableExecuteCommand: true,
      readonlyRootFilesystem: false,
    });
    expect(synthesized).toHaveResourceWithProperties(EcsService, {
      enable_execute_command: true,
    });
    expect(containerOf(synthesized).readonlyRootFilesystem).toBe(false);
  });
});
