/** Validation of the API (ECS Fargate, load balancer, registry) settings. */
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";
import { checkIntegerRange, checkLogRetention } from "./checks";
import { parseCidr } from "./cidr";

/** Memory (MiB) Fargate accepts for each task CPU value. */
export const FARGATE_MEMORY_BY_CPU: Readonly<
  Record<number, readonly number[]>
> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

const ACM_ARN =
  /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;

/** Checks `env.api`, recording each bad setting in `problems`. */
export function validateApi(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.api`;
  const a = env.api;
  const memories = FARGATE_MEMORY_BY_CPU[a.cpu];
  problems.check(
    memories !== undefined,
    `${p}.cpu`,
    a.cpu,
    `must be a Fargate CPU value (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})`,
  );
  if (memories) {
    problems.check(
      memories.includes(a.memoryMiB),
      `${p}.memoryMiB`,
      a.memoryMiB,
      `is not a memory size Fargate accepts with cpu ${a.cpu} (${memories[0]}-${memories[memories.length - 1]} in steps of ${memories[1] - memories[0]})`,
    );
  }
  checkIntegerRange(problems, `${p}.minCapacity`, a.minCapacity, 0, 1000);
  checkIntegerRange(problems, `${p}.maxCapacity`, a.maxCapacity, 1, 1000);
  problems.check(
    a.minCapacity <= a.maxCapacity,
    `${p}.minCapacity`,
    a.minCapacity,
    `must not exceed maxCapacity (${a.maxCapacity})`,
  );
  problems.check(
    Number.isInteger(a.desiredCount) &&
      a.desiredCount >= a.minCapacity &&
      a.desiredCount <= a.maxCapacity,
    `${p}.desiredCount`,
    a.desiredCount,
    `must lie within minCapacity..maxCapacity (${a.minCapacity}..${a.maxCapacity})`,
  );
  checkIntegerRange(problems, `${p}.containerPort`, a.containerPort, 1, 65535);
  problems.check(
    /^\/[\x21-\x7e]*$/.test(a.healthCheckPath),
    `${p}.healthCheckPath`,
    a.healthCheckPath,
    'must start with "/" and contain no spaces',
  );
  checkIntegerRange(
    problems,
    `${p}.healthCheckIntervalSeconds`,
    a.healthCheckIntervalSeconds,
    5,
    300,
  );
  checkIntegerRange(
    problems,
    `${p}.healthyThreshold`,
    a.healthyThreshold,
    2,
    10,
  );
  checkIntegerRange(
    problems,
    `${p}.unhealthyThreshold`,
    a.unhealthyThreshold,
    2,
    10,
  );
  checkIntegerRange(
    problems,
    `${p}.healthCheckGracePeriodSeconds`,
    a.healthCheckGracePeriodSeconds,
    0,
    2147483647,
  );
  checkIntegerRange(
    problems,
    `${p}.deregistrationDelaySeconds`,
    a.deregistrationDelaySeconds,
    0,
    3600,
  );
  checkIntegerRange(
    problems,
    `${p}.cpuTargetPercent`,
    a.cpuTargetPercent,
    1,
    100,
  );
  checkIntegerRange(
    problems,
    `${p}.memoryTargetPercent`,
    a.memoryTargetPercent,
    1,
    100,
  );
  checkIntegerRange(
    problems,
    `${p}.scaleOutCooldownSeconds`,
    a.scaleOutCooldownSeconds,
    0,
    3600,
  );
  checkIntegerRange(
    problems,
    `${p}.scaleInCooldownSeconds`,
    a.scaleInCooldownSeconds,
    0,
    3600,
  );
  problems.check(
    a.capacityProviderStrategy.length > 0,
    `${p}.capacityProviderStrategy`,
    a.capacityProviderStrategy,
    "must name at least one capacity provider",
  );
  a.capacityProviderStrategy.forEach((c, i) => {
    problems.check(
      ["FARGATE", "FARGATE_SPOT"].includes(c.capacityProvider),
      `${p}.capacityProviderStrategy[${i}].capacityProvider`,
      c.capacityProvider,
      'must be "FARGATE" or "FARGATE_SPOT"',
    );
    checkIntegerRange(
      problems,
      `${p}.capacityProviderStrategy[${i}].base`,
      c.base,
      0,
      100000,
    );
    checkIntegerRange(
      problems,
      `${p}.capacityProviderStrategy[${i}].weight`,
      c.weight,
      0,
      1000,
    );
  });
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
  problems.check(
    a.capacityProviderStrategy.some((c) => c.weight > 0),
    `${p}.capacityProviderStrategy`,
    a.capacityProviderStrategy,
    "at least one capacity provider must have a weight above 0",
  );
  problems.check(
    new Set(a.capacityProviderStrategy.map((c) => c.capacityProvider)).size ===
      a.capacityProviderStrategy.length,
    `${p}.capacityProviderStrategy`,
    a.capacityProviderStrategy,
    "must name each capacity provider once",
  );
  problems.check(
    a.capacityProviderStrategy.filter((c) => c.base > 0).length <= 1,
    `${p}.capacityProviderStrategy`,
    a.capacityProviderStrategy,
    "only one capacity provider may have a base",
  );
  problems.check(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(a.imageTag),
    `${p}.imageTag`,
    a.imageTag,
    "must be a valid image tag",
  );
  checkIntegerRange(problems, `${p}.ecrKeepImages`, a.ecrKeepImages, 1, 1000);
  problems.check(
    typeof a.registryForceDelete === "boolean",
    `${p}.registryForceDelete`,
    a.registryForceDelete,
    "must be true or false",
  );
  problems.check(
    env.name !== "production" || a.registryForceDelete === false,
    `${p}.registryForceDelete`,
    a.registryForceDelete,
    "must be false in production (destroying the stack must not delete its images)",
  );
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html: the SSM agent writes to the root filesystem.
  problems.check(
    !(a.enableExecuteCommand && a.readonlyRootFilesystem),
    `${p}.readonlyRootFilesystem`,
    a.readonlyRootFilesystem,
    "cannot be true while enableExecuteCommand is true (ECS Exec needs a writable root filesystem)",
  );
  problems.check(
    a.containerUser === "" || /^\d+(:\d+)?$/.test(a.containerUser),
    `${p}.containerUser`,
    a.containerUser,
    'must be empty or "uid" / "uid:gid"',
  );
  if (a.certificateArn !== "") {
    const m = ACM_ARN.exec(a.certificateArn);
    problems.check(
      m !== null,
      `${p}.certificateArn`,
      a.certificateArn,
      "must be an ACM certificate ARN",
    );
    if (m)
      problems.check(
        m[1] === env.region,
        `${p}.certificateArn`,
        a.certificateArn,
        `must be a certificate in ${env.region}, the load balancer's region (found ${m[1]})`,
      );
  }
  checkIntegerRange(
    problems,
    `${p}.accessLogRetentionDays`,
    a.accessLogRetentionDays,
    1,
    3650,
  );
  checkLogRetention(problems, `${p}.logRetentionDays`, a.logRetentionDays);
  a.extraEgress.forEach((rule, i) => {
    checkIntegerRange(
      problems,
      `${p}.extraEgress[${i}].port`,
      rule.port,
      1,
      65535,
    );
    problems.check(
      ["tcp", "udp"].includes(rule.protocol),
      `${p}.extraEgress[${i}].protocol`,
      rule.protocol,
      'must be "tcp" or "udp"',
    );
    problems.check(
      rule.cidrBlocks.length > 0,
      `${p}.extraEgress[${i}].cidrBlocks`,
      rule.cidrBlocks,
      "must name at least one destination",
    );
    rule.cidrBlocks.forEach((cidr, j) =>
      problems.check(
        parseCidr(cidr) !== undefined,
        `${p}.extraEgress[${i}].cidrBlocks[${j}]`,
        cidr,
        "must be an IPv4 CIDR block",
      ),
    );
    // Security group rule descriptions accept a restricted character set.
    problems.check(
      /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/.test(rule.description),
      `${p}.extraEgress[${i}].description`,
      rule.description,
      "may hold only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (at most 255)",
    );
    problems.check(
      rule.description.length > 0,
      `${p}.extraEgress[${i}].description`,
      rule.description,
      "must say why the port is open",
    );
  });
}
