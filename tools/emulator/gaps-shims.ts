/**
 * The gap list's `shim` entries (gaps.ts): calls moto 5.2.1 lacks or answers
 * unlike AWS, made to answer as AWS does by a few lines under
 * `# --- shim:<id>` in tools/emulator/moto_server.py. Each entry's probe,
 * probes/<id>.py, runs against plain moto (no shims) and fails once moto does
 * it itself.
 */
import { Gap } from "./gap-types";

export const SHIM_GAPS: readonly Gap[] = [
  {
    id: "application-autoscaling-tags",
    kind: "shim",
    resource:
      "application-autoscaling ListTagsForResource / TagResource / UntagResource (aws_appautoscaling_target)",
    limitation:
      "not implemented (HTTP 500); the provider lists tags after RegisterScalableTarget, so aws_appautoscaling_target cannot be created",
  },
  {
    id: "cloudtrail-logging-by-arn",
    kind: "shim",
    resource: "cloudtrail StartLogging / StopLogging by ARN (aws_cloudtrail)",
    limitation:
      "the trail is looked up by name only (KeyError, HTTP 500); the provider passes the trail's ARN",
  },
  {
    id: "cloudtrail-delete-by-arn",
    kind: "shim",
    resource: "cloudtrail DeleteTrail by ARN (aws_cloudtrail)",
    limitation:
      "DeleteTrail deletes only a trail named exactly as given and answers HTTP 200 for anything else; the provider passes the trail's ARN, so the trail stays (staging's and production's vpc stacks)",
  },
  {
    id: "bucket-policy-secure-transport",
    kind: "shim",
    resource:
      "S3 bucket policy evaluation (aws_s3_bucket_policy: the DenyInsecureTransport statement of every bucket, the state bucket's included)",
    limitation:
      "a bucket policy is evaluated without the request's context and the Bool operator is not evaluated (an operator moto does not know counts as met), so a Deny on aws:SecureTransport false denies every request. The shim evaluates aws:SecureTransport as true in bucket policies only (the provider and the S3 backend use TLS only); other conditions and identity policies are left to moto. That plain HTTP is refused is proven by plan only",
  },
  {
    id: "ecs-run-task-task-level-memory",
    kind: "shim",
    resource:
      "ecs RunTask of a Fargate task definition with task-level memory only (npm run migrate: the migration task of financial-pipeline-<env>-jobs)",
    limitation:
      "RunTask adds up the containers' memory and fails (TypeError, HTTP 500) when a container sets neither memory nor memoryReservation, which Fargate allows when the task sets memory; every task definition here does so",
  },
  {
    id: "rds-ca-default",
    kind: "shim",
    resource: "rds CreateDBInstance without a CA (aws_db_instance)",
    limitation:
      "a new instance gets CA rds-ca-default; AWS gives new instances rds-ca-rsa2048-g1. The provider does not send ca_cert_identifier on create, finds rds-ca-default, modifies the instance and waits for RDS a second time (~80 s of every database apply)",
  },
  {
    id: "rds-shared-resource-id",
    kind: "shim",
    resource:
      "rds DescribeDBInstances DbiResourceId (aws_db_instance; same-region read replicas)",
    limitation:
      "every DB instance gets the same DbiResourceId (a constant in moto's DBInstance), and a same-region read replica, a copy of its source, keeps its source's. The provider finds an instance by that id (filter dbi-resource-id): a same-region replica's create finds two instances and fails, and its destroy waits for an id its source still has (hangs)",
  },
  {
    id: "security-group-rule-description",
    kind: "shim",
    resource:
      "ec2 DescribeSecurityGroupRules (aws_vpc_security_group_ingress_rule / _egress_rule that reference a security group or a prefix list)",
    limitation:
      "a rule's Description is read from its CIDR range only: a rule that references a security group (UserIdGroupPairs) or a prefix list (PrefixListIds) is returned without it, so every second plan would set it again. CIDR rules keep theirs (tested beside the probes) and the shim leaves them alone",
  },
];
