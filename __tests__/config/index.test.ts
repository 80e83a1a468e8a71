import {
  loadConfig,
  PIPELINE_CONFIG,
  selectedEnvironmentNames,
} from "../../config";

describe("selectedEnvironmentNames", () => {
  it("GIVEN no variable and no context WHEN read THEN every environment is selected", () => {
    expect(selectedEnvironmentNames({})).toEqual([
      "development",
      "staging",
      "production",
    ]);
  });

  it("GIVEN PIPELINE_ENVIRONMENT=production WHEN read THEN only production is selected", () => {
    expect(
      selectedEnvironmentNames({ PIPELINE_ENVIRONMENT: "production" }),
    ).toEqual(["production"]);
  });

  it("GIVEN a comma-separated list WHEN read THEN each name is selected", () => {
    expect(
      selectedEnvironmentNames({ PIPELINE_ENVIRONMENT: "staging, production" }),
    ).toEqual(["staging", "production"]);
  });

  it("GIVEN the cdktf context key environment WHEN read THEN it narrows the selection", () => {
    expect(
      selectedEnvironmentNames({
        CDKTF_CONTEXT_JSON: JSON.stringify({ environment: "development" }),
      }),
    ).toEqual(["development"]);
  });

  it("GIVEN both variable and context WHEN read THEN the variable wins", () => {
    const env = {
      PIPELINE_ENVIRONMENT: "staging",
      CDKTF_CONTEXT_JSON: JSON.stringify({ environment: "development" }),
    };
    expect(selectedEnvironmentNames(env)).toEqual(["staging"]);
  });

  it("GIVEN a selection in any order WHEN loaded THEN environments come in deploy-promotion order", () => {
    const loaded = loadConfig(PIPELINE_CONFIG, ["production", "development"]);
    expect(loaded.environments.map((e) => e.name)).toEqual([
      "development",
      "production",
    ]);
  });
});
