/** Shared by the cost tests: a price file of round test rates and a one-resource stack. */
import {
  AssumptionName,
  assumptionsFor,
  EstimateGroup,
} from "../../../tools/cost/assumptions";
import { estimateStack, StackEstimate } from "../../../tools/cost/estimate";
import { PriceFile } from "../../../tools/cost/price-file";
import { EnvironmentFacts, ResourceConfig } from "../../../tools/cost/rules";

/** Round rates, different from the real ones, so that a hand computation reads clearly. */
export const TEST_RATES: Record<string, number> = {
  "rds.instance.db.t3.micro.single-az": 0.02,
  "rds.instance.db.t3.micro.multi-az": 0.04,
  "rds.storage.gp3.single-az": 0.1,
  "rds.storage.gp3.multi-az": 0.2,
  "rds.backup-storage": 0.1,
  "rds.proxy.vcpu-hour": 0.01,
  "fargate.vcpu-hour": 0.04,
  "fargate.gb-hour": 0.004,
  "fargate-spot.vcpu-hour": 0.012,
  "fargate-spot.gb-hour": 0.0012,
  "nat.hour": 0.05,
  "nat.gb": 0.05,
  "ipv4.hour": 0.005,
  "alb.hour": 0.025,
  "alb.lcu-hour": 0.008,
  "endpoint.interface.az-hour": 0.01,
  "endpoint.interface.gb": 0.01,
  "kms.key-month": 1,
  "kms.10k-requests": 0.03,
  "secretsmanager.secret-month": 0.4,
  "secretsmanager.10k-api-calls": 0.05,
  "logs.ingest-gb": 0.5,
  "logs.vended-ingest-gb": 0.25,
  "logs.storage-gb-month": 0.03,
  "cloudwatch.alarm-metric-month": 0.1,
  "cloudwatch.alarm-high-res-metric-month": 0.3,
  "cloudwatch.dashboard-month": 3,
  "cloudwatch.custom-metric-month": 0.3,
  "cloudtrail.100k-paid-events": 2,
  "config.item": 0.003,
  "config.rule-evaluation": 0.001,
  "s3.standard-gb-month": 0.023,
  "s3.1k-put": 0.005,
  "s3.1k-get": 0.0004,
  "dynamodb.million-wru": 0.625,
  "dynamodb.million-rru": 0.125,
  "dynamodb.storage-gb-month": 0.25,
  "ecr.storage-gb-month": 0.1,
  "transfer.inter-region-gb": 0.02,
  "transfer.internet-out-gb": 0.09,
  "scheduler.million-invocations": 1,
  "sqs.million-requests": 0.4,
  "cloudwatch.1k-api-requests": 0.01,
  "waf.web-acl-month": 5,
  "waf.rule-month": 1,
  "waf.million-requests": 0.5,
  "route53.zone-month": 0.5,
  "route53.million-queries": 0.4,
  "cloudfront.10k-https-requests": 0.02,
  "cloudfront.data-out-gb": 0.1,
  "elasticache.valkey.cache.t4g.micro": 0.01,
};

const rates = (values: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(values).map(([key, usd]) => [
      key,
      { usd, unit: "unit", source: "test fixture rate" },
    ]),
  );

/** Region `test-1` has every rate; `dr-1` only backup storage (at 0.09). */
export function testPrices(compiledOn = "2026-12-01"): PriceFile {
  return {
    schemaVersion: 1,
    compiledOn,
    maxAgeDays: 180,
    currency: "USD",
    hoursPerMonth: 730,
    spotDiscountAssumed: 0.7,
    about: "test",
    regions: {
      "test-1": { name: "Test", coverage: "full", rates: rates(TEST_RATES) },
      "dr-1": {
        name: "DR",
        coverage: "dr-destination",
        rates: rates({ "rds.backup-storage": 0.09 }),
      },
    },
  };
}

/** Options of {@link priceStack}. */
export interface PriceStackOptions {
  readonly group?: EstimateGroup;
  readonly overrides?: Partial<Record<AssumptionName, number>>;
  readonly facts?: EnvironmentFacts;
}

/** Prices a stack made of `resources` (type → name → config) in region test-1. */
export function priceStack(
  resources: Record<string, Record<string, ResourceConfig>>,
  options: PriceStackOptions = {},
): StackEstimate {
  return estimateStack(
    {
      name: "test-stack",
      json: {
        provider: {
          aws: [{ region: "test-1" }, { alias: "dr", region: "dr-1" }],
        },
        resource: resources,
      },
    },
    testPrices(),
    assumptionsFor(options.group ?? "development", options.overrides),
    options.facts ?? { natGateways: 1, interfaceEndpoints: 0 },
    undefined,
    () => undefined,
  );
}
