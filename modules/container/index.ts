/** ECS Fargate: registry, cluster, task definition and roles, service and its auto scaling. */
export * from "./container-registry";
export * from "./container-service";
export * from "./ecs-cluster";
export * from "./service-autoscaling";
export * from "./task-definition";
export * from "./task-roles";
