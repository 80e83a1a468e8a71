/**
 * Fargate billing, shared by the ECS service, task definition and scheduler rules:
 * task sizes, on-demand and Spot lines, the Spot share of a capacity
 * provider strategy, and billed run minutes.
 */
import type { AssumptionName } from "../assumptions";
import {
  CannotPrice,
  type LineDraft,
  req,
  type ResourceConfig,
  type RuleContext,
} from "./rule";

/**
 * Spot share of `tasks` tasks under an ECS capacity provider strategy: the
 * provider with a base gets its base first, the rest is split by weight.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
 */
export function spotShare(
  strategy: readonly {
    capacity_provider: string;
    base?: number;
    weight?: number;
  }[],
  tasks: number,
): number {
  if (tasks <= 0 || strategy.length === 0) return 0;
  let remaining = tasks;
  let spot = 0;
  for (const entry of strategy) {
    const placed = Math.min(entry.base ?? 0, remaining);
    remaining -= placed;
    if (entry.capacity_provider === "FARGATE_SPOT") spot += placed;
  }
  const totalWeight = strategy.reduce((sum, e) => sum + (e.weight ?? 0), 0);
  if (remaining > 0 && totalWeight > 0) {
    const spotWeight = strategy
      .filter((e) => e.capacity_provider === "FARGATE_SPOT")
      .reduce((sum, e) => sum + (e.weight ?? 0), 0);
    spot += (remaining * spotWeight) / totalWeight;
  }
  return spot / tasks;
}

/** vCPU and GB of a Linux/x86 Fargate task definition; CannotPrice for other platforms. */
export function fargateSize(task: ResourceConfig): {
  vcpu: number;
  gb: number;
} {
  const arch = task.runtime_platform?.cpu_architecture ?? "X86_64";
  const os = task.runtime_platform?.operating_system_family ?? "LINUX";
  if (arch !== "X86_64" || os !== "LINUX")
    throw new CannotPrice(`Fargate ${os}/${arch} has no rate`);
  return { vcpu: Number(task.cpu) / 1024, gb: Number(task.memory) / 1024 };
}

/** Fargate lines for `taskHours` hours of a task of `size`, `share` of them on Spot. */
export function fargateLines(
  size: { vcpu: number; gb: number },
  taskHours: number,
  share: number,
  label: string,
  assumptions: readonly AssumptionName[],
): LineDraft[] {
  const lines: LineDraft[] = [];
  const onDemand = taskHours * (1 - share);
  const spot = taskHours * share;
  const what = `${size.vcpu} vCPU, ${size.gb} GB`;
  if (onDemand > 0 || spot === 0)
    lines.push(
      {
        item: `Fargate on-demand vCPU (${what}; ${label})`,
        rate: "fargate.vcpu-hour",
        quantity: onDemand * size.vcpu,
        assumptions,
      },
      {
        item: "Fargate on-demand memory",
        rate: "fargate.gb-hour",
        quantity: onDemand * size.gb,
        assumptions,
      },
    );
  if (spot > 0)
    lines.push(
      {
        item: `Fargate Spot vCPU (${what}; ${label})`,
        rate: "fargate-spot.vcpu-hour",
        quantity: spot * size.vcpu,
        assumptions,
      },
      {
        item: "Fargate Spot memory",
        rate: "fargate-spot.gb-hour",
        quantity: spot * size.gb,
        assumptions,
      },
    );
  return lines;
}

/** Billed minutes of one run: Fargate bills per second with a one-minute minimum. */
export function runMinutes(ctx: RuleContext): number {
  return Math.max(1, req(ctx, "job-run-minutes"));
}
