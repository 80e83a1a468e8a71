/**
 * One access question, answered by @cloud-copilot/iam-simulate (AGPL-3.0,
 * a development dependency: tests and `npm run access` only, never
 * shipped): identity policies, the permissions boundary and a resource
 * policy (bucket policy, or a role's trust policy for AssumeRole*),
 * every condition operator.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument, RoleModel } from "../../tools/access/model";

/** A request to evaluate. */
export interface AccessRequest {
  /** ARN of the caller (a role, an OIDC provider, a service). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account of the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  readonly identityPolicies?: Readonly<Record<string, PolicyDocument>>;
  readonly boundary?: PolicyDocument;
  readonly resourcePolicy?: PolicyDocument;
}

/** The answer and the statements that decided it. */
export interface AccessDecision {
  readonly allowed: boolean;
  /** "Allowed", "ExplicitlyDenied", "ImplicitlyDenied", or the engine's error. */
  readonly result: string;
  /** Sids (or positions) of the deciding statements: Deny statements, else Allow ones. */
  readonly decidedBy: readonly string[];
}

/** Evaluates one request. */
export async function evaluate(
  request: AccessRequest,
): Promise<AccessDecision> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: {
          resource: request.resource,
          accountId: request.resourceAccount,
        },
        contextVariables: request.context ?? {},
      },
      identityPolicies: Object.entries(request.identityPolicies ?? {}).map(
        ([name, policy]) => ({ name, policy }),
      ),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
      permissionBoundaryPolicies: request.boundary
        ? [{ name: "boundary", policy: request.boundary }]
        : undefined,
    },
    {},
  );
  if (response.resultType === "error") {
    return {
      allowed: false,
      result: `error: ${response.errors.message}`,
      decidedBy: [JSON.stringify(response.errors).slice(0, 400)],
    };
  }
  const analyses =
    response.resultType === "single"
      ? [response.result.analysis]
      : response.results.map((r) => r.analysis);
  const sids = (
    statements: {
      policyId: string;
      statement: { sid(): string | undefined; index(): number };
    }[] = [],
  ) =>
    statements.map(
      (s) =>
        `${s.policyId}#${s.statement.sid() ?? `statement ${s.statement.index()}`}`,
    );
  const deny: string[] = [];
  const allow: string[] = [];
  for (const a of analyses) {
    for (const part of [
      a.identityAnalysis,
      a.permissionBoundaryAnalysis,
      a.resourceAnalysis,
    ] as (
      | {
          allowStatements?: Parameters<typeof sids>[0];
          denyStatements?: Parameters<typeof sids>[0];
        }
      | undefined
    )[]) {
      deny.push(...sids(part?.denyStatements));
      allow.push(...sids(part?.allowStatements));
    }
  }
  const allowed = response.overallResult === "Allowed";
  return {
    allowed,
    result: response.overallResult,
    decidedBy: [...new Set(deny.length > 0 ? deny : allow)],
  };
}

/** The request of `role` calling `action` on `resource`, with its own policies and boundary. */
export function asRole(
  role: RoleModel,
  action: string,
  resource: string,
  extra: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    principal: role.arn,
    action,
    resource,
    resourceAccount: role.accountId,
    identityPolicies: role.policies,
    boundary: role.boundary,
    ...extra,
  };
}

/** One line for a failed expectation: who, what, on what, decided by which statements. */
export function describeDecision(
  request: AccessRequest,
  decision: AccessDecision,
): string {
  return `${request.principal} ${request.action} ${request.resource}: ${decision.result} (decided by ${decision.decidedBy.join(", ") || "no statement"})`;
}
