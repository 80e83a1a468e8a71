import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import { checkDnsName } from "./domain-name";

/** Properties of a {@link DnsValidatedCertificate}. */
export interface DnsValidatedCertificateProps {
  /** The one name the certificate is for, e.g. `api.production.example.com`. */
  readonly domainName: string;
  /** Public hosted zone that answers for `domainName`: the validation record goes there. */
  readonly zoneId: string;
  /**
   * TTL of the validation record, seconds.
   * @default 300
   */
  readonly validationRecordTtlSeconds?: number;
  /**
   * Provider (region) of the certificate and its validation, e.g. one in
   * us-east-1 for CloudFront; the record is Route 53's, which is global.
   * @default - the stack's provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate for one name, validated through DNS: the CNAME ACM
 * asks for goes into the zone, and {@link certificateArn} is the ARN as
 * `aws_acm_certificate_validation` returns it, so whatever uses it waits
 * until the certificate is issued. ACM renews it for as long as the record
 * stays. https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
 */
export class DnsValidatedCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly validationRecord: Route53Record;
  public readonly validation: AcmCertificateValidation;
  /** ARN of the issued certificate (known once validation has completed). */
  public readonly certificateArn: string;

  constructor(
    scope: Construct,
    id: string,
    props: DnsValidatedCertificateProps,
  ) {
    super(scope, id);
    const ttl = props.validationRecordTtlSeconds ?? 300;
    const checks = new PropChecks(
      throwOnBadProp(`DnsValidatedCertificate ${id}`),
    );
    checkDnsName(checks, "domainName", props.domainName);
    checks.wholeNumber("validationRecordTtlSeconds", ttl, 0, 2147483647);

    this.certificate = new AcmCertificate(this, "certificate", {
      provider: props.provider,
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      // A listener refers to it: the new certificate must exist before the old one goes.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: props.domainName },
    });
    // One name, so exactly one validation option: no for_each over a set
    // whose keys are unknown until apply.
    const option = this.certificate.domainValidationOptions.get(0);
    this.validationRecord = new Route53Record(this, "validation-record", {
      zoneId: props.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl,
      // The same CNAME serves a replacement certificate of the same name.
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, "validation", {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [this.validationRecord.fqdn],
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
