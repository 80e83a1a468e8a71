/**
 * An out-of-band change to a web ACL, as someone tuning it in the console
 * makes it: one managed rule group switched from its own actions to count
 * mode (`OverrideAction: None` → `Count`), through GetWebACL and
 * UpdateWebACL with the lock token. The lifecycle's drift check uses it.
 */
import { awsJson } from "../../tools/emulator/moto";

/** A value with every null field left out (the API returns them; the CLI refuses them). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

interface WebAclRule {
  Name: string;
  OverrideAction?: Record<string, unknown> | null;
}

/**
 * Switches the first rule group of the regional web ACL `name`/`id` that
 * applies its own actions to count mode; returns that rule's name. Throws
 * when the ACL has no such rule.
 */
export async function countModeByHand(
  acl: { name: string; id: string },
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const where = ["--name", acl.name, "--id", acl.id, "--scope", "REGIONAL"];
  const got = await awsJson<{
    WebACL: {
      Rules: WebAclRule[];
      DefaultAction: unknown;
      VisibilityConfig: unknown;
      Description?: string | null;
    };
    LockToken: string;
  }>(["wafv2", "get-web-acl", ...where], env);
  const rules = got.WebACL.Rules;
  const target = rules.find((r) => r.OverrideAction?.None !== undefined);
  if (!target)
    throw new Error(`web ACL ${acl.name} has no rule group in its own mode`);
  target.OverrideAction = { Count: {} };
  await awsJson(
    [
      "wafv2",
      "update-web-acl",
      ...where,
      "--lock-token",
      got.LockToken,
      "--default-action",
      JSON.stringify(withoutNulls(got.WebACL.DefaultAction)),
      "--visibility-config",
      JSON.stringify(withoutNulls(got.WebACL.VisibilityConfig)),
      "--rules",
      JSON.stringify(withoutNulls(rules)),
      ...(got.WebACL.Description
        ? ["--description", got.WebACL.Description]
        : []),
    ],
    env,
  );
  return target.Name;
}
