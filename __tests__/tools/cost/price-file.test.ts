import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InputError } from "../../../tools/command-line";
import {
  checkPriceFile,
  loadPrices,
  priceAge,
  pricedRegions,
  regionPrices,
} from "../../../tools/cost/price-file";
import { RULES } from "../../../tools/cost/rules";
import { TEST_RATES, testPrices } from "./fixtures";

describe("the checked-in price file", () => {
  const prices = loadPrices();

  it("GIVEN tools/cost/prices.json WHEN read THEN af-south-1 and us-east-1 are fully priced", () => {
    expect(pricedRegions(prices).sort()).toEqual(["af-south-1", "us-east-1"]);
  });

  it("GIVEN both full regions WHEN compared THEN they price the same rate keys", () => {
    const keys = (region: string) =>
      Object.keys(prices.regions[region].rates).sort();
    expect(keys("us-east-1")).toEqual(keys("af-south-1"));
  });

  it("GIVEN every rate the rules use WHEN looked up in each full region THEN it is there", () => {
    // TEST_RATES lists the keys the rules ask for (the rule tests fail on any other).
    for (const region of pricedRegions(prices)) {
      const missing = Object.keys(TEST_RATES).filter(
        (key) => !(key in prices.regions[region].rates),
      );
      expect({ region, missing }).toEqual({ region, missing: [] });
    }
    expect(Object.keys(RULES).length).toBeGreaterThan(0);
  });

  it("GIVEN each rate WHEN read THEN it names its source (an AWS price page URL)", () => {
    for (const region of Object.values(prices.regions)) {
      for (const rate of Object.values(region.rates)) {
        expect(rate.source).toMatch(
          /https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/(.+\/)?pricing\//,
        );
      }
    }
  });

  it("GIVEN the Spot rates WHEN compared with on-demand THEN they apply the stated discount", () => {
    const r = prices.regions["af-south-1"].rates;
    expect(
      r["fargate-spot.vcpu-hour"].usd / r["fargate.vcpu-hour"].usd,
    ).toBeCloseTo(1 - prices.spotDiscountAssumed, 2);
    expect(
      r["fargate-spot.gb-hour"].usd / r["fargate.gb-hour"].usd,
    ).toBeCloseTo(1 - prices.spotDiscountAssumed, 2);
  });
});

describe("price file checks", () => {
  it("GIVEN a rate without a source WHEN checked THEN the error names the rate", () => {
    const bad = testPrices() as unknown as {
      regions: Record<string, { rates: Record<string, { source: string }> }>;
    };
    bad.regions["test-1"].rates["nat.hour"].source = "";
    expect(() => checkPriceFile(bad)).toThrow(
      /regions\.test-1\.rates\.nat\.hour\.source must say where the rate comes from/,
    );
  });

  it("GIVEN a date that is not YYYY-MM-DD WHEN checked THEN compiledOn is named", () => {
    expect(() =>
      checkPriceFile({ ...testPrices(), compiledOn: "3 Dec 2026" }),
    ).toThrow(/compiledOn must be a YYYY-MM-DD date/);
  });

  it("GIVEN a region that is not an object WHEN checked THEN the region is named, as an input error", () => {
    const run = () =>
      checkPriceFile(
        { ...testPrices(), regions: { "test-1": null } },
        "--prices p.json",
      );
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      /^--prices p\.json: regions\.test-1 must be an object;/,
    );
  });

  it("GIVEN rates that are not an object WHEN checked THEN the rates are named", () => {
    expect(() =>
      checkPriceFile({
        ...testPrices(),
        regions: { "test-1": { coverage: "full", rates: [] } },
      }),
    ).toThrow(/regions\.test-1\.rates must be an object/);
  });

  it("GIVEN a region with only DR rates WHEN chosen with --region THEN the error names it and the priced regions", () => {
    expect(() => regionPrices(testPrices(), "dr-1")).toThrow(
      /--region dr-1: no prices for this region in the price file \(priced: test-1\)/,
    );
  });
});

describe("loadPrices", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "price-file-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN a missing file WHEN loaded THEN an InputError names it and what is expected", () => {
    expect(() =>
      loadPrices(path.join(dir, "nothing.json"), "--prices nothing.json"),
    ).toThrow(
      new InputError(
        "--prices nothing.json: no such file; expected a price file like tools/cost/prices.json",
      ),
    );
  });

  it("GIVEN a file that is not JSON WHEN loaded THEN an InputError says so", () => {
    const file = path.join(dir, "README.md");
    fs.writeFileSync(file, "# not JSON\n");
    expect(() => loadPrices(file, "--prices README.md")).toThrow(
      /^--prices README\.md: not JSON \(.*\); expected a price file like tools\/cost\/prices\.json$/,
    );
  });
});

describe("priceAge", () => {
  it("GIVEN prices compiled 180 days ago WHEN checked THEN not stale (the limit is inclusive)", () => {
    const age = priceAge(
      testPrices("2026-06-06"),
      new Date("2026-12-03T09:00:00Z"),
    );
    expect(age).toEqual({
      compiledOn: "2026-06-06",
      ageDays: 180,
      maxAgeDays: 180,
      stale: false,
    });
  });

  it("GIVEN prices compiled 181 days ago WHEN checked THEN stale", () => {
    const age = priceAge(
      testPrices("2026-06-05"),
      new Date("2026-12-03T23:59:00Z"),
    );
    expect(age.ageDays).toBe(181);
    expect(age.stale).toBe(true);
  });
});
