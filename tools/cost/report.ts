/**
 * The cost report: one estimate per profile and environment, as text for
 * people and as JSON (same content) for CI.
 */
import { EstimateGroup } from "./assumptions";
import { cents, EnvironmentEstimate } from "./estimate";
import { PriceAge } from "./price-file";

/** One profile's estimates and where its stacks came from. */
export interface ProfileReport {
  readonly profile: string;
  readonly outdir: string;
  /** Why the folder was synthesized first, when it was. */
  readonly synthesized?: string;
  readonly environments: readonly EnvironmentEstimate[];
}

/** Everything `npm run cost` prints. */
export interface CostReport {
  readonly currency: "USD";
  readonly period: "month";
  readonly hoursPerMonth: number;
  readonly region: string;
  readonly priceFile: {
    readonly path: string;
    readonly compiledOn: string;
    readonly ageDays: number;
    readonly maxAgeDays: number;
    readonly stale: boolean;
    readonly spotDiscountAssumed: number;
  };
  readonly warnings: readonly string[];
  readonly profiles: readonly ProfileReport[];
}

/** Builds the report's price-file block. */
export function priceFileBlock(
  file: string,
  age: PriceAge,
  spotDiscountAssumed: number,
): CostReport["priceFile"] {
  return { path: file, ...age, spotDiscountAssumed };
}

const usd = (value: number): string => `$${cents(value).toFixed(2)}`;

function quantity(value: number): string {
  if (value === 0) return "0";
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2).replace(/\.?0+$/, "");
  return value.toPrecision(3).replace(/\.?0+$/, "");
}

function budgetLine(e: EnvironmentEstimate): string {
  const mark =
    e.budget.status === "over"
      ? "OVER"
      : e.budget.status === "within" || e.budget.status === "below"
        ? "within"
        : "no range";
  const incomplete = e.incomplete
    ? " (incomplete: unpriced resources below)"
    : "";
  return `${usd(e.monthlyUsd)} a month${incomplete} · ${mark}: ${e.budget.note}`;
}

/** The text form. */
export function renderText(report: CostReport): string {
  const out: string[] = [];
  const p = report.priceFile;
  out.push(
    `Monthly cost estimate (${report.hoursPerMonth} h), on-demand list prices in USD, region ${report.region}`,
    `Prices: ${p.path}, compiled ${p.compiledOn} (${p.ageDays} days old; limit ${p.maxAgeDays})${p.stale ? " — STALE: refresh the price file (docs/cost.md)" : ""}`,
    `Fargate Spot assumed ${Math.round(p.spotDiscountAssumed * 100)} % below on-demand. Free tiers shared by an AWS Organization are not subtracted.`,
  );
  for (const w of report.warnings) out.push(`WARNING: ${w}`);
  for (const profile of report.profiles) {
    out.push(
      "",
      `==================== profile ${profile.profile} (${profile.outdir}${profile.synthesized ? `, synthesized first: ${profile.synthesized}` : ""}) ====================`,
    );
    for (const env of profile.environments) {
      out.push("", `${env.environment} — ${budgetLine(env)}`);
      for (const stack of env.stacks) {
        out.push(`  ${stack.stack}  ${usd(stack.monthlyUsd)}`);
        for (const l of stack.lines) {
          out.push(
            `    ${usd(l.monthlyUsd).padStart(9)}  ${l.address}  ${l.item}: ${quantity(l.quantity)} ${l.unit} × $${l.usdPerUnit}${l.region !== env.region ? ` (${l.region})` : ""}`,
          );
        }
        for (const u of stack.unpriced) {
          out.push(
            `    UNPRICED   ${u.type} (${u.addresses.length}): ${u.reason} — not in the total`,
          );
        }
        if (stack.free.length > 0) {
          out.push(
            `    free: ${stack.free.map((f) => `${f.type} ×${f.count}`).join(", ")}`,
          );
        }
      }
      out.push("  assumptions, by the dollars that depend on them:");
      for (const a of env.assumptions) {
        out.push(
          `    ${usd(a.drivesUsd).padStart(9)}  --${a.name} ${a.value === null ? "?" : quantity(a.value)} ${a.unit} (${a.from})`,
        );
      }
    }
  }
  out.push("", "Summary (USD a month)", summaryTable(report));
  return `${out.join("\n")}\n`;
}

/** Environment × profile totals with the document's range. */
export function summaryTable(report: CostReport): string {
  const groups: EstimateGroup[] = [];
  for (const p of report.profiles)
    for (const e of p.environments)
      if (!groups.includes(e.environment)) groups.push(e.environment);
  const header = [
    "environment".padEnd(12),
    ...report.profiles.map((p) => p.profile.padStart(14)),
    "  document",
  ].join(" ");
  const rows = groups.map((group) => {
    const cells = report.profiles.map((p) => {
      const e = p.environments.find((x) => x.environment === group);
      if (!e) return "-".padStart(14);
      const flag =
        e.budget.status === "over"
          ? " over"
          : e.budget.status === "no range"
            ? ""
            : " ok";
      return `${usd(e.monthlyUsd)}${e.incomplete ? "+" : ""}${flag}`.padStart(
        14,
      );
    });
    const any = report.profiles
      .map((p) => p.environments.find((x) => x.environment === group))
      .find((x) => x !== undefined);
    const range =
      any && any.budget.lowUsd !== null
        ? `$${any.budget.lowUsd}–${any.budget.highUsd}`
        : "no range";
    return [group.padEnd(12), ...cells, `  ${range}`].join(" ");
  });
  const incomplete = report.profiles.some((p) =>
    p.environments.some((e) => e.incomplete),
  );
  const legend = incomplete ? ["(+: incomplete, some resources unpriced)"] : [];
  return [header, ...rows, ...legend].map((l) => `  ${l}`).join("\n");
}

/** The JSON form: the report itself, with amounts rounded to cents. */
export function renderJson(report: CostReport): string {
  return `${JSON.stringify(
    report,
    (key, value) =>
      typeof value === "number" && /usd$/i.test(key) && key !== "usdPerUnit"
        ? cents(value)
        : value,
    2,
  )}\n`;
}
