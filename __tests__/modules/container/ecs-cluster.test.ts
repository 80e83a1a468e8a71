import { EcsCluster as EcsClusterResource } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  CapacityProviderStrategyItem,
  EcsCluster,
  EcsClusterProps,
} from "../../../modules/container/ecs-cluster";

function synthCluster(overrides: Partial<EcsClusterProps> = {}): string {
  return Testing.synthScope((scope) => {
    new EcsCluster(scope, "cluster", { clusterName: "team", ...overrides });
  });
}

const MOSTLY_SPOT: CapacityProviderStrategyItem[] = [
  { capacityProvider: "FARGATE_SPOT", base: 0, weight: 4 },
  { capacityProvider: "FARGATE", base: 0, weight: 1 },
];

describe("EcsCluster", () => {
  it("GIVEN a name WHEN synthesized THEN Container Insights is enabled", () => {
    expect(synthCluster()).toHaveResourceWithProperties(EcsClusterResource, {
      name: "team",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  it("GIVEN a cluster WHEN synthesized THEN FARGATE and FARGATE_SPOT are its capacity providers", () => {
    expect(synthCluster()).toHaveResourceWithProperties(
      EcsClusterCapacityProviders,
      {
        capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      },
    );
  });

  it("GIVEN no strategy WHEN synthesized THEN the default strategy is on-demand FARGATE only", () => {
    expect(synthCluster()).toHaveResourceWithProperties(
      EcsClusterCapacityProviders,
      {
        default_capacity_provider_strategy: [
          { capacity_provider: "FARGATE", base: 0, weight: 1 },
        ],
      },
    );
  });

  it("GIVEN a mostly-Spot strategy WHEN synthesized THEN it is the cluster's default", () => {
    expect(
      synthCluster({ defaultCapacityProviderStrategy: MOSTLY_SPOT }),
    ).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      default_capacity_provider_strategy: [
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: 4 },
        { capacity_provider: "FARGATE", base: 0, weight: 1 },
      ],
    });
  });

  it("GIVEN a base on both providers WHEN constructed THEN it throws naming the prop", () => {
    const strategy: CapacityProviderStrategyItem[] = [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 1, weight: 1 },
    ];
    expect(() =>
      synthCluster({ defaultCapacityProviderStrategy: strategy }),
    ).toThrow(
      /defaultCapacityProviderStrategy = .*: only one capacity provider may have a base/,
    );
  });

  it("GIVEN only zero weights WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthCluster({
        defaultCapacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 1, weight: 0 },
        ],
      }),
    ).toThrow(
      /defaultCapacityProviderStrategy = .*: at least one capacity provider must have a weight above 0/,
    );
  });

  it("GIVEN the same provider twice WHEN constructed THEN it throws naming the prop", () => {
    expect(() =>
      synthCluster({
        defaultCapacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 0, weight: 1 },
          { capacityProvider: "FARGATE", base: 0, weight: 2 },
        ],
      }),
    ).toThrow(
      /defaultCapacityProviderStrategy = .*: must name each capacity provider once/,
    );
  });

  it("GIVEN an empty strategy WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthCluster({ defaultCapacityProviderStrategy: [] })).toThrow(
      /defaultCapacityProviderStrategy = \[\]: must name at least one capacity provider/,
    );
  });
});
