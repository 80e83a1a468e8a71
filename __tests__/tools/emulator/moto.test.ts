/** The moto launcher: readiness under CI, start on a free port, stop. */
import {
  motoReady,
  motoRequest,
  startMoto,
} from "../../../tools/emulator/moto";

describe("motoReady", () => {
  const without = {
    ...process.env,
    PIPELINE_MOTO_PYTHON: "/nonexistent/python3",
  };

  it("GIVEN no moto and CI=true WHEN asked THEN it fails, saying how to install moto", () => {
    expect(() => motoReady({ ...without, CI: "true" })).toThrow(
      /pip install "moto\[server\]==5\.2\.1"/,
    );
  });

  it("GIVEN no moto outside CI WHEN asked THEN it answers false (the suites skip)", () => {
    expect(motoReady({ ...without, CI: undefined })).toBe(false);
  });
});

const describeWithMoto = motoReady() ? describe : describe.skip;

describeWithMoto("startMoto", () => {
  it("GIVEN nothing running WHEN started THEN it answers on a loopback port, and not after stop", async () => {
    const moto = await startMoto();
    const before = await motoRequest(`${moto.endpoint}/moto-api/`).then(
      (r) => r.status,
    );
    await moto.stop();
    const after = await motoRequest(`${moto.endpoint}/moto-api/`).then(
      () => "answered",
      () => "refused",
    );
    expect({ endpoint: moto.endpoint, before, after }).toEqual({
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      before: 200,
      after: "refused",
    });
  }, 120_000);
});
