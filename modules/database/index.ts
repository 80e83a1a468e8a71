/** RDS PostgreSQL: the instance, its network, parameters, keys, telemetry, alarms, read replicas and DR copies. */
export * from "./database-alarms";
export * from "./database-backup-replication";
export * from "./database-key-policy";
export * from "./database-network";
export * from "./database-parameter-group";
export * from "./database-read-replicas";
export * from "./database-telemetry";
export * from "./database-props";
export * from "./database";
