import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  cliConfigText,
  MIRROR_VARIABLE,
  providerMirror,
  terraformEnv,
  writeTerraformCliConfig,
} from "../../tools/terraform";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "terraform-tool-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A new empty folder below this file's scratch folder. */
function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratch, prefix));
}

/** A fake mirror folder holding registry.terraform.io/hashicorp/aws/5.100.0. */
function fakeMirror(): string {
  const dir = tempDir("mirror-");
  fs.mkdirSync(
    path.join(dir, "registry.terraform.io", "hashicorp", "aws", "5.100.0"),
    { recursive: true },
  );
  return dir;
}

describe("providerMirror", () => {
  it("GIVEN PIPELINE_TF_PROVIDER_MIRROR at a mirror WHEN resolved THEN that folder is used", () => {
    const mirror = fakeMirror();
    expect(providerMirror({ [MIRROR_VARIABLE]: mirror }, [])).toBe(mirror);
  });

  it("GIVEN PIPELINE_TF_PROVIDER_MIRROR at a folder without the provider WHEN resolved THEN it throws naming the variable", () => {
    const empty = tempDir("empty-");
    expect(() => providerMirror({ [MIRROR_VARIABLE]: empty }, [])).toThrow(
      /PIPELINE_TF_PROVIDER_MIRROR = ".*": no registry\.terraform\.io\/hashicorp\/aws\/5\.100\.0/,
    );
  });

  it("GIVEN no variable WHEN a well-known folder holds the provider THEN it is discovered", () => {
    const mirror = fakeMirror();
    expect(providerMirror({}, ["/nonexistent", mirror])).toBe(mirror);
  });

  it("GIVEN no variable and no mirror anywhere WHEN resolved THEN there is none", () => {
    expect(providerMirror({}, ["/nonexistent"])).toBeUndefined();
  });
});

describe("cliConfigText", () => {
  it("GIVEN a mirror WHEN rendered THEN aws comes from the mirror and everything else from the registry", () => {
    const text = cliConfigText("/m");
    expect(text).toMatch(
      /filesystem_mirror \{\s+path\s+= "\/m"\s+include = \["registry\.terraform\.io\/hashicorp\/aws"\]/,
    );
    expect(text).toMatch(
      /direct \{\s+exclude = \["registry\.terraform\.io\/hashicorp\/aws"\]/,
    );
  });
});

describe("terraformEnv", () => {
  it("GIVEN a mirror WHEN the env is built THEN TF_CLI_CONFIG_FILE points at the project's config for it", () => {
    const mirror = fakeMirror();
    const env = terraformEnv({
      [MIRROR_VARIABLE]: mirror,
      HOME: "/nonexistent",
    });
    expect(fs.readFileSync(env.TF_CLI_CONFIG_FILE!, "utf8")).toBe(
      cliConfigText(mirror),
    );
    expect(env.TF_CLI_CONFIG_FILE).toBe(
      path.resolve(
        __dirname,
        "..",
        "..",
        ".scratch",
        "terraform",
        "terraformrc",
      ),
    );
    expect(env.CHECKPOINT_DISABLE).toBe("1");
  });

  it("GIVEN no mirror and a CLI config path that does not exist WHEN the env is built THEN the dangling path is dropped", () => {
    const env = terraformEnv(
      { HOME: "/nonexistent", TF_CLI_CONFIG_FILE: "/nonexistent/terraformrc" },
      [],
    );
    expect(env.TF_CLI_CONFIG_FILE).toBeUndefined();
  });

  it("GIVEN no mirror and a CLI config of the user's WHEN the env is built THEN it is kept", () => {
    const own = path.join(tempDir("rc-"), "terraformrc");
    fs.writeFileSync(own, "");
    expect(
      terraformEnv({ HOME: "/nonexistent", TF_CLI_CONFIG_FILE: own }, [])
        .TF_CLI_CONFIG_FILE,
    ).toBe(own);
  });

  it("GIVEN a mirror WHEN the config is written twice THEN the file is the same", () => {
    const mirror = fakeMirror();
    const file = path.join(tempDir("rc-"), "terraformrc");
    writeTerraformCliConfig(file, { [MIRROR_VARIABLE]: mirror });
    writeTerraformCliConfig(file, { [MIRROR_VARIABLE]: mirror });
    expect(fs.readFileSync(file, "utf8")).toBe(cliConfigText(mirror));
  });
});
