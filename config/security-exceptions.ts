/**
 * Deliberate exceptions to security controls, in one place. Each hardened
 * control below names the setting that implements it and its hardened value;
 * an environment whose setting differs must list it here with the reason,
 * and an exception whose setting is hardened after all is reported as stale.
 * The controls are AWS Foundational Security Best Practices ids where one exists.
 * Availability settings (Multi-AZ, NAT layout) are sizing, not security
 * controls: their rules live in the section validators.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html
 */
import { servesHttps } from "./validate-edge";
import { Problems } from "./errors";
import type { EnvironmentConfig, EnvironmentName } from "./types";

/** A security control and the configuration setting that implements it. */
export interface HardenedControl {
  /** Path of the setting inside an environment, e.g. `api.readonlyRootFilesystem`. */
  readonly setting: string;
  /** The value that satisfies the control. */
  readonly hardened: boolean;
  /** The control, e.g. `ECS.5: containers have read-only root filesystems`. */
  readonly control: string;
  /**
   * For a control that more than one setting can satisfy: whether `env`
   * satisfies it (compared with `hardened`), and what to set instead of
   * "set it to <hardened>".
   * @default - the value of `setting` itself
   */
  readonly derived?: {
    readonly holds: (env: EnvironmentConfig) => boolean;
    readonly remedy: string;
  };
}

/** The controls this project holds every environment to, unless excepted below. */
export const HARDENED_CONTROLS: readonly HardenedControl[] = [
  {
    setting: "api.readonlyRootFilesystem",
    hardened: true,
    control: "ECS.5: containers are limited to read-only root filesystems",
  },
  {
    setting: "api.enableExecuteCommand",
    hardened: false,
    control: "no interactive shell into running tasks (ECS Exec off)",
  },
  {
    setting: "database.deletionProtection",
    hardened: true,
    control: "RDS.8: DB instances have deletion protection enabled",
  },
  {
    setting: "api.loadBalancerDeletionProtection",
    hardened: true,
    control: "ELB.6: load balancers have deletion protection enabled",
  },
  {
    setting: "api.accessLogs",
    hardened: true,
    control: "ELB.5: load balancer logging is enabled",
  },
  {
    setting: "edge.domainName",
    hardened: true,
    control:
      "ELB.1: HTTP listeners redirect to HTTPS (an HTTPS listener with TLS 1.3)",
    derived: {
      holds: servesHttps,
      remedy: "set it (or api.certificateArn)",
    },
  },
  {
    setting: "edge.waf.enabled",
    hardened: true,
    control:
      "ELB.16: the internet-facing load balancer is associated with a WAF web ACL (Checkov CKV2_AWS_28)",
  },
  {
    setting: "compliance.cloudTrail",
    hardened: true,
    control: "CloudTrail.1: a multi-region trail records management events",
  },
  {
    setting: "compliance.awsConfig",
    hardened: true,
    control: "Config.1: AWS Config is enabled",
  },
];

/** Per environment: setting → why it deviates from its control. */
export const SECURITY_EXCEPTIONS: Readonly<
  Record<EnvironmentName, Readonly<Record<string, string>>>
> = {
  development: {
    "api.readonlyRootFilesystem":
      "ECS Exec's SSM agent writes to the container's root filesystem, and development debugs with aws ecs execute-command",
    "api.enableExecuteCommand":
      "engineers open shells into development tasks to debug; no production data lives there",
    "database.deletionProtection":
      "development is rebuilt with cdktf destroy; its data is disposable",
    "api.loadBalancerDeletionProtection":
      "development is rebuilt with cdktf destroy",
    "api.accessLogs":
      "no users outside the team reach development; the log bucket would cost more than it tells",
    "compliance.cloudTrail":
      "development holds no production data; staging and production record the audit trail",
    "compliance.awsConfig":
      "development holds no production data; staging and production record resource compliance",
    "edge.domainName":
      "development serves only the team, with test data and no client credentials; a zone and certificate per developer account would be ceremony (staging and production refuse plain HTTP)",
    "edge.waf.enabled":
      "no clients outside the team reach development; the web ACL's fixed monthly price is more than development's traffic is worth protecting (staging and production require it)",
  },
  staging: {
    "database.deletionProtection":
      "staging is rebuilt with cdktf destroy to rehearse production's setup",
    "api.loadBalancerDeletionProtection":
      "staging is rebuilt with cdktf destroy to rehearse production's setup",
  },
  production: {},
};

/** The value of `setting` (a dotted path) in `env`. */
export function settingValue(env: EnvironmentConfig, setting: string): unknown {
  return setting
    .split(".")
    .reduce<unknown>(
      (value, key) =>
        value === undefined
          ? undefined
          : (value as Record<string, unknown>)[key],
      env,
    );
}

/**
 * Checks that `env` deviates from a hardened control only where
 * `exceptions` lists it with a reason, and that no exception is stale.
 */
export function validateSecurityExceptions(
  problems: Problems,
  env: EnvironmentConfig,
  exceptions: Readonly<Record<string, string>> = SECURITY_EXCEPTIONS[
    env.name
  ] ?? {},
  controls: readonly HardenedControl[] = HARDENED_CONTROLS,
): void {
  for (const control of controls) {
    const value = settingValue(env, control.setting);
    const holds = control.derived
      ? control.derived.holds(env) === control.hardened
      : value === control.hardened;
    const remedy = control.derived?.remedy ?? `set it to ${control.hardened}`;
    const reason = exceptions[control.setting];
    const path = `${env.name}.${control.setting}`;
    if (!holds) {
      problems.check(
        reason !== undefined,
        path,
        value,
        `breaks ${control.control}: ${remedy}, or list it with its reason in SECURITY_EXCEPTIONS.${env.name} (config/security-exceptions.ts)`,
      );
    } else {
      problems.check(
        reason === undefined,
        `SECURITY_EXCEPTIONS.${env.name}["${control.setting}"]`,
        reason,
        `is stale: ${control.derived ? `${env.name} satisfies ${control.control}` : `${path} is ${value}, which satisfies ${control.control}`}; remove the exception`,
      );
    }
    if (reason !== undefined)
      problems.check(
        reason.trim().length >= 10,
        `SECURITY_EXCEPTIONS.${env.name}["${control.setting}"]`,
        reason,
        "must give the reason in words",
      );
  }
  for (const setting of Object.keys(exceptions))
    problems.check(
      controls.some((c) => c.setting === setting),
      `SECURITY_EXCEPTIONS.${env.name}["${setting}"]`,
      exceptions[setting],
      "names no control of HARDENED_CONTROLS",
    );
}
