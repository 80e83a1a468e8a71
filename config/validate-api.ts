/**
 * Validation of the API settings: the checks of the constructs they become
 * (ContainerService with its task definition, LoadBalancer,
 * ServiceAutoscaling, ContainerRegistry, AccessLogBucket) under the
 * settings' paths, and the policy rules of this configuration.
 */
import {
  checkContainerRegistryProps,
  checkContainerServiceProps,
  checkServiceAutoscalingProps,
  IMAGE_TAG_PATTERN,
} from "../modules/container";
import {
  ACM_CERTIFICATE_ARN,
  checkAccessLogBucketProps,
  checkLoadBalancerProps,
} from "../modules/load-balancing";
import { Problems } from "./errors";
import { EnvironmentConfig } from "./types";

/** Checks `env.api`, recording each bad setting in `problems`. */
export function validateApi(problems: Problems, env: EnvironmentConfig): void {
  const p = `${env.name}.api`;
  const a = env.api;

  // ------------------------------------------------- what AWS accepts
  checkContainerServiceProps(
    problems.at(p, {
      healthCheckRetries: "unhealthyThreshold",
      user: "containerUser",
    }),
    {
      ...a,
      healthCheckRetries: a.unhealthyThreshold,
      user: a.containerUser,
    },
  );
  checkLoadBalancerProps(
    problems.at(p, {
      targetPort: "containerPort",
      "healthCheck.path": "healthCheckPath",
      "healthCheck.intervalSeconds": "healthCheckIntervalSeconds",
      "healthCheck.healthyThreshold": "healthyThreshold",
      "healthCheck.unhealthyThreshold": "unhealthyThreshold",
    }),
    {
      targetPort: a.containerPort,
      certificateArn: a.certificateArn,
      deregistrationDelaySeconds: a.deregistrationDelaySeconds,
      healthCheck: {
        path: a.healthCheckPath,
        intervalSeconds: a.healthCheckIntervalSeconds,
        healthyThreshold: a.healthyThreshold,
        unhealthyThreshold: a.unhealthyThreshold,
      },
    },
  );
  checkServiceAutoscalingProps(problems.at(p), a);
  checkContainerRegistryProps(problems.at(p, { keepImages: "ecrKeepImages" }), {
    keepImages: a.ecrKeepImages,
  });
  checkAccessLogBucketProps(
    problems.at(p, { expirationDays: "accessLogRetentionDays" }),
    { expirationDays: a.accessLogRetentionDays },
  );
  // The default of the image_tag variable, which checks the same pattern.
  problems.check(
    IMAGE_TAG_PATTERN.test(a.imageTag),
    `${p}.imageTag`,
    a.imageTag,
    "must be a valid image tag",
  );

  // ----------------------------------------------------------- policy
  problems.check(
    Number.isInteger(a.desiredCount) &&
      a.desiredCount >= a.minCapacity &&
      a.desiredCount <= a.maxCapacity,
    `${p}.desiredCount`,
    a.desiredCount,
    `must lie within minCapacity..maxCapacity (${a.minCapacity}..${a.maxCapacity})`,
  );
  problems.check(
    env.name !== "production" || !a.registryForceDelete,
    `${p}.registryForceDelete`,
    a.registryForceDelete,
    "must be false in production (destroying the stack must not delete its images)",
  );
  // A numeric user: a user name could map to root in another image.
  problems.check(
    a.containerUser === undefined || /^\d+(:\d+)?$/.test(a.containerUser),
    `${p}.containerUser`,
    a.containerUser,
    'must be "uid" or "uid:gid" (or unset: the image\'s user)',
  );
  const certificateRegion =
    a.certificateArn === undefined
      ? undefined
      : ACM_CERTIFICATE_ARN.exec(a.certificateArn)?.[1];
  problems.check(
    certificateRegion === undefined || certificateRegion === env.region,
    `${p}.certificateArn`,
    a.certificateArn,
    `must be a certificate in ${env.region}, the load balancer's region (found ${certificateRegion})`,
  );
}
