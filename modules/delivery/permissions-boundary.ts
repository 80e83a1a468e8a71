import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, PolicyStatement } from "../security/policy";

/** Properties of a {@link PermissionsBoundary}. */
export interface PermissionsBoundaryProps {
  /** Name of the customer managed policy, e.g. `financial-pipeline-production-boundary`. */
  readonly policyName: string;
  /** The account the policy lives in. */
  readonly accountId: string;
}

/**
 * What any role the environment's stacks create can ever do, whatever its
 * own policies say: everything its services need (the managed
 * `AWS_ConfigRole` reads across most services, so the boundary allows
 * actions broadly), and never an IAM change, a role assumption, a change to
 * audit logging or to a key's lifecycle or policy. The deploy role can
 * create and change roles only with this boundary and cannot edit it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 */
export class PermissionsBoundary extends Construct {
  public readonly policy: IamPolicy;
  /** ARN of the policy, known before it exists: `arn:aws:iam::<account>:policy/<name>`. */
  public readonly arn: string;

  /** The ARN of a boundary policy named `policyName` in `accountId`. */
  public static arnOf(accountId: string, policyName: string): string {
    return `arn:aws:iam::${accountId}:policy/${policyName}`;
  }

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const checks = new PropChecks(throwOnBadProp(`PermissionsBoundary ${id}`));
    checks.matches(
      "policyName",
      props.policyName,
      /^[A-Za-z0-9+=,.@_-]{1,128}$/,
      "must be 1-128 IAM policy name characters",
    );
    checks.matches(
      "accountId",
      props.accountId,
      /^\d{12}$/,
      "must be 12 digits",
    );
    this.policy = new IamPolicy(this, "policy", {
      name: props.policyName,
      description:
        "Permissions boundary of every role the environment's stacks create",
      policy: policyDocument(BOUNDARY_STATEMENTS),
    });
    this.arn = PermissionsBoundary.arnOf(props.accountId, props.policyName);
  }
}

/** The boundary's statements (the same in every environment). */
export const BOUNDARY_STATEMENTS: readonly PolicyStatement[] = [
  {
    Sid: "WhatTheWorkloadsAndServicesDo",
    Effect: "Allow",
    Action: "*",
    Resource: "*",
  },
  {
    // PassRole stays: the schedules pass the task roles to ECS.
    Sid: "NoIdentityChanges",
    Effect: "Deny",
    Action: [
      "iam:Add*",
      "iam:Attach*",
      "iam:Change*",
      "iam:Create*",
      "iam:Deactivate*",
      "iam:Delete*",
      "iam:Detach*",
      "iam:Enable*",
      "iam:Put*",
      "iam:Remove*",
      "iam:Reset*",
      "iam:Set*",
      "iam:Tag*",
      "iam:Untag*",
      "iam:Update*",
      "iam:Upload*",
      "sts:AssumeRole",
      "sts:AssumeRoleWithWebIdentity",
    ],
    Resource: "*",
  },
  {
    Sid: "NoAuditOrKeyTampering",
    Effect: "Deny",
    Action: [
      "cloudtrail:DeleteTrail",
      "cloudtrail:PutEventSelectors",
      "cloudtrail:StopLogging",
      "cloudtrail:UpdateTrail",
      "config:DeleteConfigurationRecorder",
      "config:DeleteDeliveryChannel",
      "config:StopConfigurationRecorder",
      "kms:DisableKey",
      "kms:PutKeyPolicy",
      "kms:ScheduleKeyDeletion",
      "s3:DeleteObjectVersion",
      "s3:PutBucketPolicy",
      "s3:PutLifecycleConfiguration",
    ],
    Resource: "*",
  },
];
