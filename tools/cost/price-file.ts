/**
 * The price file (tools/cost/prices.json): one dated table of on-demand
 * rates per region, each rate with its source. Read and checked here; the
 * pricing rules look rates up by key and never hold a number of their own.
 */
import * as path from "path";
import { InputError, readJsonInput, UsageError } from "../command-line";

/** Where the checked-in price file lives. */
export const PRICE_FILE = path.join(__dirname, "prices.json");

/** One rate: US dollars per `unit`, and where the number comes from. */
export interface Rate {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
}

/** The rates of one region. `full`: every rate a stack needs; `dr-destination`: only what a DR copy needs. */
export interface RegionPrices {
  readonly name: string;
  readonly coverage: "full" | "dr-destination";
  readonly rates: Readonly<Record<string, Rate>>;
}

/** The whole price file. */
export interface PriceFile {
  readonly schemaVersion: 1;
  /** Day the rates were compiled, `YYYY-MM-DD`. */
  readonly compiledOn: string;
  /** Past this many days after `compiledOn` the estimate says the prices are stale. */
  readonly maxAgeDays: number;
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  /** The Fargate Spot discount the Spot rates assume (0.7 = 70 % off on-demand). */
  readonly spotDiscountAssumed: number;
  readonly about: string;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks the shape of a parsed price file; throws an InputError naming
 * `where` and the first bad field.
 */
export function checkPriceFile(data: unknown, where = "price file"): PriceFile {
  const fail = (field: string, why: string): never => {
    throw new InputError(
      `${where}: ${field} ${why}; expected a price file like tools/cost/prices.json (docs/cost.md)`,
    );
  };
  if (!isObject(data)) return fail("(root)", "is not an object");
  const f = data;
  if (f.schemaVersion !== 1) fail("schemaVersion", "must be 1");
  if (typeof f.compiledOn !== "string" || !DATE.test(f.compiledOn))
    fail("compiledOn", "must be a YYYY-MM-DD date");
  for (const key of ["maxAgeDays", "hoursPerMonth", "spotDiscountAssumed"]) {
    if (typeof f[key] !== "number" || !((f[key] as number) >= 0))
      fail(key, "must be a number ≥ 0");
  }
  if (!isObject(f.regions)) return fail("regions", "must be an object");
  for (const [name, region] of Object.entries(f.regions)) {
    if (!isObject(region)) return fail(`regions.${name}`, "must be an object");
    if (region.coverage !== "full" && region.coverage !== "dr-destination")
      fail(`regions.${name}.coverage`, 'must be "full" or "dr-destination"');
    if (!isObject(region.rates))
      return fail(`regions.${name}.rates`, "must be an object");
    for (const [key, rate] of Object.entries(region.rates)) {
      const at = `regions.${name}.rates.${key}`;
      if (!isObject(rate)) return fail(at, "must be an object");
      if (typeof rate.usd !== "number" || !(rate.usd >= 0))
        fail(`${at}.usd`, "must be a number ≥ 0");
      if (typeof rate.unit !== "string" || rate.unit === "")
        fail(`${at}.unit`, "must name the unit");
      if (typeof rate.source !== "string" || rate.source.length < 10)
        fail(`${at}.source`, "must say where the rate comes from");
    }
  }
  return data as unknown as PriceFile;
}

/**
 * Reads and checks a price file; an InputError naming it as `label` (e.g.
 * "--prices README.md") when it is missing, not JSON or not a price file.
 */
export function loadPrices(
  file: string = PRICE_FILE,
  label: string = path.basename(file),
): PriceFile {
  return checkPriceFile(
    readJsonInput(file, label, "a price file like tools/cost/prices.json"),
    label,
  );
}

/** Regions a whole estimate can be priced in (`--region`). */
export function pricedRegions(prices: PriceFile): string[] {
  return Object.entries(prices.regions)
    .filter(([, r]) => r.coverage === "full")
    .map(([name]) => name);
}

/** The region's table; a UsageError naming the region when the file has no full table for it. */
export function regionPrices(prices: PriceFile, region: string): RegionPrices {
  const table = prices.regions[region];
  if (!table || table.coverage !== "full") {
    throw new UsageError(
      `--region ${region}: no prices for this region in the price file (priced: ${pricedRegions(prices).join(", ")})`,
    );
  }
  return table;
}

/** How old the price file is on `today` and whether that is past its limit. */
export interface PriceAge {
  readonly compiledOn: string;
  readonly ageDays: number;
  readonly maxAgeDays: number;
  readonly stale: boolean;
}

/** Age of the prices on `today` (`YYYY-MM-DD` or a Date), in whole days. */
export function priceAge(prices: PriceFile, today: Date): PriceAge {
  const compiled = Date.parse(`${prices.compiledOn}T00:00:00Z`);
  const day = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate(),
  );
  const ageDays = Math.floor((day - compiled) / 86_400_000);
  return {
    compiledOn: prices.compiledOn,
    ageDays,
    maxAgeDays: prices.maxAgeDays,
    stale: ageDays > prices.maxAgeDays,
  };
}
