/**
 * What one plan (`terraform show -json <planfile>`) says about a stack:
 *
 *  - drift: resources whose real settings changed outside Terraform since the
 *    last apply (the plan's `resource_drift`, found by refreshing from AWS),
 *    without what is no change made outside Terraform: "not set" written
 *    another way (null, "", 0, false, [], {}); a computed copy of other
 *    resources of the state (mirrors.ts) filled in by the first refresh; an
 *    attribute AWS moves by itself (latest_restorable_time); an attribute
 *    the configuration's `lifecycle.ignore_changes` names (Terraform leaves
 *    it out of the plan, but not out of `resource_drift`);
 *  - changes: resources (and outputs) whose configuration and state disagree
 *    (the plan's `resource_changes`), i.e. what an apply would do.
 */
import { isObject, Json, MIRRORS } from "./mirrors";

/** One resource that drifted or would change. */
export interface ResourceFinding {
  readonly address: string;
  /** Terraform's actions, e.g. ["update"], ["delete", "create"]. */
  readonly actions: readonly string[];
  /** Changed attribute paths, e.g. ["retention_in_days", "tags.Owner"]; empty for create and delete. */
  readonly attributes: readonly string[];
  /**
   * Of `attributes`, those a replacement leaves to the create: unknown until
   * apply (`after_unknown`) or without a planned value (null). Set for
   * replacements only; the gap list's `isAllowed` (tools/emulator/gap-match.ts)
   * judges a replacement by it.
   */
  readonly knownAfterApply?: readonly string[];
}

/** One output whose value in state differs from the configuration. */
export interface OutputFinding {
  readonly name: string;
  readonly actions: readonly string[];
}

/** The findings of one plan. */
export interface PlanFindings {
  /** Changed outside Terraform (refresh mode only). */
  readonly drift: readonly ResourceFinding[];
  /** Configuration and state disagree. */
  readonly changes: readonly ResourceFinding[];
  readonly outputs: readonly OutputFinding[];
}

function containsUnknown(value: Json): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Attribute paths that differ between `before` and `after` (or become known
 * only after apply): objects (maps, single blocks) are followed to their
 * keys, lists are compared whole.
 */
export function changedAttributes(
  before: Json,
  after: Json,
  afterUnknown: Json = {},
  prefix = "",
): string[] {
  const keys = new Set([
    ...Object.keys(isObject(before) ? before : {}),
    ...Object.keys(isObject(after) ? after : {}),
    ...Object.keys(isObject(afterUnknown) ? afterUnknown : {}),
  ]);
  const changed: string[] = [];
  for (const key of [...keys].sort()) {
    const b = isObject(before) ? before[key] : undefined;
    const a = isObject(after) ? after[key] : undefined;
    const u = isObject(afterUnknown) ? afterUnknown[key] : undefined;
    const here = prefix ? `${prefix}.${key}` : key;
    if (u === true) changed.push(here);
    else if (isObject(b) && isObject(a))
      changed.push(...changedAttributes(b, a, u, here));
    else if (
      JSON.stringify(b ?? null) !== JSON.stringify(a ?? null) ||
      (u !== undefined && containsUnknown(u))
    )
      changed.push(here);
  }
  return changed;
}

/**
 * `attributes` of a resource change (an entry of a plan JSON's
 * `resource_changes` or `resource_drift`) that the plan leaves to the
 * create: unknown until apply, or without a planned value. Empty unless the
 * change creates.
 */
export function knownAfterApply(
  change: Json,
  attributes: readonly string[],
): string[] {
  if (!(change?.actions ?? []).includes("create")) return [];
  return attributes.filter(
    (a) =>
      valueAt(change.after_unknown, a) === true ||
      (valueAt(change.after, a) ?? null) === null,
  );
}

function finding(entry: Json): ResourceFinding {
  const actions: string[] = entry.change?.actions ?? [];
  const replacing = actions.includes("create") && actions.includes("delete");
  if (!actions.includes("update") && !replacing)
    return { address: entry.address, actions, attributes: [] };
  const attributes = changedAttributes(
    entry.change.before,
    entry.change.after,
    entry.change.after_unknown,
  );
  return {
    address: entry.address,
    actions,
    attributes,
    ...(replacing
      ? { knownAfterApply: knownAfterApply(entry.change, attributes) }
      : {}),
  };
}

const NOTHING = (actions: readonly string[]) =>
  actions.length === 0 || actions.every((a) => a === "no-op" || a === "read");

/**
 * A value with every "none" made null, deep: null, "", 0, false, [] and {}
 * are how a create and a later read write "not set" (measured: an alarm's
 * `metric_query[].period` stored null and read back 0, a schedule's
 * `target[].ecs_parameters[].tags` null and read back {}).
 */
function withoutNones(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(withoutNones);
    return items.length === 0 ? null : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, withoutNones(v)] as const)
      .filter(([, v]) => v !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  return value === undefined || value === "" || value === 0 || value === false
    ? null
    : value;
}

function valueAt(value: Json, dotted: string): Json {
  return dotted
    .split(".")
    .reduce((v, key) => (isObject(v) ? v[key] : undefined), value);
}

/** Computed attributes AWS changes by itself, all the time. */
const SELF_CHANGING: ReadonlySet<string> = new Set([
  // Moves forward every few minutes while backups run.
  "aws_db_instance.latest_restorable_time",
]);

/**
 * Per resource (`type.name`, as in the configuration), what its
 * `lifecycle.ignore_changes` names: attribute paths, or "all".
 */
export type IgnoredChanges = Readonly<
  Record<string, readonly string[] | "all">
>;

/**
 * The `lifecycle.ignore_changes` of a stack's Terraform JSON (cdk.tf.json).
 * Paths are written as drift names attributes: `tags["Owner"]` is
 * `tags.Owner`; an index (`rule[0].x`) is kept, so it matches no whole-list
 * attribute and such a change still counts.
 */
export function ignoredChangesOf(config: Json): IgnoredChanges {
  const ignored: Record<string, readonly string[] | "all"> = {};
  for (const [type, byName] of Object.entries<Json>(config?.resource ?? {}))
    for (const [name, resource] of Object.entries<Json>(byName ?? {})) {
      const value = resource?.lifecycle?.ignore_changes;
      if (value === "all") ignored[`${type}.${name}`] = "all";
      else if (Array.isArray(value) && value.length > 0)
        ignored[`${type}.${name}`] = value.map((p: string) =>
          p.replace(/\["([^"]*)"\]/g, ".$1"),
        );
    }
  return ignored;
}

/** Whether `ignored` names `attribute` (or a path above it) of the resource at `address`. */
function isIgnored(
  address: string,
  attribute: string,
  ignored: IgnoredChanges,
): boolean {
  // An instance of a count or for_each: its configuration is the resource's.
  const paths = ignored[address.replace(/\[[^\]]*\]$/, "")];
  return (
    paths === "all" ||
    (paths ?? []).some((p) => attribute === p || attribute.startsWith(`${p}.`))
  );
}

function notDrift(
  entry: Json,
  attribute: string,
  resources: readonly Json[],
  ignored: IgnoredChanges,
): boolean {
  const key = `${entry.type}.${attribute}`;
  if (SELF_CHANGING.has(key)) return true;
  // Terraform plans no change for it, so none is reported: measured with
  // Terraform 1.11, `resource_drift` lists such an attribute all the same.
  if (isIgnored(entry.address, attribute, ignored)) return true;
  if (
    JSON.stringify(withoutNones(valueAt(entry.change.before, attribute))) ===
    JSON.stringify(withoutNones(valueAt(entry.change.after, attribute)))
  )
    return true;
  const mirror = MIRRORS[key];
  return mirror !== undefined && mirror(entry.change.after ?? {}, resources);
}

/**
 * A drift entry with the attributes that really changed outside Terraform:
 * not "none" written another way, not a role's copy of its own policies,
 * not what Terraform ignores. Undefined when nothing is left.
 */
function realDrift(
  entry: Json,
  resources: readonly Json[],
  ignored: IgnoredChanges,
): ResourceFinding | undefined {
  const found = finding(entry);
  if (found.attributes.length === 0) return found;
  const attributes = found.attributes.filter(
    (a) => !notDrift(entry, a, resources, ignored),
  );
  return attributes.length > 0 ? { ...found, attributes } : undefined;
}

/** The managed resources of a plan's prior state (CDKTF writes one root module). */
export function priorResources(plan: Json): Json[] {
  const collect = (module: Json): Json[] => [
    ...(module?.resources ?? []),
    ...(module?.child_modules ?? []).flatMap(collect),
  ];
  return collect(plan.prior_state?.values?.root_module);
}

/**
 * The findings of one plan (`terraform show -json <planfile>`). `context`:
 * resources of other stacks that computed copies may mirror; `ignored`: the
 * stack's `lifecycle.ignore_changes` ({@link ignoredChangesOf}), which the
 * plan JSON does not carry.
 */
export function analysePlan(
  plan: Json,
  context: readonly Json[] = [],
  ignored: IgnoredChanges = {},
): PlanFindings {
  const managed = (entries: Json[] | undefined) =>
    (entries ?? []).filter(
      (e) => e.mode !== "data" && !NOTHING(e.change?.actions ?? []),
    );
  const resources = [...priorResources(plan), ...context];
  return {
    drift: managed(plan.resource_drift)
      .map((e) => realDrift(e, resources, ignored))
      .filter((f): f is ResourceFinding => f !== undefined),
    changes: managed(plan.resource_changes).map(finding),
    outputs: Object.entries<Json>(plan.output_changes ?? {})
      .filter(([, change]) => !NOTHING(change.actions ?? []))
      .map(([name, change]) => ({ name, actions: change.actions })),
  };
}
