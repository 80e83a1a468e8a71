/** S3 buckets with the project's security defaults. */
export * from "./secure-bucket";
