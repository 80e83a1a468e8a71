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
  PROBE_DIR,
  ProbeResult,
  probeGaps,
  resourcesForgottenBeforeDestroy,
  resourcesLeftOut,
} from "../../../tools/emulator/gaps";
import { motoReady } from "../../../tools/emulator/moto";
import { configWith } from "../../support/config";
import { synthEnvironmentStacks } from "../../support/environment-synth";
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

  it("GIVEN moto_server.py's shims loaded WHEN each shim entry's probe runs THEN it finds its gap closed", async () => {
    const shims = GAPS.filter((g) => g.kind === "shim");
    const shimmed = await probeGaps(shims, { withShims: true });
    expect(
      shims.map((g) => [g.id, shimmed[g.id]?.error, shimmed[g.id]?.present]),
    ).toEqual(shims.map((g) => [g.id, undefined, false]));
  }, 120_000);

  it("GIVEN CIDR rules (IPv4 and IPv6, ingress and egress) on plain moto WHEN described THEN their descriptions are returned, so the rule-description shim leaves them alone", async () => {
    const cidr = await probeGaps([{ id: "cidr-rule-description" }], {
      probeDir: path.join(__dirname, "probes"),
    });
    expect(cidr["cidr-rule-description"]).toMatchObject({ present: true });
  }, 120_000);

  it("GIVEN the probes folder WHEN compared with the list THEN it holds exactly one <id>.py per entry beside _support.py", () => {
    expect(fs.readdirSync(PROBE_DIR).sort()).toEqual(
      ["_support.py", ...GAPS.map((g) => `${g.id}.py`)].sort(),
    );
  });

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

  it("GIVEN docs/emulator.md's gap table WHEN compared with the list THEN it has exactly one row per entry, with the entry's kind", () => {
    const doc = fs.readFileSync(
      path.join(__dirname, "..", "..", "..", "docs", "emulator.md"),
      "utf8",
    );
    const section = doc.split("## The gap list")[1]?.split("\n## ")[0] ?? "";
    const rows = [...section.matchAll(/^\| `([^`]+)` +\| ([a-z -]+?) +\|/gm)]
      .map((m) => `${m[1]} ${m[2]}`)
      .sort();
    expect(rows).toEqual(
      GAPS.map((g) => `${g.id} ${g.kind.replace(/-/g, " ")}`).sort(),
    );
  });

  it("GIVEN the left-out and destroy entries WHEN the stacks are synthesized (and production with the cache, off as checked in) THEN each names a resource type some stack has", () => {
    const withCache = synthEnvironmentStacks(
      configWith((c) => {
        c.environments.production.cache!.enabled = true;
      }),
      "production",
    );
    const types = new Set(
      [
        ...Object.values(synthesizedStacks()),
        ...Object.values(withCache),
      ].flatMap((s) => Object.keys(s.resource ?? {})),
    );
    expect(
      [...resourcesLeftOut(), ...resourcesForgottenBeforeDestroy()].filter(
        (t) => !types.has(t),
      ),
    ).toEqual([]);
  });
});
