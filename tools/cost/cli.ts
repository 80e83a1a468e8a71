/**
 * `npm run cost [-- <environment>...] [--json] [--region <region>]
 * [--profile <profile>|both] [--<assumption> <value>...]`
 *
 * Prices every resource of every synthesized stack per environment, for the
 * checked-in configuration (cdktf.out, or --outdir) and for the cost-saving
 * profile (.scratch/cost/cost-saving), each synthesized first when missing or
 * stale; `--profile <name>` prices one profile of config/profiles.ts instead
 * (e.g. scale-out, in .scratch/cost/scale-out). See docs/cost.md.
 */
import * as path from "path";
import {
  ASSUMPTION_NAMES,
  ASSUMPTIONS,
  assumptionsFor,
  EstimateGroup,
  ESTIMATE_GROUPS,
  parseOverrides,
} from "./assumptions";
import {
  EnvironmentEstimate,
  estimateEnvironment,
  groupStacks,
  stackGroup,
} from "./estimate";
import {
  loadPrices,
  priceAge,
  PRICE_FILE,
  pricedRegions,
  regionPrices,
} from "./price-file";
import {
  CostReport,
  priceFileBlock,
  ProfileReport,
  renderJson,
  renderText,
} from "./report";
import { ensureSynthesized, readSynthesized, ROOT } from "./synthesized";
import { PROFILE_VARIABLE, PROFILES } from "../../config/profiles";
import { scratchDir } from "../scratch";
import {
  CommandOutput,
  parseCommandLine,
  runMain,
  UsageError,
} from "../command-line";
import { defaultOutdir } from "../stack-workdir";

export const USAGE = `Usage: npm run cost -- [<environment>...] [--json] [--region <region>]
       [--profile ${Object.keys(PROFILES).join("|")}|both] [--outdir DIR] [--prices FILE] [--<assumption> <value>...]

  <environment>   development, staging, production or shared (the state backend); default: all
  --json          The report as JSON on stdout
  --region        Price every stack as if it ran in this region (default: the stacks' own)
  --profile       Which configuration profile to price; both: default and cost-saving (the default)
  --outdir        Synthesized stacks of the default profile (default: CDKTF_OUTDIR or cdktf.out)
  --prices        Price file (default: tools/cost/prices.json)

Assumptions (defaults per environment in tools/cost/assumptions.ts):
${ASSUMPTION_NAMES.map((n) => `  --${n.padEnd(28)} ${ASSUMPTIONS[n].unit}`).join("\n")}`;

/** What `--profile both` (the default) prices: the checked-in configuration and the cheaper one. */
const BOTH_PROFILES = ["default", "cost-saving"];

/** Where the estimate synthesizes the non-default profiles: `.scratch/cost/<profile>`. */
export const DEFAULT_SCRATCH_DIR = scratchDir("cost");

/** What tests may replace: today's date and the environment. */
export interface CostOptions {
  readonly today?: Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Folder of the non-default profiles' synthesized stacks. */
  readonly scratchDir?: string;
}

function parse(argv: readonly string[]) {
  const assumptionOptions = Object.fromEntries(
    ASSUMPTION_NAMES.map((n) => [n, { type: "string" as const }]),
  );
  return parseCommandLine(argv, {
    json: { type: "boolean" },
    region: { type: "string" },
    profile: { type: "string" },
    outdir: { type: "string" },
    prices: { type: "string" },
    ...assumptionOptions,
  });
}

/** Runs the cost command; returns what it prints. */
export async function runCost(
  argv: readonly string[],
  options: CostOptions = {},
): Promise<CommandOutput> {
  const env = options.env ?? process.env;
  const { values, positionals } = parse(argv);

  const unknown = positionals.filter(
    (p) => !(ESTIMATE_GROUPS as readonly string[]).includes(p),
  );
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown environment ${unknown.map((u) => `"${u}"`).join(", ")} (known: ${ESTIMATE_GROUPS.join(", ")})`,
    );
  }
  const groups: EstimateGroup[] =
    positionals.length > 0
      ? (positionals as EstimateGroup[])
      : [...ESTIMATE_GROUPS];

  const profileChoice = values.profile ?? "both";
  const known = Object.keys(PROFILES);
  if (profileChoice !== "both" && !known.includes(profileChoice)) {
    throw new UsageError(
      `--profile ${profileChoice}: unknown (known: ${known.join(", ")}, both)`,
    );
  }
  const profiles = profileChoice === "both" ? BOTH_PROFILES : [profileChoice];

  const raw = values as Record<string, string | boolean | undefined>;
  const overrides = parseOverrides(
    Object.fromEntries(
      ASSUMPTION_NAMES.map((n) => [n, raw[n] as string | undefined]),
    ),
  );
  const priceFile = values.prices ? path.resolve(values.prices) : PRICE_FILE;
  const prices = loadPrices(
    priceFile,
    values.prices ? `--prices ${values.prices}` : undefined,
  );
  if (values.region !== undefined) regionPrices(prices, values.region);

  const warnings: string[] = [];
  if ((env[PROFILE_VARIABLE] ?? "").trim() !== "") {
    warnings.push(
      `${PROFILE_VARIABLE}=${env[PROFILE_VARIABLE]} is ignored here: each profile is synthesized with its own setting`,
    );
  }
  const age = priceAge(prices, options.today ?? new Date());
  if (age.stale) {
    warnings.push(
      `the price file is ${age.ageDays} days old (limit ${age.maxAgeDays}): refresh it before trusting these numbers (docs/cost.md)`,
    );
  }

  const reports: ProfileReport[] = [];
  const stackJsonByProfile = new Map<string, string>();
  for (const profile of profiles) {
    const outdir =
      profile === "default"
        ? values.outdir
          ? path.resolve(values.outdir)
          : defaultOutdir(env)
        : path.join(options.scratchDir ?? DEFAULT_SCRATCH_DIR, profile);
    const synthesized = ensureSynthesized(outdir, profile);
    const stacks = readSynthesized(outdir);
    stackJsonByProfile.set(
      profile,
      JSON.stringify(stacks.filter((s) => stackGroup(s.name) !== "shared")),
    );
    const environments: EnvironmentEstimate[] = [];
    for (const [group, members] of groupStacks(stacks, groups)) {
      const estimate = estimateEnvironment(
        group,
        members,
        prices,
        assumptionsFor(group, overrides),
        values.region,
      );
      if (!pricedRegions(prices).includes(estimate.region)) {
        throw new UsageError(
          `${group} runs in ${estimate.region}, which the price file does not price: pass --region (priced: ${pricedRegions(prices).join(", ")})`,
        );
      }
      environments.push(estimate);
    }
    reports.push({
      profile,
      outdir: path.relative(ROOT, outdir) || outdir,
      ...(synthesized ? { synthesized } : {}),
      environments,
    });
  }
  if (
    profiles.length > 1 &&
    new Set(stackJsonByProfile.values()).size < stackJsonByProfile.size
  ) {
    warnings.push(
      `two profiles synthesized identical stacks: was ${reports[0].outdir} synthesized with ${PROFILE_VARIABLE} set? Run \`npm run synth\` without it`,
    );
  }

  const region =
    values.region ?? reports[0]?.environments[0]?.region ?? "(none)";
  const report: CostReport = {
    currency: "USD",
    period: "month",
    hoursPerMonth:
      overrides["hours-per-month"] ??
      ASSUMPTIONS["hours-per-month"].defaults.development,
    region,
    priceFile: priceFileBlock(
      path.relative(ROOT, priceFile) || priceFile,
      age,
      prices.spotDiscountAssumed,
    ),
    warnings,
    profiles: reports,
  };
  return {
    code: 0,
    stdout: values.json ? renderJson(report) : renderText(report),
    stderr:
      values.json && warnings.length > 0
        ? warnings.map((w) => `WARNING: ${w}\n`).join("")
        : "",
  };
}

if (require.main === module) void runMain(runCost, USAGE);
