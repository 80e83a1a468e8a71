import { ConfigurationError, loadConfig, PIPELINE_CONFIG } from "../../config";
import { Problems } from "../../config/errors";
import {
  HARDENED_CONTROLS,
  SECURITY_EXCEPTIONS,
  settingValue,
  validateSecurityExceptions,
} from "../../config/security-exceptions";
import { configWith } from "../support/config";

function problemsWith(
  exceptions: Readonly<Record<string, string>>,
  change: Parameters<typeof configWith>[0] = () => undefined,
): string | undefined {
  const env = configWith(change).environments.development;
  const problems = new Problems();
  validateSecurityExceptions(problems, env, exceptions);
  try {
    problems.throwIfAny();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  return undefined;
}

describe("security exceptions", () => {
  it("GIVEN development WHEN its exceptions are read THEN its writable root filesystem is one, with the ECS Exec reason", () => {
    expect(
      PIPELINE_CONFIG.environments.development.api.readonlyRootFilesystem,
    ).toBe(false);
    expect(
      SECURITY_EXCEPTIONS.development["api.readonlyRootFilesystem"],
    ).toMatch(/ECS Exec/);
  });

  it("GIVEN production WHEN its exceptions are read THEN there are none and every control holds", () => {
    expect(SECURITY_EXCEPTIONS.production).toEqual({});
    const problems = new Problems();
    validateSecurityExceptions(
      problems,
      PIPELINE_CONFIG.environments.production,
    );
    expect(() => problems.throwIfAny()).not.toThrow();
  });

  it("GIVEN the checked-in configuration WHEN loaded THEN every deviation is listed and no exception is stale", () => {
    expect(() => loadConfig()).not.toThrow();
  });

  it("GIVEN development's writable root filesystem WHEN its exception is removed THEN the error names the setting and the control", () => {
    const rest = Object.fromEntries(
      Object.entries(SECURITY_EXCEPTIONS.development).filter(
        ([setting]) => setting !== "api.readonlyRootFilesystem",
      ),
    );
    expect(problemsWith(rest)).toMatch(
      /development\.api\.readonlyRootFilesystem = false: breaks ECS\.5: .* list it with its reason in SECURITY_EXCEPTIONS\.development/,
    );
  });

  it("GIVEN an exception WHEN its setting is hardened after all THEN the exception is reported as stale", () => {
    expect(
      problemsWith(SECURITY_EXCEPTIONS.development, (c) => {
        c.environments.development.compliance.cloudTrail = true;
      }),
    ).toMatch(
      /SECURITY_EXCEPTIONS\.development\["compliance\.cloudTrail"\] = .*: is stale/,
    );
  });

  it("GIVEN development on plain HTTP WHEN its exception is removed THEN the error names edge.domainName, ELB.1 and the certificate alternative", () => {
    const rest = Object.fromEntries(
      Object.entries(SECURITY_EXCEPTIONS.development).filter(
        ([setting]) => setting !== "edge.domainName",
      ),
    );
    expect(problemsWith(rest)).toMatch(
      /development\.edge\.domainName = undefined: breaks ELB\.1: .*: set it \(or api\.certificateArn\), or list it/,
    );
  });

  it("GIVEN development's HTTPS exception WHEN a certificate ARN is set after all THEN the exception is reported as stale", () => {
    expect(
      problemsWith(SECURITY_EXCEPTIONS.development, (c) => {
        c.environments.development.api.certificateArn =
          "arn:aws:acm:af-south-1:111111111111:certificate/0d3c5d1e-1111-2222-3333-444455556666";
      }),
    ).toMatch(
      /SECURITY_EXCEPTIONS\.development\["edge\.domainName"\] = .*: is stale: development satisfies ELB\.1/,
    );
  });

  it("GIVEN development without a web ACL WHEN its exception is removed THEN the error names edge.waf.enabled and ELB.16", () => {
    const rest = Object.fromEntries(
      Object.entries(SECURITY_EXCEPTIONS.development).filter(
        ([setting]) => setting !== "edge.waf.enabled",
      ),
    );
    expect(problemsWith(rest)).toMatch(
      /development\.edge\.waf\.enabled = false: breaks ELB\.16: .*set it to true/,
    );
  });

  it("GIVEN an exception without a reason WHEN validated THEN it is refused", () => {
    expect(
      problemsWith({
        ...SECURITY_EXCEPTIONS.development,
        "api.accessLogs": "",
      }),
    ).toMatch(/\["api\.accessLogs"\] = "": must give the reason in words/);
  });

  it("GIVEN every control WHEN listed THEN each names a real boolean setting, or a setting that a derived control reads", () => {
    const production = PIPELINE_CONFIG.environments.production;
    for (const control of HARDENED_CONTROLS) {
      const type = typeof settingValue(production, control.setting);
      expect([control.setting, type]).toEqual([
        control.setting,
        control.derived ? type : "boolean",
      ]);
      expect(type).not.toBe("undefined");
    }
  });
});
