import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { GithubOidcProvider } from "../../../modules/delivery";

describe("GithubOidcProvider", () => {
  it("GIVEN no props WHEN synthesized THEN GitHub's issuer is trusted for the STS audience only", () => {
    const synthesized = Testing.synthScope((scope) => {
      new GithubOidcProvider(scope, "github");
    });
    expect(synthesized).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("GIVEN an empty audience list WHEN constructed THEN it is refused by name", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new GithubOidcProvider(scope, "github", { audiences: [] });
      }),
    ).toThrow(/GithubOidcProvider github: audiences = \[\]/);
  });
});
