/** Delivery: GitHub Actions' OIDC provider, the roles CI assumes, and the boundary of the stacks' roles (docs/delivery.md, docs/access.md). */
export * from "./deploy-role";
export * from "./deploy-role-props";
export * from "./deploy-statements";
export * from "./github-actions-role";
export * from "./github-oidc-provider";
export * from "./permissions-boundary";
export * from "./plan-role";
export * from "./policy-size";
export * from "./resource-permission-types";
export * from "./resource-permissions";
export * from "./resource-statements";
export * from "./role-boundary";
