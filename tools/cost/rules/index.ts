/**
 * How each Terraform resource type is priced: which rates of the price file
 * apply and in what quantity, from the resource's synthesized configuration
 * and the usage assumptions. A type with no rule and not on the free list is
 * reported as unpriced (never as zero); a rule that needs a rate the region's
 * table lacks makes that resource unpriced too.
 *
 * One file per service beside this one (as cdk-nag keeps one rule a file);
 * a new service is its file and one entry in {@link SERVICES}.
 */
import { ACM_RULES } from "./acm";
import { APPLICATION_AUTOSCALING_RULES } from "./application-autoscaling";
import { CLOUDFRONT_RULES } from "./cloudfront";
import { CLOUDTRAIL_RULES } from "./cloudtrail";
import { CLOUDWATCH_RULES } from "./cloudwatch";
import { CONFIG_RULES } from "./config";
import { DYNAMODB_RULES } from "./dynamodb";
import { ECR_RULES } from "./ecr";
import { ECS_RULES } from "./ecs";
import { ELASTICACHE_RULES } from "./elasticache";
import { ELB_RULES } from "./elb";
import { EVENTBRIDGE_RULES } from "./eventbridge";
import { IAM_RULES } from "./iam";
import { KMS_RULES } from "./kms";
import { RDS_RULES } from "./rds";
import { ROUTE53_RULES } from "./route53";
import type { Rule, ServiceRules } from "./rule";
import { S3 } from "./s3";
import { SCHEDULER_RULES } from "./scheduler";
import { SECRETS_MANAGER_RULES } from "./secrets-manager";
import { SNS_RULES } from "./sns";
import { SQS_RULES } from "./sqs";
import { VPC_RULES } from "./vpc";
import { WAF_RULES } from "./waf";

export * from "./rule";
export { spotShare } from "./fargate";
export { logGroupVolume, storedLogGiB } from "./cloudwatch";
export { bucketVolume } from "./s3";

/** Every service's rules. */
export const SERVICES: readonly ServiceRules[] = [
  ACM_RULES,
  APPLICATION_AUTOSCALING_RULES,
  CLOUDFRONT_RULES,
  CLOUDTRAIL_RULES,
  CLOUDWATCH_RULES,
  CONFIG_RULES,
  DYNAMODB_RULES,
  ECR_RULES,
  ECS_RULES,
  ELASTICACHE_RULES,
  ELB_RULES,
  EVENTBRIDGE_RULES,
  IAM_RULES,
  KMS_RULES,
  RDS_RULES,
  ROUTE53_RULES,
  S3,
  SCHEDULER_RULES,
  SECRETS_MANAGER_RULES,
  SNS_RULES,
  SQS_RULES,
  VPC_RULES,
  WAF_RULES,
];

/**
 * The services' rules as one table, keyed by resource type; throws when two
 * services claim the same type, or a type is both priced and free.
 */
export function ruleTables(services: readonly ServiceRules[]): {
  readonly priced: Readonly<Record<string, Rule>>;
  readonly free: Readonly<Record<string, string>>;
} {
  const priced: Record<string, Rule> = {};
  const free: Record<string, string> = {};
  for (const service of services) {
    for (const [type, rule] of Object.entries(service.priced)) {
      if (type in priced) throw new Error(`${type} is priced twice`);
      priced[type] = rule;
    }
    for (const [type, why] of Object.entries(service.free)) {
      if (type in free) throw new Error(`${type} is listed as free twice`);
      free[type] = why;
    }
  }
  for (const type of Object.keys(free))
    if (type in priced) throw new Error(`${type} is both priced and free`);
  return { priced, free };
}

const TABLES = ruleTables(SERVICES);
/** The pricing rule of each priced resource type. */
export const RULES: Readonly<Record<string, Rule>> = TABLES.priced;
/** Resource types that cost nothing by themselves, and why. */
export const FREE_TYPES: Readonly<Record<string, string>> = TABLES.free;
