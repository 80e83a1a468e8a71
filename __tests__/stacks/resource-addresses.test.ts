/**
 * The regression net that matters most in production: every synthesized
 * stack's Terraform resource addresses against the checked-in list
 * (`resource-addresses/<stack>.txt`). An address that disappears is a
 * destroy (and, when another appears instead, a re-create) on the next
 * deploy; a new one is a create. Both must be deliberate: after an intended
 * change, `UPDATE_ADDRESSES=1 npx jest __tests__/stacks/resource-addresses`
 * rewrites the lists, and the diff shows a reviewer exactly what moves.
 */
import * as fs from "fs";
import { readSynthesizedStacks } from "../../tools/offline-plan";
import {
  ADDRESS_LIST_DIR,
  readAddressList,
  resourceAddresses,
  writeAddressList,
} from "../support/addresses";

const stacks = readSynthesizedStacks(process.env.PIPELINE_TEST_OUTDIR!);
const update = process.env.UPDATE_ADDRESSES === "1";

describe("Terraform resource addresses", () => {
  it.each(Object.keys(stacks))(
    "GIVEN %s WHEN synthesized THEN its resource addresses are the checked-in ones",
    (name) => {
      const actual = resourceAddresses(stacks[name]);
      if (update) writeAddressList(name, actual);
      const expected = readAddressList(name) ?? [];
      const removed = expected.filter((a) => !actual.includes(a));
      const added = actual.filter((a) => !expected.includes(a));
      // Named lists make the failure say what Terraform would do.
      expect({ destroyed: removed, created: added }).toEqual({
        destroyed: [],
        created: [],
      });
    },
  );

  it("GIVEN the checked-in lists WHEN compared with the synthesized stacks THEN no list belongs to a stack that is gone", () => {
    const listed = fs
      .readdirSync(ADDRESS_LIST_DIR)
      .filter((f) => f.endsWith(".txt"))
      .map((f) => f.replace(/\.txt$/, ""));
    expect(listed.filter((stack) => !(stack in stacks))).toEqual([]);
  });
});
