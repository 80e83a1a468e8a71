/**
 * The one bounded worker pool of the tools: Terraform runs of several stacks
 * at once (drift, plan:offline), never more than a given number.
 *
 * Written here rather than taken from p-map / p-limit: their maintained
 * versions are ES modules only, which this CommonJS project (ts-node,
 * ts-jest, Node 20) cannot `require`.
 */

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
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(
      `mapWithLimit: limit = ${limit}: must be a whole number of at least 1`,
    );
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  if (failure) throw failure.error;
  return results;
}
