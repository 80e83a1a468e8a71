import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PIPELINE_CONFIG } from "../../config";
import {
  deployedImageTag,
  environmentOfStack,
  takesImageTag,
} from "../../tools/deployed-image";
import { writeOutdir } from "../support/state-backend-fixture";
import { readStacks } from "../../tools/stack-workdir";

describe("deployed-image", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "deployed-image-"));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const outdir = writeOutdir(scratch, {
    "financial-pipeline-development-jobs": {
      variable: { image_tag: { default: "0.1.0", type: "string" } },
    },
    "financial-pipeline-development-vpc": { resource: {} },
  });
  const stacks = readStacks(outdir);
  const options = {
    outdir,
    backendConfig: [],
    reconfigure: false,
    skipInit: true,
  };

  it("GIVEN a stack with the image_tag variable and one without WHEN asked THEN only the first takes an image tag", () => {
    expect(stacks.map((s) => [s.name, takesImageTag(s)])).toEqual([
      ["financial-pipeline-development-jobs", true],
      ["financial-pipeline-development-vpc", false],
    ]);
  });

  it("GIVEN a stack name WHEN its environment is looked up THEN it is the configured environment it is named after", () => {
    expect(environmentOfStack("financial-pipeline-staging-jobs")?.name).toBe(
      "staging",
    );
  });

  it("GIVEN a stack of no configured environment WHEN looked up THEN there is none", () => {
    expect(environmentOfStack("other-project-development-jobs")).toBe(
      undefined,
    );
  });

  it("GIVEN an output folder without the environment's API stack WHEN the deployed tag is asked THEN an error says so, never a guess", async () => {
    await expect(
      deployedImageTag(
        PIPELINE_CONFIG.environments.development,
        stacks,
        options,
        process.env,
      ),
    ).resolves.toEqual({
      error: `no synthesized API stack of development in ${outdir}`,
    });
  });
});
