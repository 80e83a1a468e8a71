/**
 * The estimate: every resource of every synthesized stack, grouped by
 * environment, priced by the rules of rules.ts at the rates of the price
 * file, with the assumptions that drive each total and the architecture
 * document's budget beside it.
 */
import {
  ASSUMPTION_NAMES,
  AssumptionName,
  ASSUMPTIONS,
  Assumptions,
  EstimateGroup,
  ESTIMATE_GROUPS,
} from "./assumptions";
import { PriceFile } from "./price-file";
import {
  CannotPrice,
  Derivation,
  EnvironmentFacts,
  FREE_TYPES,
  ResourceConfig,
  RULES,
} from "./rules";

/** One synthesized stack: its name and Terraform JSON. */
export interface StackInput {
  readonly name: string;
  readonly json: ResourceConfig;
}

/** One priced quantity with its rate and monthly cost. */
export interface LineItem {
  /** Terraform address, `aws_nat_gateway.network_nat-gateway-0_FFBF52FB`. */
  readonly address: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly rate: string;
  readonly region: string;
  readonly usdPerUnit: number;
  readonly monthlyUsd: number;
  readonly assumptions: readonly AssumptionName[];
}

/** Resources of one type that could not be priced (never counted as zero). */
export interface UnpricedType {
  readonly type: string;
  readonly addresses: readonly string[];
  readonly reason: string;
}

/** Resources of one type that cost nothing by themselves. */
export interface FreeType {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
}

export interface StackEstimate {
  readonly stack: string;
  readonly monthlyUsd: number;
  readonly lines: readonly LineItem[];
  readonly unpriced: readonly UnpricedType[];
  readonly free: readonly FreeType[];
}

/** An assumption as used for one environment, with the dollars of the lines that depend on it. */
export interface AssumptionUse {
  readonly name: AssumptionName;
  readonly value: number | null;
  readonly unit: string;
  readonly from: string;
  readonly description: string;
  /** Sum of the monthly cost of every line whose quantity depends on it. */
  readonly drivesUsd: number;
}

/** The architecture document's monthly estimate for an environment. */
export interface Budget {
  readonly lowUsd: number | null;
  readonly highUsd: number | null;
  readonly status: "within" | "over" | "below" | "no range";
  readonly note: string;
}

export interface EnvironmentEstimate {
  readonly environment: EstimateGroup;
  readonly region: string;
  readonly monthlyUsd: number;
  /** True when some resource is unpriced: the total is a lower bound. */
  readonly incomplete: boolean;
  readonly budget: Budget;
  readonly stacks: readonly StackEstimate[];
  readonly assumptions: readonly AssumptionUse[];
}

/** The document's ranges ("Cost Optimization Strategy"); it gives none for staging. */
export const DOCUMENT_BUDGETS: Readonly<
  Record<EstimateGroup, { low: number; high: number } | string>
> = {
  development: { low: 25, high: 40 },
  production: { low: 120, high: 180 },
  staging: "the architecture document gives no range for staging",
  shared: "the architecture document does not price the state backend",
};

/** The environment a stack belongs to, from its name `<project>-<environment>-<layer>`. */
export function stackGroup(stackName: string): EstimateGroup {
  const match = /-(development|staging|production)-[a-z0-9]+$/.exec(stackName);
  return (match?.[1] as EstimateGroup | undefined) ?? "shared";
}

/** Rounds to cents for reports (sums are taken before rounding). */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

export function budgetOf(group: EstimateGroup, usd: number): Budget {
  const range = DOCUMENT_BUDGETS[group];
  if (typeof range === "string")
    return { lowUsd: null, highUsd: null, status: "no range", note: range };
  const status =
    usd > range.high ? "over" : usd < range.low ? "below" : "within";
  const note =
    status === "over"
      ? `over the document's $${range.low}–${range.high} by $${(usd - range.high).toFixed(2)}`
      : status === "below"
        ? `below the document's $${range.low}–${range.high}`
        : `within the document's $${range.low}–${range.high}`;
  return { lowUsd: range.low, highUsd: range.high, status, note };
}

type Resources = Record<string, Record<string, ResourceConfig>>;

function providerRegions(
  json: ResourceConfig,
  regionOverride: string | undefined,
): (provider: string | undefined) => string {
  const providers: ResourceConfig[] = json.provider?.aws ?? [];
  const main = providers.find((p) => !p.alias);
  return (provider) => {
    const alias = provider?.replace(/^aws\./, "");
    const config = alias ? providers.find((p) => p.alias === alias) : main;
    if (!alias || config === main) return regionOverride ?? main?.region;
    return config?.region ?? regionOverride ?? main?.region;
  };
}

/** Counts over the environment's stacks that rules split usage by. */
export function environmentFacts(
  stacks: readonly StackInput[],
): EnvironmentFacts {
  let natGateways = 0;
  let interfaceEndpoints = 0;
  for (const stack of stacks) {
    const resources: Resources = stack.json.resource ?? {};
    natGateways += Object.keys(resources.aws_nat_gateway ?? {}).length;
    interfaceEndpoints += Object.values(
      resources.aws_vpc_endpoint ?? {},
    ).filter((e) => e.vpc_endpoint_type === "Interface").length;
  }
  return { natGateways, interfaceEndpoints };
}

/** Prices one stack. `derive` collects values read from it in place of assumptions. */
export function estimateStack(
  stack: StackInput,
  prices: PriceFile,
  assumptions: Assumptions,
  facts: EnvironmentFacts,
  regionOverride: string | undefined,
  derive: (d: Derivation) => void,
): StackEstimate {
  const resources: Resources = stack.json.resource ?? {};
  const regionOf = providerRegions(stack.json, regionOverride);
  const lines: LineItem[] = [];
  const unpriced: UnpricedType[] = [];
  const free = new Map<string, { count: number; reason: string }>();
  const addFree = (type: string, reason: string) => {
    const entry = free.get(`${type}\n${reason}`) ?? { count: 0, reason };
    entry.count++;
    free.set(`${type}\n${reason}`, entry);
  };
  const addUnpriced = (type: string, address: string, reason: string) => {
    const entry = unpriced.find((u) => u.type === type && u.reason === reason);
    if (entry) (entry.addresses as string[]).push(address);
    else unpriced.push({ type, addresses: [address], reason });
  };
  for (const type of Object.keys(resources).sort()) {
    for (const name of Object.keys(resources[type]).sort()) {
      const address = `${type}.${name}`;
      const config = resources[type][name];
      const rule = RULES[type];
      if (!rule) {
        if (FREE_TYPES[type]) addFree(type, FREE_TYPES[type]);
        else addUnpriced(type, address, "no pricing rule for this type");
        continue;
      }
      const region = regionOf(config.provider);
      const found: Derivation[] = [];
      try {
        const result = rule({
          name,
          config,
          stackResources: resources,
          region,
          stackRegion: regionOf(undefined),
          providerRegion: regionOf,
          assume: (n) => assumptions[n].value,
          derive: (d) => found.push(d),
          environment: facts,
        });
        if ("free" in result) {
          addFree(type, result.free);
          continue;
        }
        const priced: LineItem[] = result.lines.map((draft) => {
          const at = draft.region ?? region;
          const rate = prices.regions[at]?.rates[draft.rate];
          if (!rate)
            throw new CannotPrice(
              `no rate ${draft.rate} for ${at} in the price file`,
            );
          return {
            address,
            item: draft.item,
            quantity: draft.quantity,
            unit: rate.unit,
            rate: draft.rate,
            region: at,
            usdPerUnit: rate.usd,
            monthlyUsd: draft.quantity * rate.usd,
            assumptions: draft.assumptions,
          };
        });
        lines.push(...priced);
        found.forEach(derive);
      } catch (error) {
        if (!(error instanceof CannotPrice)) throw error;
        addUnpriced(type, address, error.message);
      }
    }
  }
  return {
    stack: stack.name,
    monthlyUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
    lines,
    unpriced,
    free: [...free.entries()].map(([key, v]) => ({
      type: key.split("\n")[0],
      count: v.count,
      reason: v.reason,
    })),
  };
}

/** Prices every stack of one environment (or of the shared group). */
export function estimateEnvironment(
  group: EstimateGroup,
  stacks: readonly StackInput[],
  prices: PriceFile,
  assumptions: Assumptions,
  regionOverride?: string,
): EnvironmentEstimate {
  const facts = environmentFacts(stacks);
  const derived = new Map<AssumptionName, Derivation[]>();
  const estimates = stacks.map((stack) =>
    estimateStack(stack, prices, assumptions, facts, regionOverride, (d) =>
      derived.set(d.name, [...(derived.get(d.name) ?? []), d]),
    ),
  );
  const lines = estimates.flatMap((s) => s.lines);
  const monthlyUsd = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
  const uses: AssumptionUse[] = ASSUMPTION_NAMES.map((name) => {
    const drivesUsd = lines
      .filter((l) => l.assumptions.includes(name))
      .reduce((sum, l) => sum + l.monthlyUsd, 0);
    const d = derived.get(name);
    return {
      name,
      value: d ? d[0].value : assumptions[name].value,
      unit: ASSUMPTIONS[name].unit,
      from: d
        ? `synthesized stack: ${d.map((x) => x.from).join("; ")}`
        : assumptions[name].from,
      description: ASSUMPTIONS[name].description,
      drivesUsd,
    };
  })
    .filter(
      (u) =>
        u.drivesUsd > 0 || lines.some((l) => l.assumptions.includes(u.name)),
    )
    .sort((a, b) => b.drivesUsd - a.drivesUsd || a.name.localeCompare(b.name));
  const firstStack = stacks[0];
  const region = firstStack
    ? providerRegions(firstStack.json, regionOverride)(undefined)
    : (regionOverride ?? "");
  return {
    environment: group,
    region,
    monthlyUsd,
    incomplete: estimates.some((s) => s.unpriced.length > 0),
    budget: budgetOf(group, monthlyUsd),
    stacks: estimates,
    assumptions: uses,
  };
}

/** Groups stacks by environment, in ESTIMATE_GROUPS order, keeping only `groups`. */
export function groupStacks(
  stacks: readonly StackInput[],
  groups: readonly EstimateGroup[] = ESTIMATE_GROUPS,
): Map<EstimateGroup, StackInput[]> {
  const out = new Map<EstimateGroup, StackInput[]>();
  for (const group of ESTIMATE_GROUPS) {
    if (!groups.includes(group)) continue;
    const members = stacks
      .filter((s) => stackGroup(s.name) === group)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (members.length > 0) out.set(group, members);
  }
  return out;
}
