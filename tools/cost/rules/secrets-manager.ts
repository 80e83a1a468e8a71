/**
 * AWS Secrets Manager secrets.
 */
import { req, type Rule, type ServiceRules } from "./rule";

const secret: Rule = (ctx) => ({
  lines: [
    {
      item: "secret",
      rate: "secretsmanager.secret-month",
      quantity: 1,
      assumptions: [],
    },
    {
      item: "API calls",
      rate: "secretsmanager.10k-api-calls",
      quantity: req(ctx, "secret-api-calls") / 10_000,
      assumptions: ["secret-api-calls"],
    },
  ],
});

/** Priced and free resource types of this service. */
export const SECRETS_MANAGER_RULES: ServiceRules = {
  priced: {
    aws_secretsmanager_secret: secret,
  },
  free: {
    aws_secretsmanager_secret_rotation:
      "RDS-managed rotation runs no Lambda: no charge (the secret is priced on aws_db_instance)",
    aws_secretsmanager_secret_version: "no charge (priced on the secret)",
  },
};
