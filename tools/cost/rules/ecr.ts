/**
 * Amazon ECR repositories.
 */
import {
  CannotPrice,
  referencedName,
  req,
  type ResourceConfig,
  type Rule,
  type ServiceRules,
} from "./rule";

const ecrRepository: Rule = (ctx) => {
  const policy = Object.values(
    ctx.stackResources.aws_ecr_lifecycle_policy ?? {},
  ).find(
    (p) => referencedName(p.repository, "aws_ecr_repository") === ctx.name,
  );
  let keep: number | undefined;
  if (policy) {
    const rules: ResourceConfig[] = JSON.parse(policy.policy).rules ?? [];
    const counts = rules
      .map((r) => r.selection)
      .filter((s) => s?.countType === "imageCountMoreThan")
      .map((s) => Number(s.countNumber));
    if (counts.length > 0) keep = Math.max(...counts);
  }
  if (keep === undefined)
    throw new CannotPrice("no lifecycle policy bounds its images");
  return {
    lines: [
      {
        item: `image storage (${keep} images kept by its lifecycle policy)`,
        rate: "ecr.storage-gb-month",
        quantity: keep * req(ctx, "ecr-image-gib"),
        assumptions: ["ecr-image-gib"],
      },
    ],
  };
};

/** Priced and free resource types of this service. */
export const ECR_RULES: ServiceRules = {
  priced: {
    aws_ecr_repository: ecrRepository,
  },
  free: {
    aws_ecr_lifecycle_policy: "no charge",
  },
};
