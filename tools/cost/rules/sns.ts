/**
 * Amazon SNS topics and subscriptions.
 */
import type { ServiceRules } from "./rule";

/** Priced and free resource types of this service. */
export const SNS_RULES: ServiceRules = {
  priced: {},
  free: {
    aws_sns_topic:
      "SNS topics have no charge; alarm e-mails stay within the 1,000 free e-mail notifications a month",
    aws_sns_topic_policy: "no charge",
    aws_sns_topic_subscription: "no charge (deliveries: see aws_sns_topic)",
  },
};
