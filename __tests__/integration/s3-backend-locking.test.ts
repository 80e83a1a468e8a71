/**
 * The synthesized S3 backend with the real terraform binary against moto:
 * where the state lands, that it is stored encrypted with the state key,
 * and that the lock (S3 lock file, or DynamoDB item) appears, holds off a
 * second run without touching the state, and goes away.
 */
import { PIPELINE_CONFIG } from "../../config";
import {
  Emulators,
  ObjectEncryption,
  startEmulators,
} from "../support/state-backend-fixture";
import { motoReady } from "../../tools/emulator/moto";
import { StackJson } from "../../tools/offline-plan";
import { configWith } from "../support/config";
import { synthesizedStacks, terraformReady } from "../support/plan";
import {
  applyHoldingLock,
  initAgainst,
  outputOnlyDir,
  synthesize,
  terraform,
  writeOutputs,
} from "./emulated-terraform";

const ready = terraformReady() && motoReady();
const describeWithTerraform = ready ? describe : describe.skip;
const STACK = "financial-pipeline-development-vpc";
const BUCKET = PIPELINE_CONFIG.state.bucket!;
const TABLE = PIPELINE_CONFIG.state.lockTable!;
const KEY = `development/${STACK}.tfstate`;

describeWithTerraform("S3 backend on moto", () => {
  let emulators: Emulators;

  beforeAll(async () => {
    emulators = await startEmulators({ buckets: [BUCKET] });
    await emulators.createLockTable(TABLE);
  }, 180_000);

  afterAll(async () => {
    await emulators?.stop();
  });

  describe("GIVEN the checked-in lock mode (S3 lock file)", () => {
    const seen: {
      lockDuringApply?: boolean;
      lockAfterApply?: boolean;
      state?: StackJson;
      encryption?: ObjectEncryption;
      second?: { code: number; output: string };
      bytesBefore?: Buffer;
      bytesAfterSecond?: Buffer;
    } = {};

    beforeAll(async () => {
      const stack = synthesizedStacks()[STACK];
      const dir = outputOnlyDir("lockfile", stack, { marker: "initial" });
      const other = outputOnlyDir("lockfile-second", stack, {
        marker: "from the second engineer",
      });
      await initAgainst(emulators, dir);
      await initAgainst(emulators, other);
      const initial = await terraform(
        ["apply", "-auto-approve", "-input=false", "-no-color"],
        dir,
      );
      if (initial.code !== 0)
        throw new Error(
          `initial apply failed:\n${initial.stdout}${initial.stderr}`,
        );
      writeOutputs(dir, stack, { marker: "first apply" });
      const held = await applyHoldingLock(dir);
      seen.lockDuringApply =
        (await emulators.getObject(BUCKET, `${KEY}.tflock`)) !== undefined;
      seen.bytesBefore = await emulators.getObject(BUCKET, KEY);
      const second = await terraform(
        [
          "apply",
          "-auto-approve",
          "-input=false",
          "-no-color",
          "-lock-timeout=0s",
        ],
        other,
      );
      seen.second = {
        code: second.code,
        output: `${second.stdout}${second.stderr}`,
      };
      seen.bytesAfterSecond = await emulators.getObject(BUCKET, KEY);
      const result = await held.answer("yes");
      if (result.code !== 0)
        throw new Error(`apply failed:\n${result.stdout}${result.stderr}`);
      seen.lockAfterApply =
        (await emulators.getObject(BUCKET, `${KEY}.tflock`)) !== undefined;
      const object = await emulators.getObject(BUCKET, KEY);
      seen.state = object ? JSON.parse(object.toString()) : undefined;
      seen.encryption = await emulators.headObject(BUCKET, KEY);
    }, 300_000);

    it("WHEN an apply writes state THEN the state object is under <environment>/<stack>.tfstate", () => {
      expect(seen.state?.outputs?.marker?.value).toBe("first apply");
    });

    it("WHEN an apply writes state THEN the object is stored SSE-KMS with the state key", () => {
      expect({
        sse: seen.encryption?.ServerSideEncryption,
        key: seen.encryption?.SSEKMSKeyId,
      }).toEqual({
        sse: "aws:kms",
        key: expect.stringContaining(PIPELINE_CONFIG.state.kmsKeyAlias),
      });
    });

    it("WHEN an apply is waiting for approval THEN the .tflock object exists beside the state", () => {
      expect(seen.lockDuringApply).toBe(true);
    });

    it("WHEN a second apply starts while the lock file is held THEN it fails with Terraform's lock error", () => {
      expect(seen.second?.code).toBe(1);
      expect(seen.second?.output).toMatch(/Error acquiring the state lock/);
    });

    it("WHEN the second apply has failed THEN the state object is byte-for-byte unchanged", () => {
      expect(seen.bytesBefore).toBeDefined();
      expect(seen.bytesAfterSecond?.equals(seen.bytesBefore!)).toBe(true);
    });

    it("WHEN the apply ends THEN the .tflock object is gone", () => {
      expect(seen.lockAfterApply).toBe(false);
    });
  });

  describe("GIVEN DynamoDB locking", () => {
    const seen: {
      itemDuringApply?: boolean;
      itemAfterApply?: boolean;
      second?: { code: number; output: string };
      bytesBefore?: Buffer;
      bytesAfterSecond?: Buffer;
      finalMarker?: string;
    } = {};

    beforeAll(async () => {
      // staging, so that this scenario's state key differs from the lock-file one.
      const stacks = synthesize(
        configWith((c) => {
          c.state.locking = "dynamodb";
        }),
        ["staging"],
      );
      const stack = stacks["financial-pipeline-staging-vpc"];
      const key: string = stack.terraform.backend.s3.key;
      const first = outputOnlyDir("dynamodb-first", stack, { marker: "v1" });
      const second = outputOnlyDir("dynamodb-second", stack, {
        marker: "from the second engineer",
      });
      // One after the other: init may write the empty state under the lock.
      await initAgainst(emulators, first);
      await initAgainst(emulators, second);
      const initial = await terraform(
        ["apply", "-auto-approve", "-input=false", "-no-color"],
        first,
      );
      if (initial.code !== 0)
        throw new Error(
          `initial apply failed:\n${initial.stdout}${initial.stderr}`,
        );

      writeOutputs(first, stack, { marker: "v2" });
      const held = await applyHoldingLock(first);
      const items = await emulators.scanTable(TABLE);
      seen.itemDuringApply = items.some(
        (item) => item.LockID?.S === `${BUCKET}/${key}`,
      );
      seen.bytesBefore = await emulators.getObject(BUCKET, key);
      const other = await terraform(
        [
          "apply",
          "-auto-approve",
          "-input=false",
          "-no-color",
          "-lock-timeout=0s",
        ],
        second,
      );
      seen.second = {
        code: other.code,
        output: `${other.stdout}${other.stderr}`,
      };
      seen.bytesAfterSecond = await emulators.getObject(BUCKET, key);
      const result = await held.answer("yes");
      if (result.code !== 0)
        throw new Error(`held apply failed:\n${result.stdout}${result.stderr}`);
      seen.itemAfterApply = (await emulators.scanTable(TABLE)).some(
        (item) => item.LockID?.S === `${BUCKET}/${key}`,
      );
      const object = await emulators.getObject(BUCKET, key);
      seen.finalMarker = object
        ? JSON.parse(object.toString()).outputs.marker.value
        : undefined;
    }, 300_000);

    it("WHEN an apply is waiting for approval THEN the lock item <bucket>/<key> is in the table", () => {
      expect(seen.itemDuringApply).toBe(true);
    });

    it("WHEN a second apply starts while the lock is held THEN it fails with Terraform's lock error", () => {
      expect(seen.second?.code).toBe(1);
      expect(seen.second?.output).toMatch(/Error acquiring the state lock/);
    });

    it("WHEN the second apply has failed THEN the state object is byte-for-byte unchanged", () => {
      expect(seen.bytesBefore).toBeDefined();
      expect(seen.bytesAfterSecond?.equals(seen.bytesBefore!)).toBe(true);
    });

    it("WHEN the first apply is approved THEN its change is written and the lock item is gone", () => {
      expect({ marker: seen.finalMarker, locked: seen.itemAfterApply }).toEqual(
        { marker: "v2", locked: false },
      );
    });
  });
});
