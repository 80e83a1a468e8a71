/**
 * The checked-in delivery settings (docs/delivery.md) and the promotion
 * order they give. Their types are in config/types-delivery.ts, their
 * validation in config/validate-delivery.ts.
 */
import { ENVIRONMENT_NAMES, EnvironmentName } from "./environment-names";
import type { DeliverySettings } from "./types-delivery";

/** The checked-in delivery settings. Set `repository` to your own before deploying the CI stacks. */
export const DELIVERY: DeliverySettings = {
  repository: "example-org/financial-pipeline-infrastructure",
  defaultBranch: "main",
  // Long enough for a Multi-AZ RDS create; the state role chained behind it is held to 1 h by STS.
  maxSessionSeconds: 7200,
  environments: {
    development: {
      githubEnvironment: "development",
      promotedFrom: "",
      driftCron: "0 5 * * *",
    },
    staging: {
      githubEnvironment: "staging",
      promotedFrom: "development",
      driftCron: "20 5 * * *",
    },
    production: {
      githubEnvironment: "production",
      promotedFrom: "staging",
      driftCron: "40 * * * *",
    },
  },
};

/** The environments in promotion order: the automatic one first, then each one promoted from the one before. */
export function promotionOrder(delivery: DeliverySettings): EnvironmentName[] {
  const order: EnvironmentName[] = ENVIRONMENT_NAMES.filter(
    (n) => delivery.environments[n].promotedFrom === "",
  );
  while (order.length < ENVIRONMENT_NAMES.length) {
    const next = ENVIRONMENT_NAMES.find(
      (n) =>
        !order.includes(n) &&
        delivery.environments[n].promotedFrom === order[order.length - 1],
    );
    if (next === undefined) break;
    order.push(next);
  }
  return order;
}
