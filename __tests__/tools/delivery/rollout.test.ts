import * as http from "http";
import { AddressInfo } from "net";
import {
  checkHealth,
  EcsDeployment,
  waitForStable,
} from "../../../tools/delivery/rollout";

const NEW =
  "arn:aws:ecs:af-south-1:111111111111:task-definition/fp-development-api:8";
const OLD =
  "arn:aws:ecs:af-south-1:111111111111:task-definition/fp-development-api:7";
const dep = (over: Partial<EcsDeployment>): EcsDeployment => ({
  status: "PRIMARY",
  rolloutState: "IN_PROGRESS",
  runningCount: 0,
  desiredCount: 2,
  taskDefinition: NEW,
  ...over,
});

/** A describe function that answers the given snapshots in turn (the last one repeats). */
function sequence(...snapshots: EcsDeployment[][]) {
  let i = 0;
  return async () => snapshots[Math.min(i++, snapshots.length - 1)];
}

const fakeClock = () => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
};

describe("waitForStable", () => {
  it("GIVEN a deployment that completes on the third poll WHEN waited for THEN stable after three polls", async () => {
    const describe = sequence(
      [
        dep({}),
        dep({
          status: "ACTIVE",
          rolloutState: "COMPLETED",
          taskDefinition: OLD,
          runningCount: 2,
        }),
      ],
      [
        dep({ runningCount: 1 }),
        dep({ status: "ACTIVE", taskDefinition: OLD, runningCount: 1 }),
      ],
      [dep({ rolloutState: "COMPLETED", runningCount: 2 })],
    );
    const result = await waitForStable(describe, {
      timeoutMs: 600_000,
      intervalMs: 15_000,
      expectedTaskDefinition: NEW,
      ...fakeClock(),
    });
    expect(result).toMatchObject({ outcome: "stable", polls: 3 });
  });

  it("GIVEN the circuit breaker marks the deployment FAILED WHEN waited for THEN rolled back with ECS's reason", async () => {
    const describe = sequence([
      dep({
        rolloutState: "FAILED",
        rolloutStateReason:
          "ECS deployment circuit breaker: tasks failed to start.",
      }),
    ]);
    const result = await waitForStable(describe, {
      timeoutMs: 600_000,
      intervalMs: 15_000,
      ...fakeClock(),
    });
    expect(result).toMatchObject({
      outcome: "rolled-back",
      detail: expect.stringContaining("circuit breaker"),
    });
  });

  it("GIVEN the service settles on the previous task definition WHEN waited for THEN rolled back, not stable", async () => {
    const describe = sequence([
      dep({ rolloutState: "COMPLETED", runningCount: 2, taskDefinition: OLD }),
    ]);
    const result = await waitForStable(describe, {
      timeoutMs: 600_000,
      intervalMs: 15_000,
      expectedTaskDefinition: NEW,
      ...fakeClock(),
    });
    expect(result.outcome).toBe("rolled-back");
  });

  it("GIVEN a deployment that never finishes WHEN the timeout passes THEN timed out, after timeout/interval polls", async () => {
    const result = await waitForStable(sequence([dep({ runningCount: 1 })]), {
      timeoutMs: 60_000,
      intervalMs: 15_000,
      ...fakeClock(),
    });
    expect(result).toMatchObject({ outcome: "timed-out", polls: 5 });
  });
});

describe("checkHealth", () => {
  let server: http.Server;
  let url: string;
  let answers: number[];
  beforeEach(async () => {
    answers = [];
    server = http.createServer((req, res) => {
      res.statusCode = req.url === "/health" ? (answers.shift() ?? 200) : 404;
      res.end();
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it("GIVEN /health answers 503 twice then 200 WHEN checked THEN healthy on the third attempt", async () => {
    answers = [503, 503];
    expect(await checkHealth(`${url}/health`, 5, 0)).toEqual({
      ok: true,
      attempts: 3,
      status: 200,
    });
  });

  it("GIVEN /health keeps answering 500 WHEN checked THEN unhealthy with the last status", async () => {
    answers = [500, 500, 500];
    expect(await checkHealth(`${url}/health`, 3, 0)).toEqual({
      ok: false,
      attempts: 3,
      status: 500,
    });
  });

  it("GIVEN nothing listens WHEN checked THEN unhealthy with the connection error", async () => {
    await new Promise((resolve) => server.close(resolve));
    server = http.createServer();
    const result = await checkHealth(`${url}/health`, 2, 0);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});
