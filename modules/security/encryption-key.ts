import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { accountRoot, policyDocument, PolicyStatement } from "./policy";

/** Properties of an {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `financial-pipeline-production-logs`. */
  readonly aliasName: string;
  readonly description: string;
  /** Account that owns the key; its IAM administers it. */
  readonly accountId: string;
  readonly region: string;
  /**
   * Let CloudWatch Logs encrypt log groups of this account and region.
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Services that may use the key through SNS (CloudWatch alarms publishing to
   * an encrypted topic), e.g. `cloudwatch.amazonaws.com`.
   * @default - none
   */
  readonly publishingServices?: readonly string[];
  /**
   * Extra statements for the key policy (e.g. grants through a named service).
   * @default - none
   */
  readonly additionalStatements?: readonly PolicyStatement[];
  /**
   * Waiting period before a deleted key is gone, days (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * AWS provider the key and its alias are created with, e.g. an aliased
   * provider of another region.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Checks {@link EncryptionKeyProps}: a deletion window KMS accepts. */
export function checkEncryptionKeyProps(
  report: PropReport,
  props: Partial<EncryptionKeyProps>,
): void {
  new PropChecks(report).wholeNumber(
    "deletionWindowDays",
    props.deletionWindowDays,
    7,
    30,
  );
}

/**
 * A customer-managed KMS key with yearly rotation, an alias and a key policy
 * that grants the account's IAM administration and each named service only
 * the use it needs.
 */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;
  /** ARN of the key. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    checkEncryptionKeyProps(throwOnBadProp(`EncryptionKey ${id}`), props);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    const statements: PolicyStatement[] = [
      {
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: accountRoot(props.accountId) },
        Action: "kms:*",
        Resource: "*",
      },
    ];
    if (props.allowCloudWatchLogs) {
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
      statements.push({
        Sid: "CloudWatchLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${props.region}.amazonaws.com` },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${props.region}:${props.accountId}:log-group:*`,
          },
        },
      });
    }
    for (const service of props.publishingServices ?? []) {
      // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      statements.push({
        Sid: `Publish${service.split(".")[0].replace(/^./, (c) => c.toUpperCase())}`,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      });
    }
    statements.push(...(props.additionalStatements ?? []));

    this.key = new KmsKey(this, "key", {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      policy: policyDocument(statements),
    });
    this.alias = new KmsAlias(this, "alias", {
      provider: props.provider,
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
  }
}
