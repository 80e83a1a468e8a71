/**
 * The emulator gap list only shrinks: every entry's probe runs against
 * plain moto (no shims) and must still find its gap. When moto fixes one,
 * its test fails here: remove the entry and its workaround (shim,
 * `count = 0`, allowed re-plan change, state rm before destroy).
 */
import * as fs from "fs";
import * as path from "path";
import {
  GAPS,
  ProbeResult,
  probeGaps,
  resourcesForgottenBeforeDestroy,
  resourcesLeftOut,
} from "../../../tools/emulator/gaps";
import { motoReady } from "../../../tools/emulator/moto";
import { synthesizedStacks } from "../../support/plan";

const describeWithMoto = motoReady() ? describe : describe.skip;

describeWithMoto("the emulator gap list (tools/emulator/gaps.ts)", () => {
  let results: Record<string, ProbeResult>;

  beforeAll(async () => {
    results = await probeGaps();
  }, 120_000);

  it.each(GAPS.map((g) => [g.id, g.kind]))(
    "GIVEN gap %s (%s) WHEN its probe runs on plain moto THEN moto still has it",
    (id) => {
      expect({
        id,
        error: results[id]?.error,
        present: results[id]?.present,
      }).toEqual({
        id,
        error: undefined,
        present: true,
      });
    },
  );

  it("GIVEN the gap ids WHEN they are compared THEN each is unique", () => {
    const ids = GAPS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("GIVEN every shim entry WHEN moto_server.py is read THEN it has that shim's section, and no section without an entry", () => {
    const source = fs.readFileSync(
      path.join(
        __dirname,
        "..",
        "..",
        "..",
        "tools",
        "emulator",
        "moto_server.py",
      ),
      "utf8",
    );
    const sections = [...source.matchAll(/^# --- shim:([a-z0-9-]+)/gm)]
      .map((m) => m[1])
      .sort();
    expect(sections).toEqual(
      GAPS.filter((g) => g.kind === "shim")
        .map((g) => g.id)
        .sort(),
    );
  });

  it("GIVEN the left-out and destroy entries WHEN the stacks are synthesized THEN each names a resource type some stack has", () => {
    const types = new Set(
      Object.values(synthesizedStacks()).flatMap((s) =>
        Object.keys(s.resource ?? {}),
      ),
    );
    expect(
      [...resourcesLeftOut(), ...resourcesForgottenBeforeDestroy()].filter(
        (t) => !types.has(t),
      ),
    ).toEqual([]);
  });
});
