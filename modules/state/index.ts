/** Terraform remote state: the bucket and lock table, access roles, and the S3 backend. */
export * from "./locked-s3-backend";
export * from "./state-access-role";
export * from "./state-backend";
