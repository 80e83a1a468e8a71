/** Delivery: GitHub Actions' OIDC provider and the roles CI assumes (docs/delivery.md). */
export * from "./deploy-role";
export * from "./github-actions-role";
export * from "./github-oidc-provider";
export * from "./plan-role";
