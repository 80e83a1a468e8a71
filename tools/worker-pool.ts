/**
 * The one bounded worker pool of the tools: Terraform runs of several stacks
 * at once (deploy, drift, plan:offline), never more than a given number, each
 * stack only after the stacks it waits for.
 *
 * Written here rather than taken from p-map / p-limit: their maintained
 * versions are ES modules only, which this CommonJS project (ts-node,
 * ts-jest, Node 20) cannot `require`.
 */

function checkLimit(what: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(
      `${what}: limit = ${limit}: must be a whole number of at least 1`,
    );
}

/**
 * Runs `task` on every item once the items `waitsFor` names (those of
 * `items`; others are ignored) have finished, with at most `limit` tasks in
 * flight; of the items ready, the first in `items` starts first. A task
 * whose result `stops` (or that throws) ends the run: no further task
 * starts, the running ones finish. Returns each item's result in the order
 * of `items`, undefined for an item that never started; throws the first
 * failure once the running tasks have finished, and an Error when the items
 * wait for each other in a cycle.
 */
export function runAfter<T, R>(
  items: readonly T[],
  waitsFor: (item: T) => readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  stops: (result: R) => boolean = () => false,
): Promise<(R | undefined)[]> {
  try {
    checkLimit("runAfter", limit);
  } catch (error) {
    return Promise.reject(error);
  }
  const before = items.map((item) =>
    waitsFor(item)
      .map((other) => items.indexOf(other))
      .filter((i) => i >= 0),
  );
  const state = items.map(() => "waiting" as "waiting" | "running" | "done");
  const results = new Array<R | undefined>(items.length).fill(undefined);
  let running = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  return new Promise((resolve, reject) => {
    const pump = () => {
      for (let i = 0; i < items.length && running < limit; i++) {
        if (stopped || failure !== undefined) break;
        if (state[i] !== "waiting") continue;
        if (!before[i].every((b) => state[b] === "done")) continue;
        state[i] = "running";
        running++;
        Promise.resolve()
          .then(() => task(items[i], i))
          .then(
            (result) => {
              results[i] = result;
              if (stops(result)) stopped = true;
            },
            (error) => {
              failure ??= { error };
            },
          )
          .finally(() => {
            state[i] = "done";
            running--;
            pump();
          });
      }
      if (running > 0) return;
      if (failure !== undefined) reject(failure.error);
      else if (!stopped && state.includes("waiting"))
        reject(new Error("the items wait for each other in a cycle"));
      else resolve(results);
    };
    pump();
  });
}

/**
 * Runs `task` on every item with at most `limit` tasks in flight, in the
 * order of `items`; the results come back in that order. When a task fails,
 * no further task starts, the running ones finish, and the first failure is
 * thrown.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  checkLimit("mapWithLimit", limit);
  return (await runAfter(items, () => [], limit, task)) as R[];
}
