/**
 * Which IAM actions Terraform (AWS provider 5.x) calls for each resource
 * type the environment stacks hold: the deploy role gets `deploy` and
 * `read`, the plan role `read` only. A stack that gains a resource type
 * fails `__tests__/access` until the type has a row here.
 *
 * `arns` are the resources the type's write actions are scoped to
 * (`{region}`, `{account}` and `{prefix}` = `<project>-<environment>` are
 * filled in); without them, writes apply to `*` in the environment's regions
 * and account, because the type's ARNs carry generated ids (EC2, auto
 * scaling, Config rules) or its create call has no resource ARN. Reads are
 * always on `*`: Describe/List calls mostly take no resource.
 */
import { CACHE_PERMISSIONS } from "./cache-permissions";
import { EDGE_PERMISSIONS } from "./edge-permissions";
import { NETWORK_PERMISSIONS } from "./network-permissions";
import type { ResourcePermissions } from "./resource-permission-types";
import { SERVICE_PERMISSIONS } from "./service-permissions";

/** Resource type → actions. IAM and KMS types are handled by the roles' own statements (deploy-role.ts). */
export const RESOURCE_PERMISSIONS: Readonly<
  Record<string, ResourcePermissions>
> = {
  ...NETWORK_PERMISSIONS,
  ...SERVICE_PERMISSIONS,
  ...EDGE_PERMISSIONS,
  ...CACHE_PERMISSIONS,
};

/**
 * Resource types the IAM statements of the CI roles cover (roles, their
 * policies, the boundary), and data sources that call no AWS API of the
 * environment (`terraform_remote_state` reads through the state role).
 */
export const COVERED_ELSEWHERE: readonly string[] = [
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_kms_key",
  "aws_kms_alias",
  "aws_elb_service_account",
  "terraform_remote_state",
];

/** Values that fill an ARN pattern. */
export interface ArnScope {
  readonly regions: readonly string[];
  readonly accountId: string;
  /** `<project>-<environment>`. */
  readonly prefix: string;
}

/** The ARN patterns with `{region}` (once per region), `{account}` and `{prefix}` filled in. */
export function expandArns(
  patterns: readonly string[],
  scope: ArnScope,
): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    for (const region of pattern.includes("{region}") ? scope.regions : [""]) {
      out.add(
        pattern
          .split("{region}")
          .join(region)
          .split("{account}")
          .join(scope.accountId)
          .split("{prefix}")
          .join(scope.prefix),
      );
    }
  }
  return [...out];
}
