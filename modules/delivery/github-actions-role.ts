import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { policyDocument, PolicyStatement } from "../security/policy";
import { GITHUB_OIDC_ISSUER, STS_AUDIENCE } from "./github-oidc-provider";

/** Properties of a {@link GithubActionsRole}. */
export interface GithubActionsRoleProps {
  readonly roleName: string;
  readonly description: string;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /**
   * The exact token subjects (`sub`) that may assume the role, e.g.
   * `repo:acme/infra:environment:production`. Compared with `StringEquals`:
   * no wildcards.
   */
  readonly subjects: readonly string[];
  /** What the role may do (its inline policy). */
  readonly statements: readonly PolicyStatement[];
  /**
   * Longest session, seconds.
   * @default 3600
   */
  readonly maxSessionSeconds?: number;
}

const SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:[^*?]+$/;

/**
 * An IAM role that only GitHub Actions tokens with this repository's exact
 * subjects and the STS audience can assume
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services).
 */
export class GithubActionsRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: GithubActionsRoleProps) {
    super(scope, id);
    const maxSession = props.maxSessionSeconds ?? 3600;
    const checks = new PropChecks(throwOnBadProp(`GithubActionsRole ${id}`));
    checks.check(
      "subjects",
      props.subjects,
      (s) => s.length > 0,
      "must name at least one subject",
    );
    props.subjects.forEach((subject, i) =>
      checks.matches(
        `subjects[${i}]`,
        subject,
        SUBJECT,
        'must be "repo:<owner>/<repo>:<context>" without * or ?',
      ),
    );
    checks.wholeNumber("maxSessionSeconds", maxSession, 3600, 43200);
    checks.check(
      "statements",
      props.statements,
      (s) => s.length > 0,
      "a role without permissions is a mistake",
    );
    const subjects = [...props.subjects].sort();
    // Both claims with StringEquals: a token of another repository, branch or
    // environment, or minted for another audience, is refused by STS.
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: props.oidcProviderArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${GITHUB_OIDC_ISSUER}:aud`]: STS_AUDIENCE,
              [`${GITHUB_OIDC_ISSUER}:sub`]:
                subjects.length === 1 ? subjects[0] : subjects,
            },
          },
        },
      ],
    };
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify(trust),
      maxSessionDuration: maxSession,
    });
    new IamRolePolicy(this, "policy", {
      name: "github-actions",
      role: this.role.id,
      policy: policyDocument(props.statements),
    });
    this.roleArn = this.role.arn;
  }
}
