/**
 * AWS IAM: roles, policies and OIDC providers cost nothing.
 */
import type { ServiceRules } from "./rule";

const IAM = "IAM has no charge";

/** Priced and free resource types of this service. */
export const IAM_RULES: ServiceRules = {
  priced: {},
  free: {
    aws_iam_role: IAM,
    aws_iam_role_policy: IAM,
    aws_iam_role_policy_attachment: IAM,
    aws_iam_policy: IAM,
    aws_iam_openid_connect_provider: IAM,
  },
};
