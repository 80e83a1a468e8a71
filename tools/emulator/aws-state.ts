/**
 * Reading what a deployed stack holds, for the emulator checks: the
 * resources in its state (`terraform show -json`), by type.
 */
import { EmulatedPlatform } from "./platform";

/** One managed resource of a state. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every managed resource in a stack's state (root module). */
export async function stateResources(
  platform: EmulatedPlatform,
  stack: string,
  account: string,
): Promise<StateResource[]> {
  const result = await platform.terraform(
    stack,
    ["show", "-json", "-no-color"],
    await platform.envFor(account),
  );
  if (result.code !== 0)
    throw new Error(`terraform show in ${stack}: ${result.stderr}`);
  const state = JSON.parse(result.stdout);
  return (state.values?.root_module?.resources ?? [])
    .filter((r: { mode: string }) => r.mode === "managed")
    .map((r: StateResource) => ({
      address: r.address,
      type: r.type,
      values: r.values,
    }));
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
