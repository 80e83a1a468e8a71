/**
 * Application Auto Scaling: the alarms target tracking creates.
 */
import type { Rule, ServiceRules } from "./rule";

const scalingPolicy: Rule = (ctx) => {
  if (ctx.config.policy_type !== "TargetTrackingScaling")
    return {
      free: "step scaling policies have no charge (their alarm is its own resource)",
    };
  // Target tracking creates and bills two alarms of its own (scale out, scale in).
  // https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
  return {
    lines: [
      {
        item: "the two alarms target tracking creates",
        rate: "cloudwatch.alarm-metric-month",
        quantity: 2,
        assumptions: [],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const APPLICATION_AUTOSCALING_RULES: ServiceRules = {
  priced: {
    aws_appautoscaling_policy: scalingPolicy,
  },
  free: {
    aws_appautoscaling_target: "no charge",
  },
};
