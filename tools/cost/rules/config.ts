/**
 * AWS Config: the recorder and its rules.
 */
import { req, type Rule, type ServiceRules } from "./rule";

const configRecorder: Rule = (ctx) => ({
  lines: [
    {
      item: "configuration items recorded",
      rate: "config.item",
      quantity: req(ctx, "config-items"),
      assumptions: ["config-items"],
    },
  ],
});

const configRule: Rule = (ctx) => ({
  lines: [
    {
      item: `evaluations of ${ctx.config.source?.source_identifier ?? ctx.name}`,
      rate: "config.rule-evaluation",
      quantity: req(ctx, "config-evaluations-per-rule"),
      assumptions: ["config-evaluations-per-rule"],
    },
  ],
});

/** Priced and free resource types of this service. */
export const CONFIG_RULES: ServiceRules = {
  priced: {
    aws_config_configuration_recorder: configRecorder,
    aws_config_config_rule: configRule,
  },
  free: {
    aws_config_configuration_recorder_status: "no charge",
    aws_config_delivery_channel:
      "no charge (delivers into the audit bucket, priced there)",
  },
};
