/**
 * AWS KMS keys.
 */
import { req, type Rule, type ServiceRules } from "./rule";

const kmsKey: Rule = (ctx) => ({
  lines: [
    {
      item: "customer managed key",
      rate: "kms.key-month",
      quantity: 1,
      assumptions: [],
    },
    {
      item: "requests",
      rate: "kms.10k-requests",
      quantity: req(ctx, "kms-requests-per-key") / 10_000,
      assumptions: ["kms-requests-per-key"],
    },
  ],
});

/** Priced and free resource types of this service. */
export const KMS_RULES: ServiceRules = {
  priced: {
    aws_kms_key: kmsKey,
  },
  free: {
    aws_kms_alias: "KMS aliases have no charge",
  },
};
