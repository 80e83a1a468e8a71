import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";

/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials asks GitHub for. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** Properties of a {@link GithubOidcProvider}. */
export interface GithubOidcProviderProps {
  /**
   * Audiences (`aud`) the provider accepts.
   * @default ["sts.amazonaws.com"]
   */
  readonly audiences?: readonly string[];
}

/**
 * The account's IAM OIDC identity provider for GitHub Actions, so that
 * workflows exchange a short-lived GitHub token for role credentials
 * (`sts:AssumeRoleWithWebIdentity`) and no access key is ever stored.
 * One per account and issuer: an account that already has one imports it
 * (docs/delivery.md). No thumbprint: IAM trusts GitHub's issuer through its
 * own root CAs (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html).
 */
export class GithubOidcProvider extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  /** ARN of the provider: the `Federated` principal of the roles' trust policies. */
  public readonly arn: string;

  constructor(
    scope: Construct,
    id: string,
    props: GithubOidcProviderProps = {},
  ) {
    super(scope, id);
    const audiences = props.audiences ?? [STS_AUDIENCE];
    new PropChecks(throwOnBadProp(`GithubOidcProvider ${id}`)).check(
      "audiences",
      audiences,
      (a) => a.length > 0 && a.every((x) => x.trim() !== ""),
      "must name at least one non-empty audience",
    );
    this.provider = new IamOpenidConnectProvider(this, "provider", {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIdList: [...audiences],
    });
    this.arn = this.provider.arn;
  }
}
