import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  DataSourceSecrets,
  DataSourceSecretsProps,
} from "../../../modules/workloads/data-source-secrets";
import { listOf, parse } from "../../support/synth";

function synthSecrets(overrides: Partial<DataSourceSecretsProps> = {}) {
  return Testing.synthScope((scope) => {
    new DataSourceSecrets(scope, "ds", {
      namePrefix: "team-prod",
      accountId: "123456789012",
      region: "af-south-1",
      dataSources: { jse: "JSE API", ngx: "NGX API" },
      ...overrides,
    });
  });
}

describe("DataSourceSecrets", () => {
  it("GIVEN two data sources WHEN synthesized THEN each gets a secret named after it, encrypted with the construct's own key", () => {
    const json = parse(synthSecrets());
    const secrets = listOf(json, "aws_secretsmanager_secret");
    expect(secrets.map((s) => s.name)).toEqual([
      "team-prod/data-sources/jse",
      "team-prod/data-sources/ngx",
    ]);
    const [key] = Object.keys(json.resource.aws_kms_key);
    for (const s of secrets)
      expect(s.kms_key_id).toBe(`\${aws_kms_key.${key}.arn}`);
    expect(listOf(json, "aws_kms_key")[0].enable_key_rotation).toBe(true);
  });

  it("GIVEN the secrets WHEN synthesized THEN no secret value is created (operators set it with put-secret-value)", () => {
    expect(
      listOf(parse(synthSecrets()), "aws_secretsmanager_secret_version"),
    ).toEqual([]);
  });

  it("GIVEN a recovery window WHEN synthesized THEN deleted secrets stay restorable that long", () => {
    expect(
      synthSecrets({ recoveryWindowDays: 7 }),
    ).toHaveResourceWithProperties(SecretsmanagerSecret, {
      recovery_window_in_days: 7,
    });
  });

  it("GIVEN a recovery window Secrets Manager refuses WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthSecrets({ recoveryWindowDays: 3 })).toThrow(
      /recoveryWindowDays = 3: must be 0 or 7-30/,
    );
  });

  it("GIVEN a data source name too long for the alarm and schedule names WHEN constructed THEN it throws naming it", () => {
    expect(() =>
      synthSecrets({ dataSources: { "johannesburg-stock-exchange": "JSE" } }),
    ).toThrow(
      /dataSources\.johannesburg-stock-exchange = "johannesburg-stock-exchange": must be 2-18 lower-case letters/,
    );
  });
});
