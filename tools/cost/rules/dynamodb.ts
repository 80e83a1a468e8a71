/**
 * Amazon DynamoDB tables.
 */
import { CannotPrice, req, type Rule, type ServiceRules } from "./rule";

const dynamodbTable: Rule = (ctx) => {
  const mode = ctx.config.billing_mode ?? "PROVISIONED";
  if (mode !== "PAY_PER_REQUEST")
    throw new CannotPrice(`billing mode ${mode} has no rate`);
  const requests = req(ctx, "dynamodb-requests") / 1_000_000;
  return {
    lines: [
      {
        item: "on-demand writes",
        rate: "dynamodb.million-wru",
        quantity: requests,
        assumptions: ["dynamodb-requests"],
      },
      {
        item: "on-demand reads",
        rate: "dynamodb.million-rru",
        quantity: requests,
        assumptions: ["dynamodb-requests"],
      },
      {
        item: "table storage",
        rate: "dynamodb.storage-gb-month",
        quantity: req(ctx, "dynamodb-gib"),
        assumptions: ["dynamodb-gib"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const DYNAMODB_RULES: ServiceRules = {
  priced: {
    aws_dynamodb_table: dynamodbTable,
  },
  free: {},
};
