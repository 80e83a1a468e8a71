/**
 * Reading what a deployed stack holds, for the emulator checks: the
 * resources in its state, by type.
 */
import { EmulatedPlatform } from "../../tools/emulator/platform";

/** One managed resource of a state. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Every managed resource in a stack's state (root module), from `terraform
 * state pull`: the raw state, no provider started (`show -json` would load
 * the AWS provider's schema for each call).
 */
export async function stateResources(
  platform: EmulatedPlatform,
  stack: string,
  account: string,
): Promise<StateResource[]> {
  const result = await platform.terraform(
    stack,
    ["state", "pull"],
    await platform.envFor(account),
  );
  if (result.code !== 0)
    throw new Error(`terraform state pull in ${stack}: ${result.stderr}`);
  const state = JSON.parse(result.stdout || "{}");
  return (state.resources ?? [])
    .filter(
      (r: { mode: string; module?: string }) =>
        r.mode === "managed" && !r.module,
    )
    .flatMap(
      (r: {
        type: string;
        name: string;
        instances: {
          index_key?: string | number;
          attributes: Record<string, unknown>;
        }[];
      }) =>
        r.instances.map((instance) => ({
          address: `${r.type}.${r.name}${instance.index_key === undefined ? "" : `[${JSON.stringify(instance.index_key)}]`}`,
          type: r.type,
          values: instance.attributes,
        })),
    );
}

/** The one resource of `type` in `resources`; throws when there is not exactly one. */
export function only(
  resources: readonly StateResource[],
  type: string,
): StateResource {
  const found = resources.filter((r) => r.type === type);
  if (found.length !== 1)
    throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
