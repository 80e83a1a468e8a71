/**
 * What a pricing rule is: the resource it reads, the lines it returns, and
 * the helpers every service's rules share. Each service's rules live in a
 * file of their own beside this one; index.ts lists them.
 */
import { AssumptionName } from "../assumptions";

/** Synthesized Terraform JSON (resource configuration) of one resource. */
export type ResourceConfig = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One priced quantity of a resource, in the unit of its rate. */
export interface LineDraft {
  /** What is billed, e.g. "instance hours (db.t3.micro, Single-AZ)". */
  readonly item: string;
  /** Key of the rate in the region's table, e.g. `nat.hour`. */
  readonly rate: string;
  /** Quantity in the rate's unit (hours, GB-months, 10,000 requests...). */
  readonly quantity: number;
  /** Region whose rate applies; default: the resource's provider region. */
  readonly region?: string;
  /** Assumptions the quantity depends on. */
  readonly assumptions: readonly AssumptionName[];
}

/** A value read from the synthesized stacks instead of an assumption (`tasks`, `spot-share`). */
export interface Derivation {
  readonly name: AssumptionName;
  readonly value: number;
  readonly from: string;
}

/** What a rule gets: the resource, its stack, its region and the assumptions. */
export interface RuleContext {
  readonly name: string;
  readonly config: ResourceConfig;
  /** Every resource of the same stack: type → name → configuration. */
  readonly stackResources: Readonly<
    Record<string, Readonly<Record<string, ResourceConfig>>>
  >;
  /** Region of the resource's provider (after `--region`). */
  readonly region: string;
  /** Region of the stack's default provider (after `--region`). */
  readonly stackRegion: string;
  /** Region of a provider reference such as `aws.dr`. */
  readonly providerRegion: (provider: string | undefined) => string;
  /** An assumption's value; derived ones (`tasks`, `spot-share`) are null unless given. */
  readonly assume: (name: AssumptionName) => number | null;
  /** Records a value read from the stack in place of an assumption. */
  readonly derive: (derivation: Derivation) => void;
  /** Facts about the whole environment. */
  readonly environment: EnvironmentFacts;
}

/** Counts over every stack of the environment, for usage that is split between resources. */
export interface EnvironmentFacts {
  readonly natGateways: number;
  readonly interfaceEndpoints: number;
}

/** A rule's answer: lines, or that this resource has no charge (and why). */
export type RuleResult =
  | { readonly lines: readonly LineDraft[] }
  | { readonly free: string };

/** Thrown by a rule for a configuration it cannot price (the resource becomes unpriced). */
export class CannotPrice extends Error {}

export type Rule = (ctx: RuleContext) => RuleResult;

/** One service's rules: its priced resource types, and those that cost nothing by themselves (and why). */
export interface ServiceRules {
  /** The pricing rule of each priced resource type. */
  readonly priced: Readonly<Record<string, Rule>>;
  /** Resource types with no charge of their own, and why. */
  readonly free: Readonly<Record<string, string>>;
}

/** The logical name an interpolation like `${aws_x.name.attr}` points at. */
export function referencedName(
  expression: unknown,
  type: string,
): string | undefined {
  if (typeof expression !== "string") return undefined;
  return new RegExp(`\\$\\{${type}\\.([^.}]+)[.}]`).exec(expression)?.[1];
}

/** An assumption's value; CannotPrice when it has none. */
export function req(ctx: RuleContext, name: AssumptionName): number {
  const value = ctx.assume(name);
  if (value === null) throw new CannotPrice(`assumption ${name} has no value`);
  return value;
}
