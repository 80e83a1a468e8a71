import { mapWithLimit } from "../../tools/worker-pool";

/** A task whose promise the test settles by hand, recording how many run at once. */
function controlledTasks() {
  let running = 0;
  let maxRunning = 0;
  const started: number[] = [];
  const pending = new Map<
    number,
    { resolve: () => void; reject: (e: Error) => void }
  >();
  const task = (item: number) =>
    new Promise<string>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      started.push(item);
      pending.set(item, {
        resolve: () => {
          running--;
          resolve(`done ${item}`);
        },
        reject: (error) => {
          running--;
          reject(error);
        },
      });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return {
    task,
    tick,
    started,
    pending,
    maxRunning: () => maxRunning,
  };
}

describe("mapWithLimit", () => {
  it("GIVEN more items than the limit WHEN run THEN no more than the limit run at once", async () => {
    const c = controlledTasks();
    const all = mapWithLimit([1, 2, 3, 4, 5], 2, c.task);
    for (let i = 0; i < 5; i++) {
      await c.tick();
      const first = [...c.pending.keys()][0];
      c.pending.get(first)!.resolve();
      c.pending.delete(first);
    }
    await all;
    expect({ max: c.maxRunning(), started: c.started }).toEqual({
      max: 2,
      started: [1, 2, 3, 4, 5],
    });
  });

  it("GIVEN tasks that finish out of order WHEN run THEN results keep the order of the items", async () => {
    const c = controlledTasks();
    const all = mapWithLimit([1, 2, 3], 3, c.task);
    await c.tick();
    for (const item of [3, 1, 2]) c.pending.get(item)!.resolve();
    expect(await all).toEqual(["done 1", "done 2", "done 3"]);
  });

  it("GIVEN a failing task WHEN run THEN no new task starts, the running one finishes and the failure is thrown", async () => {
    const c = controlledTasks();
    const all = mapWithLimit([1, 2, 3, 4], 2, c.task);
    await c.tick();
    c.pending.get(1)!.reject(new Error("terraform crashed"));
    await c.tick();
    c.pending.get(2)!.resolve();
    await expect(all).rejects.toThrow("terraform crashed");
    expect(c.started).toEqual([1, 2]);
  });

  it("GIVEN no items WHEN run THEN the result is empty", async () => {
    expect(await mapWithLimit([], 3, async () => 1)).toEqual([]);
  });

  it.each([0, -1, 1.5, NaN])(
    "GIVEN limit %p WHEN run THEN it throws naming the limit",
    async (limit) => {
      await expect(mapWithLimit([1], limit, async () => 1)).rejects.toThrow(
        `limit = ${limit}: must be a whole number of at least 1`,
      );
    },
  );
});
