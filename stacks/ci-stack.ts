import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DeliverySettings, EnvironmentConfig, StateSettings } from "../config";
import {
  DeployRole,
  GithubOidcProvider,
  GITHUB_OIDC_ISSUER,
  PassedRoles,
  PermissionsBoundary,
  PlanRole,
} from "../modules/delivery";
import { CLOUDFRONT_CERTIFICATE_REGION } from "../modules/cdn";
import { BootstrapStack } from "./bootstrap-stack";
import { LayerStack, LayerStackProps } from "./layer-stack";

/** AWS managed policies the environment stacks attach (RDS Enhanced Monitoring, AWS Config). */
export const STACK_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
  "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
];

/** The stacks' roles by purpose (name after `<project>-<environment>-`) and the service each is passed to. */
export const STACK_PASSED_ROLES: readonly PassedRoles[] = [
  { names: ["*-execution", "*-task"], service: "ecs-tasks.amazonaws.com" },
  {
    names: ["*-scheduler", "market-hours"],
    service: "scheduler.amazonaws.com",
  },
  { names: ["aws-config"], service: "config.amazonaws.com" },
  { names: ["vpc-flow-logs"], service: "vpc-flow-logs.amazonaws.com" },
  { names: ["postgres-monitoring"], service: "monitoring.rds.amazonaws.com" },
  { names: ["postgres-proxy"], service: "rds.amazonaws.com" },
];

/** Properties of a {@link CiStack}. */
export interface CiStackProps extends LayerStackProps {
  /** Repository, GitHub environments and session length. */
  readonly delivery: DeliverySettings;
}

/**
 * `financial-pipeline-<environment>-ci`: what GitHub Actions needs to reach
 * the environment's account without a stored key — the account's GitHub OIDC
 * provider, the deploy role (jobs of the environment's GitHub environment
 * only) and the plan role (pull requests and the default branch, read-only).
 *
 * It lives in the environment's account, not in the bootstrap (state
 * account): IAM roles and an OIDC provider belong to the account they act
 * in. It refers to no other stack, so it deploys first, once, with an
 * administrator's credentials (docs/delivery.md); the deploy role cannot
 * change it afterwards.
 */
export class CiStack extends LayerStack {
  public readonly oidcProvider: GithubOidcProvider;
  public readonly deployRole: DeployRole;
  public readonly planRole: PlanRole;
  public readonly boundary: PermissionsBoundary;

  /** Name of the environment's permissions boundary: `<project>-<environment>-boundary`. */
  public static boundaryName(environment: EnvironmentConfig): string {
    return `${environment.project}-${environment.name}-boundary`;
  }

  /** ARN of the boundary every role of the environment's other stacks carries (known before it exists). */
  public static boundaryArn(environment: EnvironmentConfig): string {
    return PermissionsBoundary.arnOf(
      environment.accountId,
      CiStack.boundaryName(environment),
    );
  }

  /** Name of the environment's deploy role: `<project>-<environment>-ci-deploy`. */
  /**
   * Regions the deploy role may act in: the environment's, its DR region,
   * and us-east-1 while the CDN is on (its viewer certificate is ACM's there).
   */
  public static deployRegions(environment: EnvironmentConfig): string[] {
    const regions = [
      environment.region,
      ...(environment.database.drRegion ? [environment.database.drRegion] : []),
      ...(environment.edge.cdn.enabled ? [CLOUDFRONT_CERTIFICATE_REGION] : []),
    ];
    return [...new Set(regions)];
  }

  public static deployRoleName(environment: EnvironmentConfig): string {
    return `${LayerStack.stackName(environment, "ci")}-deploy`;
  }

  /** Name of the environment's plan role: `<project>-<environment>-ci-plan`. */
  public static planRoleName(environment: EnvironmentConfig): string {
    return `${LayerStack.stackName(environment, "ci")}-plan`;
  }

  /** ARN of a role of the environment's account, known before it exists (the workflows need it). */
  public static roleArn(environment: EnvironmentConfig, name: string): string {
    return `arn:aws:iam::${environment.accountId}:role/${name}`;
  }

  /** The OIDC subjects of the environment's deploy jobs and of plans. */
  public static subjects(
    environment: EnvironmentConfig,
    delivery: DeliverySettings,
  ): { deploy: string; plan: string[] } {
    const repo = `repo:${delivery.repository}`;
    const gh = delivery.environments[environment.name].githubEnvironment;
    return {
      deploy: `${repo}:environment:${gh}`,
      plan: [
        `${repo}:pull_request`,
        `${repo}:ref:refs/heads/${delivery.defaultBranch}`,
      ],
    };
  }

  constructor(scope: Construct, props: CiStackProps) {
    super(scope, "ci", props);
    const env = props.environment;
    const s3 = props.state.backend === "s3";
    const subjects = CiStack.subjects(env, props.delivery);
    const deployRoleName = CiStack.deployRoleName(env);
    const planRoleName = CiStack.planRoleName(env);

    this.oidcProvider = new GithubOidcProvider(this, "github-oidc");
    this.boundary = new PermissionsBoundary(this, "boundary", {
      policyName: CiStack.boundaryName(env),
      accountId: env.accountId,
    });
    this.deployRole = new DeployRole(this, "deploy", {
      roleName: deployRoleName,
      oidcProviderArn: this.oidcProvider.arn,
      subject: subjects.deploy,
      accountId: env.accountId,
      regions: CiStack.deployRegions(env),
      roleNamePrefix: `${env.project}-${env.name}`,
      permissionsBoundaryArn: this.boundary.arn,
      managedPolicyArns: STACK_MANAGED_POLICIES,
      passedRoles: STACK_PASSED_ROLES,
      environmentTag: { key: "Environment", value: env.name },
      // Where the database may be destroyed, so may the environment and its audit logging.
      mayDeleteAuditLogging: !env.database.preventDestroy,
      stateAccessRoleArn: s3
        ? BootstrapStack.accessRoleArn(props.state, env.name)
        : undefined,
      protectedArns: [
        CiStack.roleArn(env, deployRoleName),
        CiStack.roleArn(env, planRoleName),
        `arn:aws:iam::${env.accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}`,
        this.boundary.arn,
      ],
      maxSessionSeconds: props.delivery.maxSessionSeconds,
    });
    this.planRole = new PlanRole(this, "plan", {
      roleName: planRoleName,
      oidcProviderArn: this.oidcProvider.arn,
      subjects: subjects.plan,
      stateReadRoleArn: s3
        ? BootstrapStack.readRoleArn(props.state, env.name)
        : undefined,
      maxSessionSeconds: props.delivery.maxSessionSeconds,
    });

    new TerraformOutput(this, "deploy_role_arn", {
      value: this.deployRole.roleArn,
      description: `Role the ${env.name} deploy jobs assume (${subjects.deploy})`,
    });
    new TerraformOutput(this, "plan_role_arn", {
      value: this.planRole.roleArn,
      description: "Read-only role of pull-request plans and drift checks",
    });
    new TerraformOutput(this, "oidc_provider_arn", {
      value: this.oidcProvider.arn,
      description: "GitHub Actions OIDC provider of the account",
    });
  }
}

/** Creates the environment's CI stack. */
export function createCiStack(
  scope: Construct,
  environment: EnvironmentConfig,
  state: StateSettings,
  delivery: DeliverySettings,
): CiStack {
  return new CiStack(scope, { environment, state, delivery });
}
