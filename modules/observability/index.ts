/** Alarm topic, alarms, dashboard, and the audit trail and AWS Config recorder. */
export * from "./alerts";
export * from "./api-alarms";
export * from "./compliance";
export * from "./dashboard";
export * from "./log-retention";
export * from "./sustained-alarm";
