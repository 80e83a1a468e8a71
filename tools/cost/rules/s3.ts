/**
 * Amazon S3 buckets (storage and requests) and their settings.
 */
import type { AssumptionName } from "../assumptions";
import { req, type Rule, type ServiceRules } from "./rule";

const BUCKET_SETTING =
  "bucket setting: no charge (storage and requests are priced on aws_s3_bucket)";

/** Which assumption sizes a bucket, from its name. */
export function bucketVolume(name: string): AssumptionName {
  if (/-alb-logs-/.test(name)) return "access-log-gib";
  if (/-audit-/.test(name)) return "audit-log-gib";
  return "other-bucket-gib";
}

const bucket: Rule = (ctx) => {
  const name = String(ctx.config.bucket ?? ctx.name);
  const volume = bucketVolume(name);
  return {
    lines: [
      {
        item: `${name}: S3 Standard storage`,
        rate: "s3.standard-gb-month",
        quantity: req(ctx, volume),
        assumptions: [volume],
      },
      {
        item: "PUT/LIST requests",
        rate: "s3.1k-put",
        quantity: req(ctx, "bucket-puts") / 1000,
        assumptions: ["bucket-puts"],
      },
    ],
  };
};

export const S3: ServiceRules = {
  priced: {
    aws_s3_bucket: bucket,
  },
  free: {
    aws_s3_bucket_policy: BUCKET_SETTING,
    aws_s3_bucket_versioning: BUCKET_SETTING,
    aws_s3_bucket_public_access_block: BUCKET_SETTING,
    aws_s3_bucket_ownership_controls: BUCKET_SETTING,
    aws_s3_bucket_server_side_encryption_configuration: BUCKET_SETTING,
    aws_s3_bucket_lifecycle_configuration: BUCKET_SETTING,
    aws_s3_bucket_logging: BUCKET_SETTING,
  },
};
