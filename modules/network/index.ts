/** The VPC: three tiers of subnets over two AZs, NAT, endpoints and flow logs. */
export * from "./network";
export * from "./vpc-flow-log";
