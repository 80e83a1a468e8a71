/** The moto launcher: readiness under CI, start on a free port, stop. */
import {
  motoExceptions,
  motoReady,
  motoRequest,
  startMoto,
} from "../../../tools/emulator/moto";

describe("motoExceptions", () => {
  const log = [
    '127.0.0.1 - - [03/Dec/2026 22:15:37] "POST / HTTP/1.1" 500 -',
    "Traceback (most recent call last):",
    '  File "moto/core/responses.py", line 563, in call_action',
    "NotImplementedError: The list_tags_for_resource action has not been implemented",
    '127.0.0.1 - - [03/Dec/2026 22:15:38] "POST / HTTP/1.1" 200 -',
    "RuntimeError: dictionary changed size during iteration",
  ].join("\n");

  it("GIVEN a moto log WHEN read THEN only the exception lines come back, oldest first", () => {
    expect(motoExceptions(log)).toEqual([
      "NotImplementedError: The list_tags_for_resource action has not been implemented",
      "RuntimeError: dictionary changed size during iteration",
    ]);
  });

  it("GIVEN more exceptions than asked for WHEN read THEN the last ones come back", () => {
    expect(motoExceptions(log, 1)).toEqual([
      "RuntimeError: dictionary changed size during iteration",
    ]);
  });
});

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
