/**
 * Every priced resource type against a hand-computed example, at the round
 * rates of fixtures.ts and the development defaults of the assumptions
 * (730 h; the numbers each example uses are written out).
 */
import {
  bucketVolume,
  logGroupVolume,
  ResourceConfig,
  RULES,
  spotShare,
  storedLogGiB,
} from "../../../tools/cost/rules";
import { ELASTICACHE_RULES } from "../../../tools/cost/rules/elasticache";
import { ROUTE53_RULES } from "../../../tools/cost/rules/route53";
import { WAF_RULES } from "../../../tools/cost/rules/waf";
import { CLOUDFRONT_RULES } from "../../../tools/cost/rules/cloudfront";
import { priceStack } from "./fixtures";

const H = 730;
const total = (s: { lines: readonly { monthlyUsd: number }[] }) =>
  s.lines.reduce((sum, l) => sum + l.monthlyUsd, 0);

/** The types this file prices by hand; compared with RULES below. */
const COVERED = new Set<string>();
const cover = (type: string) => {
  COVERED.add(type);
  return type;
};

describe("pricing rules", () => {
  it(`GIVEN a Single-AZ db.t3.micro with 20 GiB gp3, 1-day backups WHEN priced THEN instance hours + storage, backups within the free allowance`, () => {
    const s = priceStack({
      [cover("aws_db_instance")]: {
        db: {
          instance_class: "db.t3.micro",
          multi_az: false,
          storage_type: "gp3",
          allocated_storage: 20,
          backup_retention_period: 1,
        },
      },
    });
    // 730 h × 0.02 + 20 GiB × 0.1; backups 2 GiB × (1 + 5 % × 1) = 2.1 GiB < 20 free.
    expect(total(s)).toBeCloseTo(H * 0.02 + 20 * 0.1 + 0, 9);
    expect(s.unpriced).toEqual([]);
  });

  it("GIVEN a Multi-AZ instance, 7-day backups of 30 GiB, monitoring every 60 s and an RDS-managed secret WHEN priced THEN every part is billed", () => {
    const s = priceStack(
      {
        aws_db_instance: {
          db: {
            instance_class: "db.t3.micro",
            multi_az: true,
            storage_type: "gp3",
            allocated_storage: 20,
            backup_retention_period: 7,
            monitoring_interval: 60,
            manage_master_user_password: true,
          },
        },
      },
      { overrides: { "db-data-gib": 30 } },
    );
    const backupGiB = 30 * (1 + 0.05 * 7) - 20; // 20.5 GiB beyond the free 20
    const monitoringGiB = ((H * 3600) / 60) * 8 * (1 / (1024 * 1024)); // 43,800 samples × 8 KiB
    expect(total(s)).toBeCloseTo(
      H * 0.04 +
        20 * 0.2 +
        backupGiB * 0.1 +
        monitoringGiB * 0.5 +
        monitoringGiB * 0.03 +
        0.4 +
        (5000 / 10000) * 0.05,
      9,
    );
  });

  it("GIVEN an instance class the price file lacks WHEN priced THEN the instance is unpriced, naming the missing rate", () => {
    const s = priceStack({
      aws_db_instance: {
        db: { instance_class: "db.x9.huge", storage_type: "gp3" },
      },
    });
    expect(s.lines).toEqual([]);
    expect(s.unpriced).toEqual([
      {
        type: "aws_db_instance",
        addresses: ["aws_db_instance.db"],
        reason:
          "no rate rds.instance.db.x9.huge.single-az for test-1 in the price file",
      },
    ]);
  });

  it("GIVEN a Single-AZ read replica of a Multi-AZ primary with 20 GiB WHEN priced THEN the replica's class hours and the source's 20 GiB at the Single-AZ rates, no backup storage, monitoring", () => {
    const s = priceStack(
      {
        aws_db_instance: {
          db: {
            instance_class: "db.t3.micro",
            multi_az: true,
            storage_type: "gp3",
            allocated_storage: 20,
            backup_retention_period: 7,
          },
          replica: {
            instance_class: "db.t3.micro",
            multi_az: false,
            storage_type: "gp3",
            replicate_source_db: "${aws_db_instance.db.identifier}",
            backup_retention_period: 0,
            monitoring_interval: 60,
          },
        },
      },
      { overrides: { "db-data-gib": 30 } },
    );
    const replica = s.lines.filter((l) =>
      l.address.startsWith("aws_db_instance.replica"),
    );
    const monitoringGiB = ((H * 3600) / 60) * 8 * (1 / (1024 * 1024));
    expect(replica.map((l) => l.item)).toEqual([
      "instance hours (db.t3.micro, Single-AZ read replica)",
      "gp3 storage, 20 GiB allocated (Single-AZ read replica)",
      "Enhanced Monitoring every 60 s (RDSOSMetrics logs ingested)",
      "Enhanced Monitoring logs stored (RDSOSMetrics keeps 30 days)",
    ]);
    // 730 h × 0.02 + 20 GiB × 0.1 (single-az rates) + monitoring.
    expect(total({ lines: replica })).toBeCloseTo(
      H * 0.02 + 20 * 0.1 + monitoringGiB * 0.5 + monitoringGiB * 0.03,
      9,
    );
  });

  it("GIVEN a read replica whose source is not in the stack WHEN priced THEN it is unpriced, saying its storage size is unknown", () => {
    const s = priceStack({
      aws_db_instance: {
        replica: {
          instance_class: "db.t3.micro",
          replicate_source_db: "arn:aws:rds:other-1:123456789012:db:elsewhere",
        },
      },
    });
    expect(s.unpriced.map((u) => u.reason)).toEqual([
      "read replica of arn:aws:rds:other-1:123456789012:db:elsewhere: its source is not in this stack, so its storage size is unknown",
    ]);
  });

  it("GIVEN backups replicated to the DR provider WHEN priced THEN storage at the DR region's rate with no allowance, plus the daily changes copied", () => {
    const s = priceStack(
      {
        aws_db_instance: {
          db: { instance_class: "db.t3.micro", storage_type: "gp3" },
        },
        [cover("aws_db_instance_automated_backups_replication")]: {
          copy: {
            provider: "aws.dr",
            retention_period: 7,
            source_db_instance_arn: "${aws_db_instance.db.arn}",
          },
        },
      },
      { overrides: { "db-data-gib": 10 } },
    );
    const replication = s.lines.filter((l) =>
      l.address.startsWith("aws_db_instance_automated"),
    );
    // 10 × (1 + 0.05 × 7) = 13.5 GiB × 0.09 (dr-1); 10 × 0.05 × 30 = 15 GB × 0.02 (from test-1).
    expect(total({ lines: replication })).toBeCloseTo(
      13.5 * 0.09 + 15 * 0.02,
      9,
    );
    expect(replication.map((l) => l.region)).toEqual(["dr-1", "test-1"]);
  });

  it("GIVEN a proxy in front of a db.t3.micro WHEN priced THEN 2 vCPUs (the minimum) × 730 h, and its target group and target are part of it", () => {
    const s = priceStack({
      aws_db_instance: {
        db: { instance_class: "db.t3.micro", storage_type: "gp3" },
      },
      [cover("aws_db_proxy")]: { proxy: { name: "p" } },
      aws_db_proxy_target: {
        target: {
          db_proxy_name: "${aws_db_proxy.proxy.name}",
          db_instance_identifier: "${aws_db_instance.db.identifier}",
        },
      },
    });
    const proxy = s.lines.filter((l) => l.address === "aws_db_proxy.proxy");
    // 2 vCPU × 730 h × 0.01.
    expect(total({ lines: proxy })).toBeCloseTo(2 * H * 0.01, 9);
  });

  it("GIVEN a proxy whose target is not in the stack WHEN priced THEN it is unpriced, saying why", () => {
    const s = priceStack({ aws_db_proxy: { proxy: { name: "p" } } });
    expect(s.unpriced.map((u) => u.reason)).toEqual([
      "the instance class behind the proxy (no target in this stack) has no known vCPU count",
    ]);
  });

  describe("ECS", () => {
    const service: Record<string, Record<string, ResourceConfig>> = {
      aws_ecs_task_definition: {
        task: {
          cpu: "512",
          memory: "1024",
          runtime_platform: {
            cpu_architecture: "X86_64",
            operating_system_family: "LINUX",
          },
        },
      },
      aws_appautoscaling_target: {
        target: {
          min_capacity: 1,
          max_capacity: 3,
          resource_id:
            "service/${aws_ecs_cluster.c.name}/${aws_ecs_service.svc.name}",
        },
      },
      [cover("aws_ecs_service")]: {
        svc: {
          desired_count: 1,
          task_definition: "${aws_ecs_task_definition.task.arn}",
          capacity_provider_strategy: [
            { capacity_provider: "FARGATE_SPOT", base: 0, weight: 4 },
            { capacity_provider: "FARGATE", base: 0, weight: 1 },
          ],
        },
      },
    };

    it("GIVEN one 0.5 vCPU / 1 GB task, Spot weight 4 to on-demand 1 WHEN priced THEN 20 % of the hours on-demand, 80 % on Spot", () => {
      const s = priceStack(service);
      const onDemandHours = 0.2 * H;
      const spotHours = 0.8 * H;
      expect(total(s)).toBeCloseTo(
        onDemandHours * (0.5 * 0.04 + 1 * 0.004) +
          spotHours * (0.5 * 0.012 + 1 * 0.0012),
        9,
      );
    });

    it("GIVEN --tasks 3 --spot-share 0 WHEN priced THEN three on-demand tasks all month", () => {
      const s = priceStack(service, {
        overrides: { tasks: 3, "spot-share": 0 },
      });
      expect(total(s)).toBeCloseTo(3 * H * (0.5 * 0.04 + 1 * 0.004), 9);
    });

    it("GIVEN an ARM task WHEN priced THEN the service is unpriced (no ARM rate), not zero", () => {
      const s = priceStack({
        ...service,
        aws_ecs_task_definition: {
          task: {
            cpu: "512",
            memory: "1024",
            runtime_platform: { cpu_architecture: "ARM64" },
          },
        },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual(["aws_ecs_service"]);
      expect(s.unpriced[0].reason).toMatch(/ARM64/);
    });

    it("GIVEN a cluster with Container Insights WHEN priced THEN its metrics and performance logs", () => {
      const s = priceStack({
        [cover("aws_ecs_cluster")]: {
          c: { setting: [{ name: "containerInsights", value: "enabled" }] },
        },
      });
      expect(total(s)).toBeCloseTo(20 * 0.3 + 0.5 * 0.5, 9);
    });

    it("GIVEN a cluster without Container Insights WHEN priced THEN it is on the free list", () => {
      const s = priceStack({ aws_ecs_cluster: { c: {} } });
      expect(s.lines).toEqual([]);
      expect(s.free).toEqual([
        {
          type: "aws_ecs_cluster",
          count: 1,
          reason: expect.stringMatching(/Container Insights off/),
        },
      ]);
    });

    it("GIVEN a repository whose lifecycle keeps 10 images WHEN priced THEN 10 × 0.1 GiB stored", () => {
      const s = priceStack({
        [cover("aws_ecr_repository")]: { repo: {} },
        aws_ecr_lifecycle_policy: {
          policy: {
            repository: "${aws_ecr_repository.repo.name}",
            policy: JSON.stringify({
              rules: [
                {
                  selection: {
                    countType: "imageCountMoreThan",
                    countNumber: 10,
                  },
                },
              ],
            }),
          },
        },
      });
      expect(total(s)).toBeCloseTo(10 * 0.1 * 0.1, 9);
    });

    it("GIVEN a repository without a lifecycle policy WHEN priced THEN it is unpriced (its storage is unbounded)", () => {
      const s = priceStack({ aws_ecr_repository: { repo: {} } });
      expect(s.unpriced.map((u) => u.reason)).toEqual([
        "no lifecycle policy bounds its images",
      ]);
    });
  });

  describe("networking", () => {
    it("GIVEN two NAT gateways and no interface endpoints WHEN one is priced THEN its hours and half of the internet and AWS service traffic", () => {
      const s = priceStack(
        { [cover("aws_nat_gateway")]: { nat: {} } },
        { facts: { natGateways: 2, interfaceEndpoints: 0 } },
      );
      expect(total(s)).toBeCloseTo(H * 0.05 + ((5 + 5) / 2) * 0.05, 9);
    });

    it("GIVEN interface endpoints WHEN a NAT gateway is priced THEN the AWS service traffic no longer passes it", () => {
      const s = priceStack(
        { aws_nat_gateway: { nat: {} } },
        { facts: { natGateways: 2, interfaceEndpoints: 4 } },
      );
      expect(total(s)).toBeCloseTo(H * 0.05 + (5 / 2) * 0.05, 9);
    });

    it("GIVEN an Elastic IP WHEN priced THEN one public IPv4 address all month", () => {
      const s = priceStack({ [cover("aws_eip")]: { ip: { domain: "vpc" } } });
      expect(total(s)).toBeCloseTo(H * 0.005, 9);
    });

    it("GIVEN an internet-facing ALB in two subnets WHEN priced THEN hours, 0.1 LCU, 1 GiB of responses and two public IPv4 addresses", () => {
      const s = priceStack({
        [cover("aws_lb")]: {
          lb: {
            load_balancer_type: "application",
            internal: false,
            subnets: ["a", "b"],
          },
        },
      });
      expect(total(s)).toBeCloseTo(
        H * 0.025 + 0.1 * H * 0.008 + 1 * 0.09 + 2 * H * 0.005,
        9,
      );
    });

    it("GIVEN a network load balancer WHEN priced THEN it is unpriced", () => {
      const s = priceStack({
        aws_lb: { nlb: { load_balancer_type: "network" } },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual(["aws_lb"]);
    });

    it("GIVEN an interface endpoint in two AZs, one of four WHEN priced THEN two endpoint-AZ-hours and a quarter of the AWS service traffic", () => {
      const s = priceStack(
        {
          [cover("aws_vpc_endpoint")]: {
            ep: {
              vpc_endpoint_type: "Interface",
              service_name: "com.amazonaws.test-1.logs",
              subnet_ids: ["a", "b"],
            },
          },
        },
        { facts: { natGateways: 1, interfaceEndpoints: 4 } },
      );
      expect(total(s)).toBeCloseTo(2 * H * 0.01 + (5 / 4) * 0.01, 9);
    });

    it("GIVEN a gateway endpoint WHEN priced THEN it is on the free list", () => {
      const s = priceStack({
        aws_vpc_endpoint: { s3: { vpc_endpoint_type: "Gateway" } },
      });
      expect(s.lines).toEqual([]);
      expect(s.free[0].type).toBe("aws_vpc_endpoint");
    });
  });

  describe("keys, secrets, CloudWatch", () => {
    it("GIVEN a KMS key WHEN priced THEN the key and 10,000 requests", () => {
      const s = priceStack({ [cover("aws_kms_key")]: { key: {} } });
      expect(total(s)).toBeCloseTo(1 + 1 * 0.03, 9);
    });

    it("GIVEN a secret WHEN priced THEN the secret and 5,000 API calls", () => {
      const s = priceStack({
        [cover("aws_secretsmanager_secret")]: { secret: {} },
      });
      expect(total(s)).toBeCloseTo(0.4 + 0.5 * 0.05, 9);
    });

    it("GIVEN the API's log group kept 7 days WHEN priced THEN 1 GiB ingested and 7/30 of it stored", () => {
      const s = priceStack({
        [cover("aws_cloudwatch_log_group")]: {
          logs: { name: "/ecs/x-api", retention_in_days: 7 },
        },
      });
      expect(total(s)).toBeCloseTo(1 * 0.5 + ((1 * 7) / 30) * 0.03, 9);
    });

    it("GIVEN a flow log group kept 30 days WHEN priced THEN 2 GiB at the vended-log rate and a month stored", () => {
      const s = priceStack({
        aws_cloudwatch_log_group: {
          flow: { name: "/vpc/x/flow-logs", retention_in_days: 30 },
        },
      });
      expect(total(s)).toBeCloseTo(2 * 0.25 + 2 * 0.03, 9);
    });

    it("GIVEN a log group that never expires WHEN priced THEN a year of it is stored", () => {
      const s = priceStack({
        aws_cloudwatch_log_group: { other: { name: "/other" } },
      });
      expect(total(s)).toBeCloseTo(0.05 * 0.5 + ((0.05 * 365) / 30) * 0.03, 9);
    });

    it("GIVEN alarms on one metric, on three metrics with two expressions, and at 10 s WHEN priced THEN 1, 3 and 1 high-resolution alarm metrics", () => {
      const s = priceStack({
        [cover("aws_cloudwatch_metric_alarm")]: {
          one: { metric_name: "CPUUtilization", period: 60 },
          math: {
            metric_query: [
              { id: "a", metric: { metric_name: "A", period: 60 } },
              { id: "b", metric: { metric_name: "B", period: 60 } },
              { id: "c", metric: { metric_name: "C", period: 60 } },
              { id: "sum", expression: "a+b" },
              { id: "rate", expression: "sum/c" },
            ],
          },
          fast: { metric_name: "X", period: 10 },
        },
      });
      expect(total(s)).toBeCloseTo(0.1 + 3 * 0.1 + 0.3, 9);
    });

    it("GIVEN a target tracking and a step scaling policy WHEN priced THEN the two alarms of target tracking, and step scaling is free", () => {
      const s = priceStack({
        [cover("aws_appautoscaling_policy")]: {
          tt: { policy_type: "TargetTrackingScaling" },
          step: { policy_type: "StepScaling" },
        },
      });
      expect(total(s)).toBeCloseTo(2 * 0.1, 9);
      expect(s.free.map((f) => f.type)).toEqual(["aws_appautoscaling_policy"]);
    });

    it("GIVEN a dashboard WHEN priced THEN one dashboard-month", () => {
      const s = priceStack({ [cover("aws_cloudwatch_dashboard")]: { d: {} } });
      expect(total(s)).toBeCloseTo(3, 9);
    });
  });

  describe("audit, storage", () => {
    it("GIVEN a trail and 250,000 paid management events WHEN priced THEN 2.5 × the rate per 100,000", () => {
      const s = priceStack(
        { [cover("aws_cloudtrail")]: { trail: {} } },
        { overrides: { "cloudtrail-paid-events": 250_000 } },
      );
      expect(total(s)).toBeCloseTo(2.5 * 2, 9);
    });

    it("GIVEN a trail with data events WHEN priced THEN it is unpriced", () => {
      const s = priceStack({
        aws_cloudtrail: {
          trail: {
            event_selector: [{ data_resource: [{ type: "AWS::S3::Object" }] }],
          },
        },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual(["aws_cloudtrail"]);
    });

    it("GIVEN a Config recorder and a rule WHEN priced THEN 200 items and 100 evaluations", () => {
      const s = priceStack({
        [cover("aws_config_configuration_recorder")]: { rec: {} },
        [cover("aws_config_config_rule")]: {
          rule: { source: { owner: "AWS", source_identifier: "X" } },
        },
      });
      expect(total(s)).toBeCloseTo(200 * 0.003 + 100 * 0.001, 9);
    });

    it("GIVEN an access-log bucket WHEN priced THEN 0.5 GiB stored and 20,000 PUTs", () => {
      const s = priceStack({
        [cover("aws_s3_bucket")]: {
          b: { bucket: "p-development-alb-logs-1-test-1" },
        },
      });
      expect(total(s)).toBeCloseTo(0.5 * 0.023 + 20 * 0.005, 9);
    });

    it("GIVEN an on-demand table WHEN priced THEN 5,000 writes, 5,000 reads and its storage", () => {
      const s = priceStack({
        [cover("aws_dynamodb_table")]: {
          t: { billing_mode: "PAY_PER_REQUEST" },
        },
      });
      expect(total(s)).toBeCloseTo(
        0.005 * 0.625 + 0.005 * 0.125 + 0.001 * 0.25,
        9,
      );
    });

    it("GIVEN a provisioned table WHEN priced THEN it is unpriced", () => {
      const s = priceStack({
        aws_dynamodb_table: { t: { billing_mode: "PROVISIONED" } },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual(["aws_dynamodb_table"]);
    });
  });

  describe("scheduled jobs, queues, events", () => {
    const task = {
      cpu: "256",
      memory: "512",
      runtime_platform: {
        cpu_architecture: "X86_64",
        operating_system_family: "LINUX",
      },
    };
    const collector = (
      overrides: Record<string, unknown> = {},
      ecs: Record<string, unknown> = {},
    ): Record<string, Record<string, ResourceConfig>> => ({
      aws_ecs_task_definition: { job: task },
      [cover("aws_scheduler_schedule")]: {
        s: {
          schedule_expression: "cron(0/15 9-16 ? * MON-FRI *)",
          schedule_expression_timezone: "Africa/Johannesburg",
          state: "ENABLED",
          target: {
            arn: "arn:aws:ecs:test-1:1:cluster/c",
            ecs_parameters: {
              task_definition_arn: "${aws_ecs_task_definition.job.arn}",
              task_count: 1,
              capacity_provider_strategy: [
                { capacity_provider: "FARGATE", base: 0, weight: 1 },
              ],
              ...ecs,
            },
          },
          ...overrides,
        },
      },
    });
    // 32 runs a weekday (every 15 min, 09:00-16:45); 2,088 weekdays in the
    // 2,922 days of 2024-2031 (417 weeks + Mon-Wed), over 96 months.
    const RUNS = (32 * 2088) / 96; // 696
    const TASK_HOUR = 0.25 * 0.04 + 0.5 * 0.004; // 0.25 vCPU, 0.5 GB on demand

    it("GIVEN a collector every 15 min on weekdays, 0.25 vCPU / 0.5 GB on FARGATE WHEN priced THEN 696 invocations and 696 × 3 min of on-demand task hours", () => {
      const s = priceStack(collector());
      expect(RUNS).toBe(696);
      expect(total(s)).toBeCloseTo(
        (RUNS / 1e6) * 1 + ((RUNS * 3) / 60) * TASK_HOUR,
        9,
      );
      expect(s.lines[0].item).toMatch(/696\.0 invocations a month/);
    });

    it("GIVEN --job-run-minutes 10 WHEN the collector is priced THEN its task hours scale to 10 min a run", () => {
      const s = priceStack(collector(), {
        overrides: { "job-run-minutes": 10 },
      });
      expect(total(s)).toBeCloseTo(
        RUNS / 1e6 + ((RUNS * 10) / 60) * TASK_HOUR,
        9,
      );
    });

    it("GIVEN --job-run-minutes 0.2 WHEN priced THEN each run is billed Fargate's one-minute minimum", () => {
      const s = priceStack(collector(), {
        overrides: { "job-run-minutes": 0.2 },
      });
      expect(total(s)).toBeCloseTo(RUNS / 1e6 + (RUNS / 60) * TASK_HOUR, 9);
    });

    it("GIVEN an hourly rate() schedule of 2 Spot tasks WHEN priced THEN 730 runs × 2 tasks × 3 min at the Spot rates", () => {
      const s = priceStack(
        collector(
          { schedule_expression: "rate(1 hour)" },
          {
            task_count: 2,
            capacity_provider_strategy: [
              { capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 },
            ],
          },
        ),
      );
      expect(total(s)).toBeCloseTo(
        730 / 1e6 + ((730 * 2 * 3) / 60) * (0.25 * 0.012 + 0.5 * 0.0012),
        9,
      );
      expect(s.lines.map((l) => l.rate)).toEqual([
        "scheduler.million-invocations",
        "fargate-spot.vcpu-hour",
        "fargate-spot.gb-hour",
      ]);
    });

    it("GIVEN a DISABLED schedule WHEN priced THEN it is free: no invocations, no runs", () => {
      const s = priceStack(collector({ state: "DISABLED" }));
      expect(s.lines).toEqual([]);
      expect(s.free.map((f) => f.type)).toContain("aws_scheduler_schedule");
    });

    it("GIVEN a market-open switch calling CloudWatch on weekdays WHEN priced THEN 21.75 invocations and 21.75 API requests", () => {
      const s = priceStack({
        aws_scheduler_schedule: {
          open: {
            schedule_expression: "cron(0 9 ? * MON-FRI *)",
            schedule_expression_timezone: "Africa/Nairobi",
            target: {
              arn: "arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions",
            },
          },
        },
      });
      const runs = 2088 / 96;
      expect(total(s)).toBeCloseTo(runs / 1e6 + (runs / 1000) * 0.01, 12);
    });

    it("GIVEN a schedule whose target has no rule, or whose expression does not parse WHEN priced THEN it is unpriced with the reason", () => {
      const s = priceStack({
        aws_scheduler_schedule: {
          lambda: {
            schedule_expression: "rate(5 minutes)",
            target: { arn: "arn:aws:lambda:test-1:1:function:f" },
          },
          bad: {
            schedule_expression: "cron(0 9 * * * *)",
            target: { arn: "arn:aws:scheduler:::aws-sdk:cloudwatch:x" },
          },
        },
      });
      expect(s.lines).toEqual([]);
      const reasons = s.unpriced.map((u) => u.reason).join("\n");
      expect(reasons).toMatch(/arn:aws:lambda.*has no rule/);
      expect(reasons).toMatch(/day-of-month and day-of-week/);
    });

    it("GIVEN a task definition no service or schedule runs (the migration) WHEN priced THEN 20 runs by hand × 3 min on demand", () => {
      const s = priceStack({
        [cover("aws_ecs_task_definition")]: { migration: task },
      });
      expect(total(s)).toBeCloseTo(((20 * 3) / 60) * TASK_HOUR, 9);
    });

    it("GIVEN a task definition a schedule runs WHEN priced THEN the definition itself is free (the runs are on the schedule)", () => {
      const s = priceStack(collector());
      expect(s.free).toEqual([
        expect.objectContaining({
          type: "aws_ecs_task_definition",
          count: 1,
          reason: expect.stringMatching(/aws_scheduler_schedule/),
        }),
      ]);
    });

    it("GIVEN the dead-letter queue WHEN priced THEN 1,000 standard requests", () => {
      const s = priceStack({
        [cover("aws_sqs_queue")]: { dlq: { name: "x-dlq" } },
      });
      expect(total(s)).toBeCloseTo((1000 / 1e6) * 0.4, 12);
    });

    it("GIVEN a FIFO queue WHEN priced THEN it is unpriced", () => {
      const s = priceStack({
        aws_sqs_queue: { q: { name: "q.fifo", fifo_queue: true } },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual(["aws_sqs_queue"]);
    });

    it("GIVEN a rule on ECS task state changes, its target and a queue policy WHEN priced THEN all free, with AWS service events as the reason", () => {
      const s = priceStack({
        [cover("aws_cloudwatch_event_rule")]: {
          failed: {
            event_pattern: JSON.stringify({
              source: ["aws.ecs"],
              "detail-type": ["ECS Task State Change"],
            }),
          },
        },
        aws_cloudwatch_event_target: { t: {} },
        aws_sqs_queue_policy: { p: {} },
      });
      expect(s.lines).toEqual([]);
      expect(s.unpriced).toEqual([]);
      expect(
        s.free.find((f) => f.type === "aws_cloudwatch_event_rule")?.reason,
      ).toMatch(/AWS service events \(aws\.ecs\)/);
    });

    it("GIVEN a rule on custom events WHEN priced THEN it is unpriced (their publishing is billed)", () => {
      const s = priceStack({
        aws_cloudwatch_event_rule: {
          custom: { event_pattern: JSON.stringify({ source: ["my.app"] }) },
        },
      });
      expect(s.unpriced.map((u) => u.type)).toEqual([
        "aws_cloudwatch_event_rule",
      ]);
    });
  });

  describe("types without a rule", () => {
    it("GIVEN a type that is neither priced nor free WHEN priced THEN it is listed as unpriced with its addresses and not counted", () => {
      const s = priceStack({
        aws_kms_key: { key: {} },
        aws_lambda_function: { a: {}, b: {} },
      });
      expect(s.unpriced).toEqual([
        {
          type: "aws_lambda_function",
          addresses: ["aws_lambda_function.a", "aws_lambda_function.b"],
          reason: "no pricing rule for this type",
        },
      ]);
      expect(s.monthlyUsd).toBeCloseTo(1.03, 9);
    });

    it("GIVEN free types WHEN priced THEN they are counted on the free list, with a reason", () => {
      const s = priceStack({
        aws_vpc: { v: {} },
        aws_subnet: { a: {}, b: {} },
      });
      expect(s.lines).toEqual([]);
      expect(s.unpriced).toEqual([]);
      expect(s.free.map((f) => [f.type, f.count])).toEqual([
        ["aws_subnet", 2],
        ["aws_vpc", 1],
      ]);
    });
  });

  it("GIVEN the rules WHEN this file has run THEN every priced type has a hand-computed example above (the rules of rules/ in their own files)", () => {
    const elsewhere = {
      ...CLOUDFRONT_RULES.priced,
      ...WAF_RULES.priced,
      ...ROUTE53_RULES.priced,
      ...ELASTICACHE_RULES.priced,
    };
    expect([...COVERED].sort()).toEqual(
      Object.keys(RULES)
        .filter((type) => !(type in elsewhere))
        .sort(),
    );
  });
});

describe("spotShare", () => {
  it("GIVEN production's FARGATE base 2, weights 1:1 WHEN 2 tasks run THEN none is on Spot", () => {
    const strategy = [
      { capacity_provider: "FARGATE", base: 2, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 },
    ];
    expect(spotShare(strategy, 2)).toBe(0);
  });

  it("GIVEN FARGATE base 2, weights 1:1 WHEN 4 tasks run THEN one of four is on Spot", () => {
    const strategy = [
      { capacity_provider: "FARGATE", base: 2, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 },
    ];
    expect(spotShare(strategy, 4)).toBeCloseTo(0.25, 12);
  });

  it("GIVEN a Spot-only strategy WHEN any tasks run THEN all are on Spot", () => {
    expect(
      spotShare([{ capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 }], 3),
    ).toBe(1);
  });
});

describe("volume helpers", () => {
  it("GIVEN the project's log group names WHEN classified THEN each gets its assumption", () => {
    expect(logGroupVolume("/vpc/p-production/flow-logs")).toBe("flow-log-gib");
    expect(logGroupVolume("/ecs/p-production-api")).toBe("app-log-gib");
    expect(logGroupVolume("/ecs/p-production-job-jse-intraday")).toBe(
      "job-log-gib",
    );
    expect(logGroupVolume("/ecs/p-production-migration")).toBe("job-log-gib");
    expect(logGroupVolume("/aws/rds/instance/p-postgres/postgresql")).toBe(
      "db-log-gib",
    );
    expect(logGroupVolume("/aws/rds/instance/p-postgres/upgrade")).toBe(
      "other-log-gib",
    );
  });

  it("GIVEN the project's bucket names WHEN classified THEN each gets its assumption", () => {
    expect(bucketVolume("p-production-alb-logs-3-af-south-1")).toBe(
      "access-log-gib",
    );
    expect(bucketVolume("p-production-audit-3-af-south-1")).toBe(
      "audit-log-gib",
    );
    expect(bucketVolume("p-tfstate-9-af-south-1")).toBe("other-bucket-gib");
  });

  it("GIVEN 3 GiB a month kept 10 days WHEN stored THEN 1 GiB on average", () => {
    expect(storedLogGiB(3, 10)).toBeCloseTo(1, 12);
  });
});
