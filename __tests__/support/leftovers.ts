/**
 * What is left in an account after a destroy, asked through the AWS API
 * (not the state): the emulator's proof that a destroy removed everything
 * the stacks created. Each check lists what it finds that is still there.
 * moto keeps listing some deleted resources (gap list, kind
 * `listed-after-delete`): those are asked for their status and count only
 * while they are not deleted.
 */
import { awsJson } from "../../tools/emulator/moto";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Check = (env: NodeJS.ProcessEnv, region: string) => Promise<string[]>;

const call = (args: string[], env: NodeJS.ProcessEnv, region: string) =>
  awsJson<any>([...args, "--region", region], env);

/**
 * False for what moto still lists after its delete (gaps
 * `ecs-inactive-listed`, `nat-gateway-deleted-tagged`): an ECS cluster,
 * service or task definition that is INACTIVE, a NAT gateway that is
 * deleted. True for everything else.
 */
async function stillThere(
  arn: string,
  env: NodeJS.ProcessEnv,
  region: string,
): Promise<boolean> {
  const ecs = /:ecs:[^:]+:\d+:(cluster|service|task-definition)\/(.+)$/.exec(
    arn,
  );
  if (ecs?.[1] === "cluster")
    return (
      (await call(["ecs", "describe-clusters", "--clusters", arn], env, region))
        .clusters?.[0]?.status === "ACTIVE"
    );
  if (ecs?.[1] === "service") {
    const cluster = ecs[2].split("/")[0];
    return (
      (
        await call(
          ["ecs", "describe-services", "--cluster", cluster, "--services", arn],
          env,
          region,
        )
      ).services?.[0]?.status === "ACTIVE"
    );
  }
  if (ecs?.[1] === "task-definition")
    return (
      (
        await call(
          ["ecs", "describe-task-definition", "--task-definition", arn],
          env,
          region,
        )
      ).taskDefinition?.status === "ACTIVE"
    );
  const nat = /:natgateway\/(nat-[0-9a-f]+)$/.exec(arn);
  if (nat)
    return (
      (
        await call(
          ["ec2", "describe-nat-gateways", "--nat-gateway-ids", nat[1]],
          env,
          region,
        )
      ).NatGateways?.[0]?.State !== "deleted"
    );
  return true;
}

/** The items of `items` for which `keep` resolves true, in order. */
async function filterAsync<T>(
  items: readonly T[],
  keep: (item: T) => Promise<boolean>,
): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, i) => kept[i]);
}

/** One check per service the stacks use. */
export const LEFTOVER_CHECKS: Readonly<Record<string, Check>> = {
  "tagged resources (Resource Groups Tagging API)": async (env, region) =>
    filterAsync(
      (
        (
          await call(
            [
              "resourcegroupstaggingapi",
              "get-resources",
              "--tag-filters",
              "Key=Project",
            ],
            env,
            region,
          )
        ).ResourceTagMappingList ?? []
      )
        .map((r: any) => r.ResourceARN as string)
        // Keys and secrets with a recovery window are only scheduled for
        // deletion (7-30 days): checked below.
        .filter(
          (arn: string) =>
            !arn.includes(":kms:") && !arn.includes(":secretsmanager:"),
        ),
      (arn) => stillThere(arn, env, region),
    ),
  "VPCs (non-default)": async (env, region) =>
    ((await call(["ec2", "describe-vpcs"], env, region)).Vpcs ?? [])
      .filter((v: any) => !v.IsDefault)
      .map((v: any) => v.VpcId),
  "NAT gateways": async (env, region) =>
    (
      (await call(["ec2", "describe-nat-gateways"], env, region)).NatGateways ??
      []
    )
      .filter((n: any) => n.State !== "deleted")
      .map((n: any) => n.NatGatewayId),
  "Elastic IPs": async (env, region) =>
    (
      (await call(["ec2", "describe-addresses"], env, region)).Addresses ?? []
    ).map((a: any) => a.AllocationId),
  "DB instances": async (env, region) =>
    (
      (await call(["rds", "describe-db-instances"], env, region)).DBInstances ??
      []
    ).map((d: any) => d.DBInstanceIdentifier),
  "DB proxies": async (env, region) =>
    (
      (await call(["rds", "describe-db-proxies"], env, region)).DBProxies ?? []
    ).map((p: any) => p.DBProxyName),
  "web ACLs (regional)": async (env, region) =>
    (
      (
        await call(
          ["wafv2", "list-web-acls", "--scope", "REGIONAL"],
          env,
          region,
        )
      ).WebACLs ?? []
    ).map((w: any) => w.Name),
  "hosted zones": async (env, region) =>
    (
      (await call(["route53", "list-hosted-zones"], env, region)).HostedZones ??
      []
    ).map((z: any) => z.Name),
  "ACM certificates": async (env, region) =>
    (
      (await call(["acm", "list-certificates"], env, region))
        .CertificateSummaryList ?? []
    ).map((c: any) => c.DomainName),
  "ECS clusters": async (env, region) =>
    filterAsync(
      ((await call(["ecs", "list-clusters"], env, region)).clusterArns ??
        []) as string[],
      (arn) => stillThere(arn, env, region),
    ),
  "load balancers": async (env, region) =>
    (
      (await call(["elbv2", "describe-load-balancers"], env, region))
        .LoadBalancers ?? []
    ).map((l: any) => l.LoadBalancerName),
  "target groups": async (env, region) =>
    (
      (await call(["elbv2", "describe-target-groups"], env, region))
        .TargetGroups ?? []
    ).map((t: any) => t.TargetGroupName),
  "ECR repositories": async (env, region) =>
    (
      (await call(["ecr", "describe-repositories"], env, region))
        .repositories ?? []
    ).map((r: any) => r.repositoryName),
  "log groups": async (env, region) =>
    (
      (await call(["logs", "describe-log-groups"], env, region)).logGroups ?? []
    ).map((g: any) => g.logGroupName),
  alarms: async (env, region) =>
    (
      (await call(["cloudwatch", "describe-alarms"], env, region))
        .MetricAlarms ?? []
    ).map((a: any) => a.AlarmName),
  dashboards: async (env, region) =>
    (
      (await call(["cloudwatch", "list-dashboards"], env, region))
        .DashboardEntries ?? []
    ).map((d: any) => d.DashboardName),
  "SNS topics": async (env, region) =>
    ((await call(["sns", "list-topics"], env, region)).Topics ?? []).map(
      (t: any) => t.TopicArn,
    ),
  "secrets (not scheduled for deletion)": async (env, region) =>
    (
      (await call(["secretsmanager", "list-secrets"], env, region))
        .SecretList ?? []
    )
      .filter((s: any) => !s.DeletedDate)
      .map((s: any) => s.Name),
  "S3 buckets": async (env, region) =>
    ((await call(["s3api", "list-buckets"], env, region)).Buckets ?? []).map(
      (b: any) => b.Name,
    ),
  "IAM roles": async (env, region) =>
    ((await call(["iam", "list-roles"], env, region)).Roles ?? [])
      .filter((r: any) => !String(r.Path).startsWith("/aws-service-role/"))
      .map((r: any) => r.RoleName),
  "IAM OIDC providers": async (env, region) =>
    (
      (await call(["iam", "list-open-id-connect-providers"], env, region))
        .OpenIDConnectProviderList ?? []
    ).map((p: any) => p.Arn),
  "ECS task definitions (active)": async (env, region) =>
    ((
      await call(
        ["ecs", "list-task-definitions", "--status", "ACTIVE"],
        env,
        region,
      )
    ).taskDefinitionArns ?? []) as string[],
  "Scheduler schedules": async (env, region) =>
    (
      (await call(["scheduler", "list-schedules"], env, region)).Schedules ?? []
    ).map((s: any) => `${s.GroupName}/${s.Name}`),
  // The account's `default` group always exists (AWS and moto).
  "Scheduler schedule groups (non-default)": async (env, region) =>
    (
      (await call(["scheduler", "list-schedule-groups"], env, region))
        .ScheduleGroups ?? []
    )
      .filter((g: any) => g.Name !== "default")
      .map((g: any) => g.Name),
  // awscli 1's sqs ignores AWS_ENDPOINT_URL (it builds the queue endpoint itself).
  "SQS queues": async (env, region) =>
    ((
      await call(
        [
          "sqs",
          "list-queues",
          ...(env.AWS_ENDPOINT_URL
            ? ["--endpoint-url", env.AWS_ENDPOINT_URL]
            : []),
        ],
        env,
        region,
      )
    ).QueueUrls ?? []) as string[],
  "EventBridge rules (default bus)": async (env, region) =>
    ((await call(["events", "list-rules"], env, region)).Rules ?? []).map(
      (r: any) => r.Name,
    ),
  // Not in the tagging API on moto. Multi-region trails are listed in every
  // region of their account (shadow trails), as in AWS.
  "CloudTrail trails": async (env, region) =>
    (
      (await call(["cloudtrail", "describe-trails"], env, region)).trailList ??
      []
    ).map((t: any) => t.TrailARN ?? t.Name),
  "Config recorders": async (env, region) =>
    (
      (
        await call(
          ["configservice", "describe-configuration-recorders"],
          env,
          region,
        )
      ).ConfigurationRecorders ?? []
    ).map((r: any) => r.name),
  "Config delivery channels": async (env, region) =>
    (
      (await call(["configservice", "describe-delivery-channels"], env, region))
        .DeliveryChannels ?? []
    ).map((c: any) => c.name),
  "Config rules": async (env, region) =>
    (
      (await call(["configservice", "describe-config-rules"], env, region))
        .ConfigRules ?? []
    ).map((r: any) => r.ConfigRuleName),
  "KMS keys (not pending deletion)": async (env, region) => {
    const keys = (await call(["kms", "list-keys"], env, region)).Keys ?? [];
    const left: string[] = [];
    for (const key of keys) {
      const meta = (
        await call(["kms", "describe-key", "--key-id", key.KeyId], env, region)
      ).KeyMetadata;
      if (meta.KeyManager === "CUSTOMER" && meta.KeyState !== "PendingDeletion")
        left.push(key.KeyId);
    }
    return left;
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Everything left in `regions` of the account `env` acts in: check name → ids. Empty when clean. */
export async function leftovers(
  env: NodeJS.ProcessEnv,
  regions: readonly string[],
): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const region of regions) {
    const results = await Promise.all(
      Object.entries(LEFTOVER_CHECKS).map(
        async ([name, check]) => [name, await check(env, region)] as const,
      ),
    );
    for (const [name, ids] of results)
      if (ids.length > 0) found[`${name} in ${region}`] = [...ids];
  }
  return found;
}
