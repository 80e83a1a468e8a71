import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { ConfigConfigRule } from "@cdktf/provider-aws/lib/config-config-rule";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import {
  policyDocument,
  PolicyStatement,
  serviceTrustPolicy,
} from "../security/policy";
import { renamed, PropReport, throwOnBadProp } from "../core/prop-checks";
import { checkSecureBucketProps, SecureBucket } from "../storage/secure-bucket";

/** AWS managed Config rules recorded when AWS Config is on: the controls this platform promises. */
export const MANAGED_CONFIG_RULES = [
  "VPC_FLOW_LOGS_ENABLED",
  "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
  "RDS_STORAGE_ENCRYPTED",
  "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
  "S3_BUCKET_SSL_REQUESTS_ONLY",
  "CLOUD_TRAIL_ENABLED",
  "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
] as const;

/** Properties of {@link Compliance}. */
export interface ComplianceProps {
  /** Prefix of names, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** KMS key (ARN) that encrypts the trail's log files; see {@link Compliance.cloudTrailKeyStatements}. */
  readonly kmsKeyArn: string;
  /**
   * A multi-region CloudTrail trail with log file validation.
   * @default true
   */
  readonly cloudTrail?: boolean;
  /**
   * An AWS Config recorder of all supported resources, with managed rules.
   * @default true
   */
  readonly awsConfig?: boolean;
  /**
   * Days before audit log objects expire from the audit bucket.
   * @default 365
   */
  readonly retentionDays?: number;
}

/** Checks the retention of {@link ComplianceProps} (the audit bucket's expiry). */
export function checkComplianceProps(
  report: PropReport,
  props: Pick<ComplianceProps, "retentionDays">,
): void {
  checkSecureBucketProps(renamed(report, { expirationDays: "retentionDays" }), {
    expirationDays: props.retentionDays,
  });
}

/**
 * Account-level audit: CloudTrail (every API call, every region, log files
 * signed for validation and KMS-encrypted) and AWS Config (resource history
 * and managed compliance rules), both delivering to one closed audit bucket.
 * AWS allows one Config recorder per account and region, and one
 * organization trail usually exists already under AWS Organizations or
 * Control Tower: switch these on in one environment per account only, and
 * off where the organization already records.
 */
export class Compliance extends Construct {
  public readonly bucket: SecureBucket;
  public readonly trail?: Cloudtrail;
  public readonly recorder?: ConfigConfigurationRecorder;

  /** Key policy statements the trail's KMS key needs (CloudTrail encrypting for this account's trails). */
  public static cloudTrailKeyStatements(accountId: string): PolicyStatement[] {
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    return [
      {
        Sid: "CloudTrailEncryptLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*`,
          },
          StringEquals: { "aws:SourceAccount": accountId },
        },
      },
    ];
  }

  constructor(scope: Construct, id: string, props: ComplianceProps) {
    super(scope, id);
    const withTrail = props.cloudTrail ?? true;
    const withConfig = props.awsConfig ?? true;
    const retentionDays = props.retentionDays ?? 365;
    checkComplianceProps(throwOnBadProp(`Compliance ${id}`), { retentionDays });
    const trailName = `${props.namePrefix}-audit`;
    const trailArn = `arn:aws:cloudtrail:${props.region}:${props.accountId}:trail/${trailName}`;

    this.bucket = new SecureBucket(this, "audit-bucket", {
      bucketName: `${props.namePrefix}-audit-${props.accountId}-${props.region}`,
      expirationDays: retentionDays,
      policyStatements: (bucketArn) => [
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
        ...(withTrail
          ? deliveryStatements(
              "CloudTrail",
              "cloudtrail.amazonaws.com",
              bucketArn,
              `AWSLogs/${props.accountId}/*`,
              { "aws:SourceArn": trailArn },
            )
          : []),
        // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
        ...(withConfig
          ? deliveryStatements(
              "Config",
              "config.amazonaws.com",
              bucketArn,
              `AWSLogs/${props.accountId}/Config/*`,
              { "aws:SourceAccount": props.accountId },
            )
          : []),
      ],
    });

    if (withTrail) {
      this.trail = new Cloudtrail(this, "trail", {
        name: trailName,
        s3BucketName: this.bucket.bucketName,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        kmsKeyId: props.kmsKeyArn,
        dependsOn: [this.bucket.policy],
      });
    }

    if (withConfig) {
      const role = new IamRole(this, "config-role", {
        name: `${props.namePrefix}-aws-config`,
        description:
          "Lets AWS Config read resource configurations of this account",
        assumeRolePolicy: serviceTrustPolicy(
          "config.amazonaws.com",
          props.accountId,
        ),
      });
      new IamRolePolicyAttachment(this, "config-role-policy", {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
      });
      this.recorder = new ConfigConfigurationRecorder(this, "config-recorder", {
        name: props.namePrefix,
        roleArn: role.arn,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
        },
      });
      // For a bucket of its own account, Config delivers with this role, not
      // its service principal, and AWS_ConfigRole grants no S3 access:
      // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
      const deliveryPolicy = new IamRolePolicy(this, "config-delivery-policy", {
        name: "deliver-to-audit-bucket",
        role: role.id,
        policy: policyDocument([
          {
            Effect: "Allow",
            Action: "s3:GetBucketAcl",
            Resource: this.bucket.arn,
          },
          {
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: `${this.bucket.arn}/AWSLogs/${props.accountId}/Config/*`,
          },
        ]),
      });
      const channel = new ConfigDeliveryChannel(this, "config-delivery", {
        name: props.namePrefix,
        s3BucketName: this.bucket.bucketName,
        dependsOn: [this.recorder, this.bucket.policy, deliveryPolicy],
      });
      new ConfigConfigurationRecorderStatus(this, "config-recorder-status", {
        name: this.recorder.name,
        isEnabled: true,
        dependsOn: [channel],
      });
      for (const rule of MANAGED_CONFIG_RULES) {
        new ConfigConfigRule(
          this,
          `rule-${rule.toLowerCase().replace(/_/g, "-")}`,
          {
            name: `${props.namePrefix}-${rule.toLowerCase().replace(/_/g, "-")}`,
            source: { owner: "AWS", sourceIdentifier: rule },
            dependsOn: [this.recorder],
          },
        );
      }
    }
  }
}

/** A log delivery service's bucket ACL check and write permission, limited by `condition`. */
function deliveryStatements(
  sid: string,
  service: string,
  bucketArn: string,
  keyPattern: string,
  condition: Record<string, string>,
): PolicyStatement[] {
  return [
    {
      Sid: `${sid}AclCheck`,
      Effect: "Allow",
      Principal: { Service: service },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: { StringEquals: condition },
    },
    {
      Sid: `${sid}Write`,
      Effect: "Allow",
      Principal: { Service: service },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${keyPattern}`,
      Condition: { StringEquals: condition },
    },
  ];
}
