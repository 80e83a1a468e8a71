/**
 * Elastic Load Balancing: application load balancers.
 */
import {
  CannotPrice,
  type LineDraft,
  req,
  type Rule,
  type ServiceRules,
} from "./rule";

const loadBalancer: Rule = (ctx) => {
  const c = ctx.config;
  const type = c.load_balancer_type ?? "application";
  if (type !== "application")
    throw new CannotPrice(`load balancer type ${type} has no rate`);
  const hours = req(ctx, "hours-per-month");
  const lines: LineDraft[] = [
    {
      item: "ALB hours",
      rate: "alb.hour",
      quantity: hours,
      assumptions: ["hours-per-month"],
    },
    {
      item: `LCU hours (${req(ctx, "alb-lcu")} LCU on average)`,
      rate: "alb.lcu-hour",
      quantity: req(ctx, "alb-lcu") * hours,
      assumptions: ["alb-lcu", "hours-per-month"],
    },
  ];
  if (!c.internal) {
    const nodes = (c.subnets ?? []).length || 2;
    lines.push({
      item: "data out to the internet (API responses)",
      rate: "transfer.internet-out-gb",
      quantity: req(ctx, "internet-egress-gib"),
      assumptions: ["internet-egress-gib"],
    });
    lines.push({
      item: `public IPv4 addresses (one per AZ node: ${nodes})`,
      rate: "ipv4.hour",
      quantity: nodes * hours,
      assumptions: ["hours-per-month"],
    });
  }
  return { lines };
};

/** Priced and free resource types of this service. */
export const ELB_RULES: ServiceRules = {
  priced: {
    aws_lb: loadBalancer,
  },
  free: {
    aws_lb_listener: "no charge of its own (priced on aws_lb)",
    aws_lb_listener_rule: "no charge of its own (priced on aws_lb)",
    aws_lb_target_group: "no charge of its own (priced on aws_lb)",
  },
};
