/**
 * Computed attributes that copy other resources (a role's inline policies,
 * a security group's rules, a route table's routes...): the first refresh
 * after a deploy fills them in, which is Terraform's own work, not drift.
 * Each entry says whether a copy holds nothing but what resources of the
 * state (or of another stack checked in the same run) explain.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
/** A value of Terraform's JSON plan. */
export type Json = any;

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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
export const MIRRORS: Readonly<
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
  // The attachments of the state's customer managed policy: created before
  // them, the policy is stored with 0 until the first refresh counts them.
  // One attached outside Terraform is in no resource: the count differs.
  // A stack's own resources are also in the run's context: each attachment
  // counts once (by type and id).
  "aws_iam_policy.attachment_count": (after, resources) =>
    after.attachment_count ===
    [
      ...new Map(
        resources
          .filter((r) => r.values?.policy_arn === after.arn)
          .map((r) => [
            `${r.type}:${r.values.id ?? JSON.stringify(r.values)}`,
            r,
          ]),
      ).values(),
    ].reduce((sum, r) => sum + attachmentsOf(r), 0),
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

/** How many attachments of its policy one attachment resource makes. */
function attachmentsOf(resource: Json): number {
  if (resource.type === "aws_iam_policy_attachment") {
    const { roles, users, groups } = resource.values;
    return (roles ?? []).length + (users ?? []).length + (groups ?? []).length;
  }
  return [
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
  ].includes(resource.type)
    ? 1
    : 0;
}

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

/* eslint-enable @typescript-eslint/no-explicit-any */
