/** The usage assumption of an edge pricing rule, or CannotPrice when it has no value. */
import type { AssumptionName } from "../assumptions";
import { CannotPrice, RuleContext } from "../rules";

export function assumed(ctx: RuleContext, name: AssumptionName): number {
  const value = ctx.assume(name);
  if (value === null) throw new CannotPrice(`assumption ${name} has no value`);
  return value;
}
