/**
 * AWS CloudTrail trails.
 */
import {
  CannotPrice,
  req,
  type ResourceConfig,
  type Rule,
  type ServiceRules,
} from "./rule";

const cloudTrail: Rule = (ctx) => {
  const c = ctx.config;
  const dataEvents = (c.event_selector ?? []).some(
    (s: ResourceConfig) => (s.data_resource ?? []).length > 0,
  );
  if (dataEvents || (c.advanced_event_selector ?? []).length > 0)
    throw new CannotPrice("data events have no rate in the price file");
  if ((c.insight_selector ?? []).length > 0)
    throw new CannotPrice("CloudTrail Insights has no rate in the price file");
  return {
    lines: [
      {
        item: "management events beyond the free first copy (its files are priced on the audit bucket)",
        rate: "cloudtrail.100k-paid-events",
        quantity: req(ctx, "cloudtrail-paid-events") / 100_000,
        assumptions: ["cloudtrail-paid-events"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const CLOUDTRAIL_RULES: ServiceRules = {
  priced: {
    aws_cloudtrail: cloudTrail,
  },
  free: {},
};
