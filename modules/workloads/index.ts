/** The pipeline's own workloads: data-source secrets, scheduled collectors, their network, dead letters, failure notifications and business alarms. */
export * from "./business-alarms";
export * from "./data-source-alarms";
export * from "./data-source-secrets";
export * from "./dead-letter-queue";
export * from "./job-security-group";
export * from "./market-hours";
export * from "./metric-contract";
export * from "./schedule";
export * from "./scheduled-job";
export * from "./task-failure-notification";
