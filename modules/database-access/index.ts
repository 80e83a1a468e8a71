/** Access to the database: RDS Proxy, its alarms, the logins, their setup task, the IAM connect policy and the read replicas' client. */
export * from "./database-connect-policy";
export * from "./database-login-setup";
export * from "./database-logins";
export * from "./database-proxy";
export * from "./database-proxy-alarms";
export * from "./database-reader-client";
export * from "./logins-sql";
