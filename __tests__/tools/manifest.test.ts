import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../../tools/command-line";
import { readManifest, readStackJsons } from "../../tools/manifest";
import { synthesizedOutdir } from "../support/plan";

let scratch: string;
beforeEach(
  () => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-test-"))),
);
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("manifest", () => {
  describe("readManifest", () => {
    it("GIVEN the app's synthesized output WHEN read THEN each stack has its folder, its JSON file and its dependencies", () => {
      const outdir = synthesizedOutdir();
      const api = readManifest(outdir).find(
        (s) => s.name === "financial-pipeline-production-api",
      );
      expect(api).toEqual({
        name: "financial-pipeline-production-api",
        dir: path.join(outdir, "stacks", "financial-pipeline-production-api"),
        jsonPath: path.join(
          outdir,
          "stacks",
          "financial-pipeline-production-api",
          "cdk.tf.json",
        ),
        dependencies: [
          "financial-pipeline-production-database",
          "financial-pipeline-production-vpc",
        ],
      });
    });

    it("GIVEN stacks listed out of order WHEN read THEN they come back sorted by name", () => {
      const entry = (name: string) => ({
        workingDirectory: `stacks/${name}`,
        synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      });
      fs.writeFileSync(
        path.join(scratch, "manifest.json"),
        JSON.stringify({ stacks: { b: entry("b"), a: entry("a") } }),
      );
      expect(readManifest(scratch).map((s) => s.name)).toEqual(["a", "b"]);
    });

    it("GIVEN a folder without manifest.json WHEN read THEN a UsageError says to synthesize first", () => {
      expect(() => readManifest(scratch)).toThrow(UsageError);
      expect(() => readManifest(scratch)).toThrow(
        /No synthesized stacks in .* \(no manifest\.json\): run `npm run synth` first/,
      );
    });

    it("GIVEN a manifest that is not JSON WHEN read THEN the error names the file", () => {
      const file = path.join(scratch, "manifest.json");
      fs.writeFileSync(file, "{ half");
      expect(() => readManifest(scratch)).toThrow(`${file}: not JSON`);
    });

    it("GIVEN JSON without stacks WHEN read THEN the error says it is not a cdktf manifest", () => {
      fs.writeFileSync(path.join(scratch, "manifest.json"), "{}");
      expect(() => readManifest(scratch)).toThrow(/not a cdktf manifest/);
    });
  });

  describe("readStackJsons", () => {
    it("GIVEN the app's synthesized output WHEN read THEN every listed stack's Terraform JSON is parsed", () => {
      const stacks = readStackJsons(synthesizedOutdir());
      expect(Object.keys(stacks)).toEqual(
        readManifest(synthesizedOutdir()).map((s) => s.name),
      );
      expect(
        Object.keys(
          stacks["financial-pipeline-production-vpc"].resource.aws_vpc,
        ),
      ).toHaveLength(1);
    });
  });
});
