/** The redirected copy: override files only, cdktf.out untouched. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  EMULATED_MAX_RETRIES,
  emulatorOverride,
  OVERRIDE_FILE,
  writeEmulatedCopy,
} from "../../../tools/emulator/redirect";
import { readManifest } from "../../../tools/manifest";
import { synthesizedOutdir, synthesizedStacks } from "../../support/plan";

const PRODUCTION_DATABASE = "financial-pipeline-production-database";

describe("emulatorOverride", () => {
  const stack = () => synthesizedStacks()[PRODUCTION_DATABASE];

  it("GIVEN a stack with a DR provider WHEN overridden THEN each provider, by alias, gets low retries and path-style S3", () => {
    expect(emulatorOverride(stack()).provider.aws).toEqual([
      {
        max_retries: EMULATED_MAX_RETRIES,
        s3_use_path_style: true,
        skip_metadata_api_check: true,
      },
      {
        alias: "dr",
        max_retries: EMULATED_MAX_RETRIES,
        s3_use_path_style: true,
        skip_metadata_api_check: true,
      },
    ]);
  });

  it("GIVEN the S3 backend WHEN overridden THEN it is the synthesized one (assume_role included) plus path-style", () => {
    expect(emulatorOverride(stack()).terraform.backend.s3).toEqual({
      ...stack().terraform.backend.s3,
      use_path_style: true,
    });
  });

  it("GIVEN a remote state read WHEN overridden THEN its config is the synthesized one plus path-style", () => {
    const [name, source] = Object.entries<Record<string, unknown>>(
      stack().data.terraform_remote_state,
    )[0];
    expect(emulatorOverride(stack()).data.terraform_remote_state[name]).toEqual(
      {
        config: { ...(source.config as object), use_path_style: true },
      },
    );
  });

  it("GIVEN a resource type the gap list leaves out WHEN overridden THEN each of its resources gets count 0", () => {
    const names = Object.keys(
      stack().resource.aws_db_instance_automated_backups_replication,
    );
    expect(
      emulatorOverride(stack()).resource
        .aws_db_instance_automated_backups_replication,
    ).toEqual(Object.fromEntries(names.map((n) => [n, { count: 0 }])));
  });

  it("GIVEN the bootstrap's local backend, synthesized from elsewhere WHEN overridden THEN its state file sits at the copy's root", () => {
    const bootstrap = {
      terraform: {
        backend: {
          local: {
            path: "../../../../work/p/financial-pipeline-bootstrap.tfstate",
          },
        },
      },
    };
    expect(emulatorOverride(bootstrap).terraform.backend.local).toEqual({
      path: "../../../financial-pipeline-bootstrap.tfstate",
    });
  });

  it("GIVEN the allowed accounts WHEN overridden THEN they are not touched (the guard runs as synthesized)", () => {
    expect(JSON.stringify(emulatorOverride(stack()))).not.toMatch(
      /allowed_account_ids/,
    );
  });
});

describe("writeEmulatedCopy", () => {
  it("GIVEN a synthesized folder WHEN copied THEN each stack has its override and cdktf.out is byte-for-byte unchanged", () => {
    const source = synthesizedOutdir();
    const file = path.join(
      source,
      "stacks",
      PRODUCTION_DATABASE,
      "cdk.tf.json",
    );
    const before = fs.readFileSync(file);
    const target = writeEmulatedCopy(
      source,
      fs.mkdtempSync(path.join(os.tmpdir(), "copy-")),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(
      fs.existsSync(
        path.join(source, "stacks", PRODUCTION_DATABASE, OVERRIDE_FILE),
      ),
    ).toBe(false);
    expect(
      fs
        .readFileSync(
          path.join(target, "stacks", PRODUCTION_DATABASE, "cdk.tf.json"),
        )
        .equals(before),
    ).toBe(true);
    expect(
      Object.keys(synthesizedStacks()).filter(
        (n) => !fs.existsSync(path.join(target, "stacks", n, OVERRIDE_FILE)),
      ),
    ).toEqual([]);
  });

  const corrupt = (manifest: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corrupt-"));
    const source = path.join(dir, "out");
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, "manifest.json"), manifest);
    return { source, target: path.join(dir, "copy") };
  };
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return {
        type: (error as Error).constructor.name,
        message: (error as Error).message,
      };
    }
    return undefined;
  };

  it("GIVEN a manifest.json that is not JSON WHEN copied THEN it fails with the manifest reader's one-line input error and writes nothing", () => {
    const { source, target } = corrupt('{"stacks": {');
    expect({
      error: thrown(() => writeEmulatedCopy(source, target)),
      written: fs.existsSync(target),
    }).toEqual({
      error: thrown(() => readManifest(source)),
      written: false,
    });
    expect(thrown(() => readManifest(source))).toEqual({
      type: "InputError",
      message: expect.stringMatching(/manifest\.json: not JSON \(/),
    });
  });

  it("GIVEN a manifest.json whose stack lacks workingDirectory WHEN copied THEN it fails with the manifest reader's message naming the field and writes nothing", () => {
    const { source, target } = corrupt(
      JSON.stringify({
        stacks: { s: { synthesizedStackPath: "stacks/s/cdk.tf.json" } },
      }),
    );
    expect({
      error: thrown(() => writeEmulatedCopy(source, target)),
      written: fs.existsSync(target),
    }).toEqual({
      error: {
        type: "InputError",
        message: expect.stringMatching(
          /manifest\.json: stacks\.s\.workingDirectory is missing; expected a cdktf manifest/,
        ),
      },
      written: false,
    });
  });
});
