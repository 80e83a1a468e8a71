/** The Application Load Balancer, its listeners, target group and access-log bucket. */
export * from "./access-log-bucket";
export * from "./load-balancer";
