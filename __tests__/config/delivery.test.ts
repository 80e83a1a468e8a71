import { DELIVERY, promotionOrder } from "../../config/delivery";
import { validateDelivery } from "../../config/validate-delivery";
import { loadConfig } from "../../config";
import { Problems } from "../../config/errors";
import { configWith } from "../support/config";

type Config = Parameters<Parameters<typeof configWith>[0]>[0];

function validate(change: (c: Config) => void): () => void {
  const config = configWith(change);
  return () => {
    const problems = new Problems();
    validateDelivery(problems, config.delivery);
    problems.throwIfAny();
  };
}

describe("validateDelivery", () => {
  it("GIVEN the checked-in settings WHEN validated THEN nothing is reported", () => {
    expect(validate(() => undefined)).not.toThrow();
  });

  it("GIVEN a repository URL WHEN validated THEN delivery.repository is named", () => {
    expect(
      validate((c) => {
        c.delivery.repository = "https://github.com/acme/infra.git";
      }),
    ).toThrow(
      /delivery\.repository = "https:\/\/github\.com\/acme\/infra\.git": must be "<owner>\/<repository>"/,
    );
  });

  it("GIVEN a GitHub environment with a colon WHEN validated THEN that environment's setting is named", () => {
    expect(
      validate((c) => {
        c.delivery.environments.staging.githubEnvironment = "staging:eu";
      }),
    ).toThrow(
      /delivery\.environments\.staging\.githubEnvironment = "staging:eu"/,
    );
  });

  it("GIVEN two environments sharing a GitHub environment (case aside) WHEN validated THEN the clash is named", () => {
    expect(
      validate((c) => {
        c.delivery.environments.production.githubEnvironment = "Staging";
      }),
    ).toThrow(
      /delivery\.environments\.production\.githubEnvironment = "Staging": is also staging's/,
    );
  });

  it("GIVEN two automatically deployed environments WHEN validated THEN promotedFrom is reported", () => {
    expect(
      validate((c) => {
        c.delivery.environments.staging.promotedFrom = "";
      }),
    ).toThrow(/exactly one environment must have promotedFrom ""/);
  });

  it("GIVEN a promotion cycle WHEN validated THEN the cycle is named", () => {
    expect(
      validate((c) => {
        c.delivery.environments.development.promotedFrom = "production";
      }),
    ).toThrow(/forms a cycle/);
  });

  it("GIVEN a four-field cron WHEN validated THEN driftCron is named", () => {
    expect(
      validate((c) => {
        c.delivery.environments.production.driftCron = "0 * * *";
      }),
    ).toThrow(
      /delivery\.environments\.production\.driftCron = "0 \* \* \*": must be a five-field cron/,
    );
  });

  it("GIVEN a session of 30 minutes WHEN validated THEN maxSessionSeconds is named", () => {
    expect(
      validate((c) => {
        c.delivery.maxSessionSeconds = 1800;
      }),
    ).toThrow(/delivery\.maxSessionSeconds = 1800/);
  });

  it("GIVEN a bad repository WHEN the whole configuration is loaded THEN loadConfig refuses it", () => {
    const config = configWith((c) => {
      c.delivery.repository = "acme";
    });
    expect(() => loadConfig(config, ["development"])).toThrow(
      /delivery\.repository = "acme"/,
    );
  });
});

describe("promotionOrder", () => {
  it("GIVEN the checked-in settings WHEN ordered THEN development, staging, production", () => {
    expect(promotionOrder(DELIVERY)).toEqual([
      "development",
      "staging",
      "production",
    ]);
  });
});
