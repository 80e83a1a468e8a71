/** The cache: an ElastiCache (Valkey) replication group, its alarms and its clients' access. */
export * from "./cache";
export * from "./cache-alarms";
export * from "./cache-client";
export * from "./cache-props";
