import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "constructs";

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
 * Checks a capacity provider strategy as ECS does: at least one entry,
 * providers named once, at most one base, some weight above 0. Throws naming `what`.
 */
export function checkCapacityProviderStrategy(
  what: string,
  strategy: readonly CapacityProviderStrategyItem[],
): void {
  const problems: string[] = [];
  if (strategy.length === 0) problems.push("is empty");
  if (new Set(strategy.map((s) => s.capacityProvider)).size !== strategy.length)
    problems.push("names a provider twice");
  if (strategy.filter((s) => s.base > 0).length > 1)
    problems.push("gives more than one provider a base");
  if (!strategy.some((s) => s.weight > 0))
    problems.push("has no weight above 0");
  if (
    strategy.some(
      (s) =>
        !Number.isInteger(s.base) ||
        s.base < 0 ||
        !Number.isInteger(s.weight) ||
        s.weight < 0,
    )
  ) {
    problems.push("has a base or weight that is not a whole number >= 0");
  }
  if (problems.length > 0)
    throw new Error(
      `${what} = ${JSON.stringify(strategy)}: ${problems.join(", ")}`,
    );
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
      `EcsCluster ${id}: defaultCapacityProviderStrategy`,
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
