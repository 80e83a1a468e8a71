import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/** Fargate capacity providers. */
export type FargateCapacityProvider = "FARGATE" | "FARGATE_SPOT";

/** One entry of a capacity provider strategy. */
export interface CapacityProviderStrategyItem {
  readonly capacityProvider: FargateCapacityProvider;
  /** Tasks placed on this provider before any weight applies. */
  readonly base: number;
  /** Relative share of the tasks beyond the bases. */
  readonly weight: number;
}

/** On-demand Fargate only: what a strategy defaults to. */
export const ON_DEMAND_ONLY: readonly CapacityProviderStrategyItem[] = [
  { capacityProvider: "FARGATE", base: 0, weight: 1 },
];

/**
 * Checks a capacity provider strategy as ECS does: at least one entry, each
 * provider named once, at most one base, some weight above 0, bases and
 * weights within ECS's ranges. Reports under `prop`.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
 */
export function checkCapacityProviderStrategy(
  report: PropReport,
  prop: string,
  strategy: readonly CapacityProviderStrategyItem[] | undefined,
): void {
  const checks = new PropChecks(report);
  const rule = (
    ok: (s: readonly CapacityProviderStrategyItem[]) => boolean,
    reason: string,
  ) => checks.check(prop, strategy, ok, reason);
  rule((s) => s.length > 0, "must name at least one capacity provider");
  rule(
    (s) => new Set(s.map((i) => i.capacityProvider)).size === s.length,
    "must name each capacity provider once",
  );
  rule(
    (s) => s.filter((i) => i.base > 0).length <= 1,
    "only one capacity provider may have a base",
  );
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
  rule(
    (s) => s.length === 0 || s.some((i) => i.weight > 0),
    "at least one capacity provider must have a weight above 0",
  );
  (strategy ?? []).forEach((item, i) => {
    checks.wholeNumber(`${prop}[${i}].base`, item.base, 0, 100000);
    checks.wholeNumber(`${prop}[${i}].weight`, item.weight, 0, 1000);
  });
}

/** Properties of an {@link EcsCluster}. */
export interface EcsClusterProps {
  /** Cluster name. */
  readonly clusterName: string;
  /**
   * Default strategy of the cluster (services may set their own).
   * @default - on-demand FARGATE only
   */
  readonly defaultCapacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
}

/**
 * An ECS cluster for Fargate: Container Insights on, and both FARGATE and
 * FARGATE_SPOT registered as capacity providers so that services can mix
 * on-demand and Spot tasks.
 */
export class EcsCluster extends Construct {
  public readonly cluster: EcsClusterResource;
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** The capacity provider association; services that use a strategy depend on it. */
  public readonly capacityProviders: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const strategy = props.defaultCapacityProviderStrategy ?? ON_DEMAND_ONLY;
    checkCapacityProviderStrategy(
      throwOnBadProp(`EcsCluster ${id}`),
      "defaultCapacityProviderStrategy",
      strategy,
    );

    this.cluster = new EcsClusterResource(this, "cluster", {
      name: props.clusterName,
      // Task-level CPU, memory and RunningTaskCount metrics (ECS/ContainerInsights).
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    this.capacityProviders = new EcsClusterCapacityProviders(
      this,
      "capacity-providers",
      {
        clusterName: this.cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy: strategy.map((s) => ({
          capacityProvider: s.capacityProvider,
          base: s.base,
          weight: s.weight,
        })),
      },
    );
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
  }
}
