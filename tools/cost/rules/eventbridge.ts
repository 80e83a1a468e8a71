/**
 * Amazon EventBridge rules and their targets.
 */
import { CannotPrice, type Rule, type ServiceRules } from "./rule";

const eventRule: Rule = (ctx) => {
  const c = ctx.config;
  if (c.schedule_expression)
    return {
      free: "scheduled EventBridge rules have no charge",
    };
  const bus = c.event_bus_name ?? "default";
  let sources: unknown[] = [];
  try {
    sources = [JSON.parse(String(c.event_pattern)).source ?? []].flat();
  } catch {
    throw new CannotPrice("its event pattern does not parse");
  }
  if (
    bus === "default" &&
    sources.length > 0 &&
    sources.every((s) => typeof s === "string" && s.startsWith("aws."))
  )
    return {
      free: `matches AWS service events (${sources.join(", ")}) on the default bus: free, and a rule has no charge of its own`,
    };
  throw new CannotPrice(
    "matches custom events: their publishing is billed per million, which has no rate here",
  );
};

/** Priced and free resource types of this service. */
export const EVENTBRIDGE_RULES: ServiceRules = {
  priced: {
    aws_cloudwatch_event_rule: eventRule,
  },
  free: {
    aws_cloudwatch_event_target:
      "no charge of its own (what it delivers to is priced there; SNS e-mails: see aws_sns_topic)",
  },
};
