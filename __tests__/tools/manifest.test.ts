import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InputError, UsageError } from "../../tools/command-line";
import {
  readManifest,
  readStackJson,
  readStackJsons,
} from "../../tools/manifest";
import { synthesizedOutdir } from "../support/plan";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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

    it("GIVEN a manifest that is not JSON WHEN read THEN an InputError names the file and what is expected", () => {
      const file = path.join(scratch, "manifest.json");
      fs.writeFileSync(file, "{ half");
      expect(() => readManifest(scratch)).toThrow(InputError);
      expect(() => readManifest(scratch)).toThrow(
        new RegExp(
          `^${escape(file)}: not JSON \\(.*\\); expected a cdktf manifest \\(run \`npm run synth\` again\\)$`,
        ),
      );
    });

    it("GIVEN JSON without stacks WHEN read THEN the error says a cdktf manifest is expected", () => {
      fs.writeFileSync(path.join(scratch, "manifest.json"), "{}");
      expect(() => readManifest(scratch)).toThrow(
        /manifest\.json: no "stacks" object; expected a cdktf manifest/,
      );
    });

    it.each(["workingDirectory", "synthesizedStackPath"])(
      "GIVEN a stack without %s WHEN read THEN an InputError names the stack and the field",
      (field) => {
        const entry: Record<string, string> = {
          workingDirectory: "stacks/a",
          synthesizedStackPath: "stacks/a/cdk.tf.json",
        };
        delete entry[field];
        fs.writeFileSync(
          path.join(scratch, "manifest.json"),
          JSON.stringify({ stacks: { a: entry } }),
        );
        expect(() => readManifest(scratch)).toThrow(
          new RegExp(
            `manifest\\.json: stacks\\.a\\.${field} is missing; expected a cdktf manifest`,
          ),
        );
      },
    );
  });

  describe("readStackJson", () => {
    it("GIVEN a stack whose Terraform JSON is cut short WHEN read THEN an InputError names the file and the stack", () => {
      const jsonPath = path.join(scratch, "cdk.tf.json");
      fs.writeFileSync(jsonPath, '{"resource": ');
      expect(() =>
        readStackJson({ name: "a", dir: scratch, jsonPath, dependencies: [] }),
      ).toThrow(
        new RegExp(
          `^${escape(jsonPath)}: not JSON \\(.*\\); expected the Terraform JSON of a `,
        ),
      );
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
