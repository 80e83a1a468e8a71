import { Problems } from "../../config/errors";
import { validateAccounts } from "../../config/validate-accounts";
import { configWith } from "../support/config";

function validate(
  change: (accounts: Record<string, string>) => void,
  allowSharedAccounts?: boolean,
): () => void {
  const config = configWith((c) => {
    change(c.state.environmentAccounts as Record<string, string>);
    if (allowSharedAccounts !== undefined) {
      (c.state as { allowSharedAccounts?: boolean }).allowSharedAccounts =
        allowSharedAccounts;
    }
  });
  return () => {
    const problems = new Problems();
    validateAccounts(problems, config.state);
    problems.throwIfAny();
  };
}

describe("validateAccounts", () => {
  it("GIVEN the checked-in accounts WHEN validated THEN nothing is reported", () => {
    expect(validate(() => undefined)).not.toThrow();
  });

  it("GIVEN staging in the state account WHEN validated THEN staging's account is reported as the state account", () => {
    expect(
      validate((a) => {
        a.staging = "999999999999";
      }),
    ).toThrow(
      /state\.environmentAccounts\.staging = "999999999999": is the state account/,
    );
  });

  it("GIVEN staging in development's account WHEN validated THEN the shared account is reported", () => {
    expect(
      validate((a) => {
        a.staging = a.development;
      }),
    ).toThrow(
      /state\.environmentAccounts\.staging = "111111111111": is development's account too/,
    );
  });

  it("GIVEN shared accounts and allowSharedAccounts WHEN validated THEN nothing is reported", () => {
    expect(
      validate((a) => {
        a.staging = a.development;
        a.production = "999999999999";
      }, true),
    ).not.toThrow();
  });
});
