/**
 * Small helpers for IAM and KMS policy documents, rendered with
 * JSON.stringify: cdktf tokens inside strings become Terraform
 * interpolations, so the synthesized JSON stays deterministic.
 */

/** One statement of an IAM or KMS policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document (version 2012-10-17) as a JSON string. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A role's trust policy: `principal` may assume the role, under `condition`. */
export function trustPolicy(
  principal: unknown,
  condition?: PolicyStatement["Condition"],
): string {
  // A trust statement has no Resource, hence not policyDocument().
  const statement = {
    Effect: "Allow",
    Principal: principal,
    Action: "sts:AssumeRole",
    ...(condition ? { Condition: condition } : {}),
  };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

/** The trust policy that lets one AWS service assume a role, from `accountId` only. */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return trustPolicy(
    { Service: service },
    { StringEquals: { "aws:SourceAccount": accountId } },
  );
}

/** The account root principal ARN: key administration stays with the account's IAM. */
export function accountRoot(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}
