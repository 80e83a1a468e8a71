/** Access to the database: RDS Proxy, its alarms, the logins, their setup task and the IAM connect policy. */
export * from "./database-connect-policy";
export * from "./database-login-setup";
export * from "./database-logins";
export * from "./database-proxy";
export * from "./database-proxy-alarms";
export * from "./logins-sql";
