import { mapWithLimit, runAfter } from "../../tools/worker-pool";

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

describe("runAfter", () => {
  /** vpc ← database ← api, and ci on its own: the stacks of an environment. */
  const STACKS = [1, 2, 3, 4];
  const WAITS: Record<number, number[]> = { 1: [], 2: [1], 3: [2], 4: [] };
  const finish = async (
    c: ReturnType<typeof controlledTasks>,
    item: number,
  ) => {
    c.pending.get(item)!.resolve();
    c.pending.delete(item);
    await c.tick();
  };

  it("GIVEN a chain and an independent item WHEN run two at a time THEN the independent one runs beside the chain, and each chained one only after the one before", async () => {
    const c = controlledTasks();
    const all = runAfter(STACKS, (i) => WAITS[i], 2, c.task);
    await c.tick();
    const startedFirst = [...c.started];
    await finish(c, 4);
    const afterIndependent = [...c.started];
    await finish(c, 1);
    const afterFirst = [...c.started];
    await finish(c, 2);
    await finish(c, 3);
    expect({
      startedFirst,
      afterIndependent,
      afterFirst,
      results: await all,
    }).toEqual({
      startedFirst: [1, 4],
      afterIndependent: [1, 4],
      afterFirst: [1, 4, 2],
      results: ["done 1", "done 2", "done 3", "done 4"],
    });
  });

  it("GIVEN a result that stops the run WHEN run THEN nothing new starts, the running task finishes, and what never started is undefined", async () => {
    const c = controlledTasks();
    const all = runAfter(
      STACKS,
      (i) => WAITS[i],
      2,
      c.task,
      (result) => result === "done 1",
    );
    await c.tick();
    await finish(c, 1);
    const afterStop = [...c.started];
    await finish(c, 4);
    expect({ afterStop, results: await all }).toEqual({
      afterStop: [1, 4],
      results: ["done 1", undefined, undefined, "done 4"],
    });
  });

  it("GIVEN items that wait for each other WHEN run THEN it throws naming the cycle, starting none of them", async () => {
    const c = controlledTasks();
    await expect(
      runAfter([1, 2], (i) => (i === 1 ? [2] : [1]), 2, c.task),
    ).rejects.toThrow("cycle");
    expect(c.started).toEqual([]);
  });
});
