/**
 * The access model of one environment, read from the synthesized stacks:
 * every IAM role with its trust policy, identity policies (inline and
 * attached customer managed ones) and permissions boundary, and the bucket
 * policies, with Terraform references resolved to concrete ARNs (account
 * ids and names are in the synthesized JSON and the configuration).
 */
import { StackJson, readStackJsons } from "../manifest";

/** A policy document as IAM reads it. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** One role of the model. */
export interface RoleModel {
  readonly stack: string;
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly trust: PolicyDocument;
  /** Identity policies by name: inline ones, attached customer managed ones. */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
  /** AWS managed policies attached (not evaluated: their text is not in the stacks). */
  readonly managedPolicyArns: readonly string[];
  readonly boundary?: PolicyDocument;
  readonly boundaryArn?: string;
}

/** The model of one environment (and the bootstrap's state roles). */
export interface AccessModel {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly roles: readonly RoleModel[];
  /** Bucket name → bucket policy. */
  readonly bucketPolicies: Readonly<Record<string, PolicyDocument>>;
  /** Resource types per stack (the -ci and bootstrap stacks excluded). */
  readonly resourceTypes: Readonly<Record<string, readonly string[]>>;
}

/** The stack files of one environment and the bootstrap. */
export function readAccessModel(
  outdir: string,
  environment: string,
  project = "financial-pipeline",
): AccessModel {
  const stacks = readStackJsons(outdir);
  const prefix = `${project}-${environment}-`;
  const names = Object.keys(stacks).filter(
    (n) => n.startsWith(prefix) || n === `${project}-bootstrap`,
  );
  if (!names.some((n) => n.startsWith(prefix))) {
    throw new Error(`no synthesized stack of environment "${environment}"`);
  }
  const ci = stacks[`${prefix}ci`];
  const provider = (json: StackJson) => json.provider?.aws?.[0] ?? {};
  const accountId: string = provider(ci).allowed_account_ids?.[0] ?? "";
  const region: string = provider(ci).region ?? "";
  const roles: RoleModel[] = [];
  const bucketPolicies: Record<string, PolicyDocument> = {};
  const resourceTypes: Record<string, string[]> = {};
  const boundaries: Record<string, PolicyDocument> = {};
  for (const name of names) {
    const json = stacks[name];
    const p = provider(json);
    const resolve = resolver(json, p.allowed_account_ids?.[0], p.region);
    for (const policy of Object.values(json.resource?.aws_iam_policy ?? {})) {
      const arn = `arn:aws:iam::${p.allowed_account_ids?.[0]}:policy/${(policy as StackJson).name}`;
      boundaries[arn] = JSON.parse(resolve((policy as StackJson).policy));
    }
  }
  for (const name of names) {
    const json = stacks[name];
    const p = provider(json);
    const account: string = p.allowed_account_ids?.[0];
    const resolve = resolver(json, account, p.region);
    const r = json.resource ?? {};
    if (name.startsWith(prefix) && !name.endsWith("-ci")) {
      resourceTypes[name] = [
        ...Object.keys(r),
        ...Object.keys(json.data ?? {}),
      ].sort();
    }
    for (const [id, role] of Object.entries<StackJson>(r.aws_iam_role ?? {})) {
      const ref = (v: string) =>
        v === `\${aws_iam_role.${id}.id}` ||
        v === `\${aws_iam_role.${id}.name}`;
      const policies: Record<string, PolicyDocument> = {};
      for (const inline of Object.values<StackJson>(
        r.aws_iam_role_policy ?? {},
      )) {
        if (ref(inline.role)) {
          policies[inline.name] = JSON.parse(resolve(inline.policy));
        }
      }
      const managed: string[] = [];
      for (const attachment of Object.values<StackJson>(
        r.aws_iam_role_policy_attachment ?? {},
      )) {
        if (!ref(attachment.role)) continue;
        const arn = resolve(attachment.policy_arn);
        if (boundaries[arn] !== undefined) policies[arn] = boundaries[arn];
        else managed.push(arn);
      }
      const boundaryArn: string | undefined = role.permissions_boundary;
      roles.push({
        stack: name,
        name: role.name,
        arn: `arn:aws:iam::${account}:role/${role.name}`,
        accountId: account,
        trust: JSON.parse(resolve(role.assume_role_policy)),
        policies,
        managedPolicyArns: managed,
        boundary: boundaryArn ? boundaries[boundaryArn] : undefined,
        boundaryArn,
      });
    }
    for (const bp of Object.values<StackJson>(r.aws_s3_bucket_policy ?? {})) {
      bucketPolicies[resolve(bp.bucket)] = JSON.parse(resolve(bp.policy));
    }
  }
  return {
    environment,
    accountId,
    region,
    roles,
    bucketPolicies,
    resourceTypes,
  };
}

/**
 * Replaces `${type.name.attribute}` references of a stack with concrete
 * values: ARNs and names from the resource's own configuration; keys and
 * other resources with generated ids get a stable stand-in ARN.
 */
export function resolver(
  json: StackJson,
  accountId: string,
  region: string,
): (text: string) => string {
  const resources = json.resource ?? {};
  const value = (type: string, name: string, attribute: string): string => {
    const r: StackJson = resources[type]?.[name] ?? {};
    switch (type) {
      case "aws_s3_bucket":
        return attribute === "arn" ? `arn:aws:s3:::${r.bucket}` : r.bucket;
      case "aws_iam_openid_connect_provider":
        return `arn:aws:iam::${accountId}:oidc-provider/${String(r.url).replace(/^https:\/\//, "")}`;
      case "aws_iam_role":
        return attribute === "arn"
          ? `arn:aws:iam::${accountId}:role/${r.name}`
          : r.name;
      case "aws_iam_policy":
        return `arn:aws:iam::${accountId}:policy/${r.name}`;
      case "aws_kms_key":
        return `arn:aws:kms:${region}:${accountId}:key/${name}`;
      case "aws_dynamodb_table":
        return attribute === "arn"
          ? `arn:aws:dynamodb:${region}:${accountId}:table/${r.name}`
          : r.name;
      case "aws_sqs_queue":
        return `arn:aws:sqs:${region}:${accountId}:${r.name}`;
      case "aws_sns_topic":
        return `arn:aws:sns:${region}:${accountId}:${r.name}`;
      case "aws_secretsmanager_secret":
        return `arn:aws:secretsmanager:${region}:${accountId}:secret:${r.name}-AbCdEf`;
      case "aws_ecr_repository":
        return attribute === "arn"
          ? `arn:aws:ecr:${region}:${accountId}:repository/${r.name}`
          : r.name;
      case "aws_cloudwatch_log_group":
        return `arn:aws:logs:${region}:${accountId}:log-group:${r.name}`;
      default:
        return r.name ?? `${type}.${name}`;
    }
  };
  return (text) =>
    withoutExpressions(
      text.replace(
        /\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}/g,
        (_m, type: string, name: string, attribute: string) =>
          value(type, name, attribute),
      ),
    );
}

/** What an expression only the apply can evaluate stands for in a resolved document. */
export const UNRESOLVED = "unresolved";

/**
 * Replaces each remaining `${...}` (a function call, another stack's
 * output) with {@link UNRESOLVED}: its quotes would break the JSON around it.
 */
function withoutExpressions(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start < 0) return out + text.slice(i);
    out += text.slice(i, start) + UNRESOLVED;
    let depth = 0;
    let quoted = false;
    let j = start + 1;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
    }
    i = j + 1;
  }
  return out;
}
