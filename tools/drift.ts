/**
 * Drift detection: for a stack, an environment or everything, Terraform plans
 * in the stack's synthesized folder with its own backend and reports
 *
 *  - drift: resources whose real settings changed outside Terraform since the
 *    last apply (the plan's `resource_drift`, found by refreshing from AWS),
 *    without what is no change made outside Terraform: "not set" written
 *    another way (null, "", 0, false, [], {}); a computed copy of other
 *    resources of the state (a role's policies, a group's rules, a queue's
 *    policy) filled in by the first refresh; an attribute AWS moves by
 *    itself (latest_restorable_time);
 *  - changes: resources (and outputs) whose configuration and state disagree
 *    (the plan's `resource_changes`), i.e. what an apply would do.
 *
 *   npm run drift -- [stack | glob | environment | all ...] [options]
 *
 * Options: --no-refresh (compare configuration with the stored state only;
 * needs no AWS read access, reports no drift of real resources), --json (the
 * JSON report on stdout, the summary on stderr), --report <file>,
 * --lock-timeout <duration> (default 0s), --parallel <n> (default 2) and the
 * common --outdir, --backend-config, --reconfigure, --no-init.
 *
 * Exit codes: 0 every stack in sync, 2 drift or changes in at least one
 * stack, 1 an error in at least one stack (an unreachable backend, a held
 * lock, missing credentials) or a bad command line (an unknown option, a
 * missing or bad value): an error is never reported as "no drift".
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { wholeNumberOption } from "./command-line";
import { mapWithLimit } from "./worker-pool";
import { runTerraform, savedPlanArgs, terraformEnv } from "./terraform";
import {
  CommandOutput,
  CommonOptions,
  errorSummary,
  initStack,
  parseArgs,
  readStacks,
  selectStacks,
  runCommandLine,
  SynthesizedStack,
  UsageError,
} from "./stack-workdir";

const USAGE = `Usage: npm run drift -- [stack | glob | environment | all ...] [options]

Options:
  --no-refresh                    compare configuration with the stored state only (no AWS reads)
  --json                          the JSON report on stdout, the summary on stderr
  --report <file>                 also write the JSON report to <file>
  --lock-timeout <duration>       wait for a held state lock, e.g. 30s, 5m (default 0s)
  --parallel <n>                  stacks planned at once (default 2)
  --outdir <dir>                  synthesized output folder (default $CDKTF_OUTDIR or cdktf.out)
  --backend-config <key=value>    extra backend setting for terraform init (repeatable)
  --reconfigure                   pass -reconfigure to terraform init
  --no-init                       skip terraform init

Exit: 0 in sync, 2 drift, 1 error or bad command line.`;

/** Exit codes of the drift command. */
export const EXIT = { inSync: 0, error: 1, drift: 2 } as const;

/** One resource that drifted or would change. */
export interface ResourceFinding {
  readonly address: string;
  /** Terraform's actions, e.g. ["update"], ["delete", "create"]. */
  readonly actions: readonly string[];
  /** Changed attribute paths, e.g. ["retention_in_days", "tags.Owner"]; empty for create and delete. */
  readonly attributes: readonly string[];
}

/** One output whose value in state differs from the configuration. */
export interface OutputFinding {
  readonly name: string;
  readonly actions: readonly string[];
}

/** Result for one stack. */
export interface StackReport {
  readonly stack: string;
  readonly status: "in-sync" | "drift" | "error";
  /** Changed outside Terraform (refresh mode only). */
  readonly drift: readonly ResourceFinding[];
  /** Configuration and state disagree. */
  readonly changes: readonly ResourceFinding[];
  readonly outputs: readonly OutputFinding[];
  /** Why the stack could not be checked. */
  readonly error?: string;
}

/** The machine-readable report. */
export interface DriftReport {
  readonly mode: "refresh" | "no-refresh";
  readonly stacks: readonly StackReport[];
  readonly summary: {
    readonly stacks: number;
    readonly inSync: number;
    readonly drifted: number;
    readonly errors: number;
  };
  readonly exitCode: number;
}

// -------------------------------------------------------------- plan JSON
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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

function finding(entry: Json): ResourceFinding {
  const actions: string[] = entry.change?.actions ?? [];
  const updating =
    actions.includes("update") ||
    (actions.includes("create") && actions.includes("delete"));
  return {
    address: entry.address,
    actions,
    attributes: updating
      ? changedAttributes(
          entry.change.before,
          entry.change.after,
          entry.change.after_unknown,
        )
      : [],
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

/** JSON with every object's keys sorted: equal documents, equal text. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Whether two policy documents say the same, whatever their key order and spacing. */
function sameDocument(a: string, b: string): boolean {
  try {
    return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** Security-group rules as atoms: protocol, ports and one source each. */
function ruleAtoms(rule: {
  protocol: string;
  from?: number | null;
  to?: number | null;
  sources: readonly string[];
}): string[] {
  const ports =
    rule.protocol === "-1" ? "all" : `${rule.from ?? ""}-${rule.to ?? ""}`;
  return rule.sources.map((source) => `${rule.protocol}|${ports}|${source}`);
}

/** The atoms of one `ingress` / `egress` entry of an aws_security_group. */
function groupEntryAtoms(entry: Json, groupId: string): string[] {
  return ruleAtoms({
    protocol: String(entry.protocol),
    from: entry.from_port,
    to: entry.to_port,
    sources: [
      ...(entry.cidr_blocks ?? []).map((c: string) => `ipv4:${c}`),
      ...(entry.ipv6_cidr_blocks ?? []).map((c: string) => `ipv6:${c}`),
      ...(entry.prefix_list_ids ?? []).map((p: string) => `pl:${p}`),
      ...(entry.security_groups ?? []).map(
        (g: string) => `sg:${g.split("/").pop()}`,
      ),
      ...(entry.self ? [`sg:${groupId}`] : []),
    ],
  });
}

/** The atoms of an aws_vpc_security_group_{ingress,egress}_rule. */
function ruleResourceAtoms(values: Json): string[] {
  const source = values.cidr_ipv4
    ? `ipv4:${values.cidr_ipv4}`
    : values.cidr_ipv6
      ? `ipv6:${values.cidr_ipv6}`
      : values.prefix_list_id
        ? `pl:${values.prefix_list_id}`
        : `sg:${values.referenced_security_group_id}`;
  return ruleAtoms({
    protocol: String(values.ip_protocol),
    from: values.from_port,
    to: values.to_port,
    sources: [source],
  });
}

/** A `policy` copied from the `type` resource whose `key` is the owner's `ownerKey`. */
function policyResource(type: string, key: string, ownerKey: string) {
  return (after: Json, resources: readonly Json[]) =>
    resources.some(
      (r) =>
        r.type === type &&
        r.values?.[key] === after[ownerKey] &&
        sameDocument(r.values.policy, after.policy),
    );
}

/**
 * Computed attributes that copy other resources: of the same state, or of
 * another stack checked in the same run. The owner is created first, so its
 * stored copy is empty until the first refresh fills it in: Terraform's own
 * work, not drift. What was added outside Terraform is in no resource and
 * still counts.
 */
const MIRRORS: Readonly<
  Record<string, (after: Json, resources: readonly Json[]) => boolean>
> = {
  // The role's aws_iam_role_policy resources.
  "aws_iam_role.inline_policy": (after, resources) =>
    (after.inline_policy ?? []).every((p: Json) =>
      resources.some(
        (r) =>
          r.type === "aws_iam_role_policy" &&
          r.values?.role === after.name &&
          r.values.name === p.name &&
          sameDocument(r.values.policy, p.policy),
      ),
    ),
  // The role's aws_iam_role_policy_attachment resources.
  "aws_iam_role.managed_policy_arns": (after, resources) =>
    (after.managed_policy_arns ?? []).every((arn: string) =>
      resources.some(
        (r) =>
          r.type === "aws_iam_role_policy_attachment" &&
          r.values?.role === after.name &&
          r.values.policy_arn === arn,
      ),
    ),
  // The table's aws_route resources.
  "aws_route_table.route": (after, resources) => {
    const own = new Set(
      resources
        .filter(
          (r) =>
            r.type === "aws_route" && r.values?.route_table_id === after.id,
        )
        .map((r) =>
          routeAtom(
            r.values.destination_cidr_block ||
              r.values.destination_ipv6_cidr_block ||
              r.values.destination_prefix_list_id,
            r.values,
          ),
        ),
    );
    return (after.route ?? []).every((e: Json) =>
      own.has(
        routeAtom(
          e.cidr_block || e.ipv6_cidr_block || e.destination_prefix_list_id,
          e,
        ),
      ),
    );
  },
  // The topic's aws_sns_topic_policy.
  "aws_sns_topic.policy": policyResource("aws_sns_topic_policy", "arn", "arn"),
  // The load balancers whose listeners forward to the group.
  "aws_lb_target_group.load_balancer_arns": (after, resources) =>
    (after.load_balancer_arns ?? []).every((arn: string) =>
      resources.some((r) => r.type === "aws_lb" && r.values?.arn === arn),
    ),
  ...Object.fromEntries(
    ["association_id", "network_interface", "private_ip", "private_dns"].map(
      (attribute) => [
        // The address's association with the state's NAT gateway.
        `aws_eip.${attribute}`,
        (after: Json, resources: readonly Json[]) =>
          resources.some(
            (r) =>
              r.type === "aws_nat_gateway" &&
              r.values?.allocation_id === after.id,
          ),
      ],
    ),
  ),
  // The queue's aws_sqs_queue_policy.
  "aws_sqs_queue.policy": policyResource(
    "aws_sqs_queue_policy",
    "queue_url",
    "url",
  ),
  // The group's aws_vpc_security_group_{ingress,egress}_rule resources.
  "aws_security_group.ingress": (after, resources) =>
    sameRules(after, "ingress", resources),
  "aws_security_group.egress": (after, resources) =>
    sameRules(after, "egress", resources),
};

function sameRules(
  group: Json,
  direction: "ingress" | "egress",
  resources: readonly Json[],
): boolean {
  const own = new Set(
    resources
      .filter(
        (r) =>
          r.type === `aws_vpc_security_group_${direction}_rule` &&
          r.values?.security_group_id === group.id,
      )
      .flatMap((r) => ruleResourceAtoms(r.values)),
  );
  return (group[direction] ?? [])
    .flatMap((e: Json) => groupEntryAtoms(e, group.id))
    .every((atom: string) => own.has(atom));
}

/** Targets a route can have (aws_route and aws_route_table's `route` share them). */
const ROUTE_TARGETS = [
  "gateway_id",
  "nat_gateway_id",
  "vpc_endpoint_id",
  "transit_gateway_id",
  "network_interface_id",
  "vpc_peering_connection_id",
  "egress_only_gateway_id",
  "local_gateway_id",
  "carrier_gateway_id",
  "core_network_arn",
];

function routeAtom(destination: string, route: Json): string {
  return `${destination}|${ROUTE_TARGETS.map((t) => route[t] || "").join("|")}`;
}

/** Computed attributes AWS changes by itself, all the time. */
const SELF_CHANGING: ReadonlySet<string> = new Set([
  // Moves forward every few minutes while backups run.
  "aws_db_instance.latest_restorable_time",
]);

function notDrift(
  entry: Json,
  attribute: string,
  resources: readonly Json[],
): boolean {
  const key = `${entry.type}.${attribute}`;
  if (SELF_CHANGING.has(key)) return true;
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
 * not "none" written another way, not a role's copy of its own policies.
 * Undefined when nothing is left.
 */
function realDrift(
  entry: Json,
  resources: readonly Json[],
): ResourceFinding | undefined {
  const found = finding(entry);
  if (found.attributes.length === 0) return found;
  const attributes = found.attributes.filter(
    (a) => !notDrift(entry, a, resources),
  );
  return attributes.length > 0 ? { ...found, attributes } : undefined;
}

/** The managed resources of a plan's prior state (CDKTF writes one root module). */
function priorResources(plan: Json): Json[] {
  const collect = (module: Json): Json[] => [
    ...(module?.resources ?? []),
    ...(module?.child_modules ?? []).flatMap(collect),
  ];
  return collect(plan.prior_state?.values?.root_module);
}

/**
 * The findings of one plan (`terraform show -json <planfile>`). `context`:
 * resources of other stacks that computed copies may mirror.
 */
export function analysePlan(
  plan: Json,
  context: readonly Json[] = [],
): Pick<StackReport, "drift" | "changes" | "outputs"> {
  const managed = (entries: Json[] | undefined) =>
    (entries ?? []).filter(
      (e) => e.mode !== "data" && !NOTHING(e.change?.actions ?? []),
    );
  const resources = [...priorResources(plan), ...context];
  return {
    drift: managed(plan.resource_drift)
      .map((e) => realDrift(e, resources))
      .filter((f): f is ResourceFinding => f !== undefined),
    changes: managed(plan.resource_changes).map(finding),
    outputs: Object.entries<Json>(plan.output_changes ?? {})
      .filter(([, change]) => !NOTHING(change.actions ?? []))
      .map(([name, change]) => ({ name, actions: change.actions })),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

// ------------------------------------------------------------------ stacks
/** Options of {@link checkStack}. */
export interface DriftOptions extends CommonOptions {
  /** Refresh from AWS (drift of real resources); false compares configuration and state only. */
  readonly refresh: boolean;
  /** Terraform `-lock-timeout`. */
  readonly lockTimeout: string;
}

function errorReport(stack: string, error: string): StackReport {
  return { stack, status: "error", drift: [], changes: [], outputs: [], error };
}

/** A stack's plan as `terraform show -json` writes it, with the plan's exit code. */
interface Planned {
  readonly stack: string;
  readonly plan: Json;
  readonly code: number;
}

/** Init and plan one stack: its plan, or the report of why there is none. */
async function planStack(
  stack: SynthesizedStack,
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
): Promise<Planned | StackReport> {
  const init = await initStack(stack, options, env);
  if (init.code !== 0)
    return errorReport(
      stack.name,
      `terraform init failed: ${errorSummary(init)}`,
    );
  // The plan file can hold secrets: outside the project, removed afterwards.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
  const planFile = path.join(scratch, "drift.tfplan");
  try {
    const args = savedPlanArgs(planFile, options.lockTimeout);
    if (!options.refresh) args.push("-refresh=false");
    const plan = await runTerraform(args, {
      cwd: stack.dir,
      env,
      timeoutMs: 900_000,
    });
    // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
    if (plan.code !== 0 && plan.code !== 2)
      return errorReport(
        stack.name,
        `terraform plan failed: ${errorSummary(plan)}`,
      );
    const show = await runTerraform(["show", "-json", "-no-color", planFile], {
      cwd: stack.dir,
      env,
    });
    if (show.code !== 0)
      return errorReport(
        stack.name,
        `terraform show failed: ${errorSummary(show)}`,
      );
    return {
      stack: stack.name,
      plan: JSON.parse(show.stdout),
      code: plan.code,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The report of one stack's plan; `context` as for {@link analysePlan}. */
function reportOf(planned: Planned, context: readonly Json[]): StackReport {
  const findings = analysePlan(planned.plan, context);
  const found =
    findings.drift.length + findings.changes.length + findings.outputs.length >
    0;
  // Terraform's own verdict counts too: a change this report does not itemize is still not "in sync".
  const differs = found || planned.code === 2;
  if (differs && !found) {
    return {
      stack: planned.stack,
      status: "drift",
      ...findings,
      error:
        "terraform plan reports changes that are neither resource nor output changes",
    };
  }
  return {
    stack: planned.stack,
    status: differs ? "drift" : "in-sync",
    ...findings,
  };
}

/** Init, plan and analyse one stack. */
export async function checkStack(
  stack: SynthesizedStack,
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
): Promise<StackReport> {
  const planned = await planStack(stack, options, env);
  return "plan" in planned ? reportOf(planned, []) : planned;
}

/** The report of `reports`, with the exit code: 1 if any error, else 2 if any drift, else 0. */
export function buildReport(
  mode: DriftReport["mode"],
  reports: readonly StackReport[],
): DriftReport {
  const count = (status: StackReport["status"]) =>
    reports.filter((r) => r.status === status).length;
  const summary = {
    stacks: reports.length,
    inSync: count("in-sync"),
    drifted: count("drift"),
    errors: count("error"),
  };
  const exitCode =
    summary.errors > 0
      ? EXIT.error
      : summary.drifted > 0
        ? EXIT.drift
        : EXIT.inSync;
  return { mode, stacks: reports, summary, exitCode };
}

const SYMBOL: Record<string, string> = {
  create: "+",
  delete: "-",
  update: "~",
  "delete,create": "-/+",
  "create,delete": "+/-",
};

/** The human summary of a report. */
export function formatReport(report: DriftReport): string {
  const lines: string[] = [];
  const item = (f: ResourceFinding) => {
    const symbol = SYMBOL[f.actions.join(",")] ?? f.actions.join(",");
    return `    ${symbol} ${f.address}${f.attributes.length > 0 ? `: ${f.attributes.join(", ")}` : ` (${f.actions.join(", ")})`}`;
  };
  for (const r of report.stacks) {
    if (r.status === "error") {
      lines.push(`${r.stack}: ERROR ${r.error}`);
      continue;
    }
    lines.push(`${r.stack}: ${r.status === "in-sync" ? "in sync" : "DRIFT"}`);
    if (r.drift.length > 0)
      lines.push("  changed outside Terraform:", ...r.drift.map(item));
    if (r.changes.length > 0)
      lines.push("  configuration and state disagree:", ...r.changes.map(item));
    if (r.outputs.length > 0)
      lines.push(
        "  outputs:",
        ...r.outputs.map(
          (o) =>
            `    ${SYMBOL[o.actions.join(",")] ?? "~"} ${o.name} (${o.actions.join(", ")})`,
        ),
      );
  }
  const s = report.summary;
  const mode =
    report.mode === "refresh"
      ? "refreshed from AWS"
      : "no refresh: configuration against stored state only";
  lines.push(
    `${s.stacks} stack(s), ${mode}: ${s.inSync} in sync, ${s.drifted} drifted, ${s.errors} error(s) -> exit ${report.exitCode}`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Plans `stacks`, at most `parallel` at once, and reports them in stack
 * order. Each stack's plan is read with the other stacks' resources: a
 * computed copy may mirror them (the database's security group lists the
 * rules the api and jobs stacks add to it).
 */
export async function checkStacks(
  stacks: readonly SynthesizedStack[],
  options: DriftOptions,
  env: NodeJS.ProcessEnv,
  parallel: number,
): Promise<StackReport[]> {
  const planned = await mapWithLimit(stacks, parallel, (stack) =>
    planStack(stack, options, env).catch((error) =>
      errorReport(stack.name, String(error)),
    ),
  );
  const all = planned.flatMap((p) =>
    "plan" in p ? priorResources(p.plan) : [],
  );
  return planned.map((p) => ("plan" in p ? reportOf(p, all) : p));
}

/** What the command prints and returns. */
export interface DriftCommandOutput extends CommandOutput {
  readonly report?: DriftReport;
}

/** The drift command; never throws for Terraform failures (they are stack errors). */
export async function runDriftCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<DriftCommandOutput> {
  const { common, flags, positional } = parseArgs(
    argv,
    {
      "no-refresh": "boolean",
      json: "boolean",
      report: "value",
      "lock-timeout": "value",
      parallel: "value",
      help: "boolean",
    },
    env,
  );
  if (flags.help) return { code: 0, stdout: "", stderr: `${USAGE}\n` };
  const parallel = wholeNumberOption(
    "parallel",
    typeof flags.parallel === "string" ? flags.parallel : undefined,
    2,
  );
  const lockTimeout =
    typeof flags["lock-timeout"] === "string" ? flags["lock-timeout"] : "0s";
  if (!/^\d+(ms|s|m)$/.test(lockTimeout))
    throw new UsageError(
      `--lock-timeout ${lockTimeout}: must be a duration such as 0s, 30s, 5m`,
    );
  const stacks = selectStacks(readStacks(common.outdir), positional);
  const options: DriftOptions = {
    ...common,
    refresh: !flags["no-refresh"],
    lockTimeout,
  };
  const reports = await checkStacks(
    stacks,
    options,
    terraformEnv(env),
    parallel,
  );
  const report = buildReport(
    options.refresh ? "refresh" : "no-refresh",
    reports,
  );
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (typeof flags.report === "string") {
    fs.mkdirSync(path.dirname(path.resolve(flags.report)), { recursive: true });
    fs.writeFileSync(flags.report, json);
  }
  const summary = formatReport(report);
  return flags.json
    ? { code: report.exitCode, stdout: json, stderr: summary, report }
    : { code: report.exitCode, stdout: summary, stderr: "", report };
}

if (require.main === module) runCommandLine(runDriftCommand, USAGE);
