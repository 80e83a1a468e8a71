/**
 * Amazon SQS queues.
 */
import { CannotPrice, req, type Rule, type ServiceRules } from "./rule";

const sqsQueue: Rule = (ctx) => {
  if (ctx.config.fifo_queue)
    throw new CannotPrice("FIFO queues have no rate in the price file");
  return {
    lines: [
      {
        item: "standard queue requests",
        rate: "sqs.million-requests",
        quantity: req(ctx, "sqs-requests") / 1_000_000,
        assumptions: ["sqs-requests"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const SQS_RULES: ServiceRules = {
  priced: {
    aws_sqs_queue: sqsQueue,
  },
  free: {
    aws_sqs_queue_policy: "no charge",
  },
};
