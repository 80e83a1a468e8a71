/** Shared helpers of the access-matrix tests: the models of the synthesized stacks and expectation lists. */
import { PIPELINE_CONFIG } from "../../config";
import {
  AccessModel,
  readAccessModel,
  RoleModel,
} from "../../tools/access/model";
import {
  AccessRequest,
  describeDecision,
  evaluate,
} from "../support/access-simulate";

const models = new Map<string, AccessModel>();

/** The access model of an environment, from the run's synthesized stacks. */
export function model(environment: string): AccessModel {
  const outdir = process.env.PIPELINE_TEST_OUTDIR;
  if (!outdir)
    throw new Error("PIPELINE_TEST_OUTDIR is not set (global setup)");
  if (!models.has(environment)) {
    models.set(environment, readAccessModel(outdir, environment));
  }
  return models.get(environment)!;
}

/** The role named `name` of the model. */
export function role(m: AccessModel, name: string): RoleModel {
  const found = m.roles.find((r) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
}

/** The environment's configuration. */
export const environmentOf = (name: string) =>
  PIPELINE_CONFIG.environments[name as "production"];

/**
 * Evaluates each request and returns one line per request whose outcome is
 * not `allowed`: principal, action, resource, result and deciding statements.
 */
export async function mismatches(
  allowed: boolean,
  requests: readonly AccessRequest[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const request of requests) {
    const decision = await evaluate(request);
    if (decision.allowed !== allowed) {
      lines.push(describeDecision(request, decision));
    }
  }
  return lines;
}
