/**
 * AWS Certificate Manager: public certificates cost nothing.
 * https://aws.amazon.com/certificate-manager/pricing/
 */
import type { ServiceRules } from "./rule";

/** Priced and free resource types of this service. */
export const ACM_RULES: ServiceRules = {
  priced: {},
  free: {
    aws_acm_certificate: "public ACM certificates have no charge",
    aws_acm_certificate_validation:
      "no charge (a Terraform wait, no AWS resource)",
  },
};
