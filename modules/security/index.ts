/** KMS keys, IAM policy documents, and security-group links between tiers. */
export * from "./encryption-key";
export * from "./policy";
export * from "./security-group-connection";
