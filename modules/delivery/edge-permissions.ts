/** Rows of RESOURCE_PERMISSIONS (resource-permissions.ts): the API's public edge — zone, certificate, firewall, CDN. */
import type { ResourcePermissions } from "./resource-permission-types";

const WEB_ACLS = [
  "arn:aws:wafv2:{region}:{account}:regional/webacl/{prefix}-*/*",
  // A web ACL's create and update are authorized on the rule groups it uses.
  "arn:aws:wafv2:{region}:{account}:regional/managedruleset/*/*",
];

/** Route 53, ACM, WAF and CloudFront resource types of the API stack. */
export const EDGE_PERMISSIONS: Readonly<Record<string, ResourcePermissions>> = {
  // ---------------------------------------------------------- Route 53
  // Hosted zones and changes have generated ids; Route 53 is global.
  aws_route53_zone: {
    deploy: [
      "route53:ChangeTagsForResource",
      "route53:CreateHostedZone",
      "route53:DeleteHostedZone",
      "route53:UpdateHostedZoneComment",
    ],
    read: [
      "route53:GetChange",
      "route53:GetHostedZone",
      "route53:ListResourceRecordSets",
      "route53:ListTagsForResource",
    ],
    global: true,
  },
  aws_route53_record: {
    deploy: ["route53:ChangeResourceRecordSets"],
    read: [
      "route53:GetChange",
      "route53:GetHostedZone",
      "route53:ListResourceRecordSets",
    ],
    global: true,
  },

  // --------------------------------------------------------------- ACM
  aws_acm_certificate: {
    deploy: [
      "acm:AddTagsToCertificate",
      "acm:DeleteCertificate",
      "acm:RemoveTagsFromCertificate",
      "acm:RequestCertificate",
    ],
    read: ["acm:DescribeCertificate", "acm:ListTagsForCertificate"],
    // RequestCertificate is authorized on "*" only; the id is generated.
  },
  // Waits for the certificate to be issued: reads only.
  aws_acm_certificate_validation: {
    deploy: [],
    read: ["acm:DescribeCertificate"],
  },

  // -------------------------------------------------------- CloudFront
  // Global, like Route 53 (CreateDistributionWithTags is authorized as
  // CreateDistribution and TagResource); distribution and origin access control ids are
  // generated. The viewer certificate is ACM's in us-east-1: the CI stack
  // adds that region to the role's while the CDN is on.
  aws_cloudfront_distribution: {
    deploy: [
      "cloudfront:CreateDistribution",
      "cloudfront:DeleteDistribution",
      "cloudfront:TagResource",
      "cloudfront:UntagResource",
      "cloudfront:UpdateDistribution",
    ],
    read: ["cloudfront:GetDistribution", "cloudfront:ListTagsForResource"],
    global: true,
  },
  aws_cloudfront_origin_access_control: {
    deploy: [
      "cloudfront:CreateOriginAccessControl",
      "cloudfront:DeleteOriginAccessControl",
      "cloudfront:UpdateOriginAccessControl",
    ],
    read: ["cloudfront:GetOriginAccessControl"],
    global: true,
  },

  // --------------------------------------------------------------- WAF
  aws_wafv2_web_acl: {
    deploy: [
      "wafv2:CreateWebACL",
      "wafv2:DeleteWebACL",
      "wafv2:TagResource",
      "wafv2:UntagResource",
      "wafv2:UpdateWebACL",
    ],
    read: ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
    arns: WEB_ACLS,
  },
  aws_wafv2_web_acl_association: {
    deploy: [
      "elasticloadbalancing:SetWebACL",
      "wafv2:AssociateWebACL",
      "wafv2:DisassociateWebACL",
    ],
    read: ["wafv2:GetWebACLForResource"],
    // SetWebACL is authorized on "*" only.
  },
  // WAF delivers to CloudWatch Logs through a log delivery, which has no ARN.
  aws_wafv2_web_acl_logging_configuration: {
    deploy: [
      "logs:CreateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:PutResourcePolicy",
      "wafv2:DeleteLoggingConfiguration",
      "wafv2:PutLoggingConfiguration",
    ],
    read: [
      "logs:DescribeLogGroups",
      "logs:DescribeResourcePolicies",
      "wafv2:GetLoggingConfiguration",
    ],
  },
};
