import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { DnsValidatedCertificate } from "../../../modules/edge/dns-validated-certificate";
import { listOf, parse } from "../../support/synth";

function synthCertificate(domainName = "api.production.example.com") {
  let certificate: DnsValidatedCertificate | undefined;
  const json = Testing.synthScope((scope) => {
    certificate = new DnsValidatedCertificate(scope, "certificate", {
      domainName,
      zoneId: "Z0123456789ABCDEFGHIJ",
    });
  });
  return { json, certificate: certificate! };
}

describe("DnsValidatedCertificate", () => {
  it("GIVEN a domain WHEN synthesized THEN ACM issues a certificate for it validated through DNS, replaced create-before-destroy", () => {
    expect(synthCertificate().json).toHaveResourceWithProperties(
      AcmCertificate,
      {
        domain_name: "api.production.example.com",
        validation_method: "DNS",
        lifecycle: { create_before_destroy: true },
      },
    );
  });

  it("GIVEN a domain WHEN synthesized THEN the validation CNAME ACM asks for goes into the zone", () => {
    const json = parse(synthCertificate().json);
    const [certificate] = Object.keys(json.resource.aws_acm_certificate);
    const option = `tolist(aws_acm_certificate.${certificate}.domain_validation_options).0`;
    const [record] = listOf(json, "aws_route53_record");
    expect(record).toMatchObject({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: `\${${option}.resource_record_name}`,
      type: `\${${option}.resource_record_type}`,
      records: [`\${${option}.resource_record_value}`],
      allow_overwrite: true,
    });
  });

  it("GIVEN a domain WHEN synthesized THEN the validation waits for that record", () => {
    const json = parse(synthCertificate().json);
    const [record] = Object.keys(json.resource.aws_route53_record);
    const [validation] = listOf(json, "aws_acm_certificate_validation");
    expect(validation.validation_record_fqdns).toEqual([
      `\${aws_route53_record.${record}.fqdn}`,
    ]);
  });

  it("GIVEN a listener that uses the certificate WHEN synthesized THEN it refers to the validation's ARN, so it waits until ACM has issued it", () => {
    const json = parse(
      Testing.synthScope((scope) => {
        const certificate = new DnsValidatedCertificate(scope, "certificate", {
          domainName: "api.production.example.com",
          zoneId: "Z0123456789ABCDEFGHIJ",
        });
        new LbListener(scope, "https", {
          loadBalancerArn:
            "arn:aws:elasticloadbalancing:af-south-1:123456789012:loadbalancer/app/x/1",
          port: 443,
          protocol: "HTTPS",
          certificateArn: certificate.certificateArn,
          defaultAction: [
            {
              type: "fixed-response",
              fixedResponse: { contentType: "text/plain", statusCode: "200" },
            },
          ],
        });
      }),
    );
    const [validation] = Object.keys(
      json.resource.aws_acm_certificate_validation,
    );
    expect(listOf(json, "aws_lb_listener")[0].certificate_arn).toBe(
      `\${aws_acm_certificate_validation.${validation}.certificate_arn}`,
    );
  });

  it("GIVEN a domain with a trailing dot WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthCertificate("api.example.com.")).toThrow(
      /domainName = "api\.example\.com\.": must be a lower-case DNS name/,
    );
  });
});
