import { PolicyStatement } from "../security/policy";

/**
 * Characters of a customer managed policy document, whitespace not counted
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;
/** Characters of all inline policies of one role together. */
export const INLINE_POLICIES_MAX_CHARS = 10240;

/** Size of a policy document as IAM counts it: the JSON without whitespace. */
export function policySize(statements: readonly PolicyStatement[]): number {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements })
    .length;
}

/**
 * Packs statements, in order, into as few documents as fit
 * {@link MANAGED_POLICY_MAX_CHARS} each; a statement too large for one
 * document is an error that names it.
 */
export function packStatements(
  statements: readonly PolicyStatement[],
  maxChars = MANAGED_POLICY_MAX_CHARS,
): PolicyStatement[][] {
  const documents: PolicyStatement[][] = [];
  let current: PolicyStatement[] = [];
  for (const statement of statements) {
    if (policySize([statement]) > maxChars) {
      throw new Error(
        `policy statement ${statement.Sid ?? "(no Sid)"}: ${policySize([statement])} characters: more than a managed policy holds (${maxChars})`,
      );
    }
    if (current.length > 0 && policySize([...current, statement]) > maxChars) {
      documents.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) documents.push(current);
  return documents;
}
