import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";
import { EncryptionKey } from "../security/encryption-key";
import { WORKLOAD_NAME_PATTERN } from "./scheduled-job";

const DEFAULT_RECOVERY_WINDOW_DAYS = 30;
/** What the secret's description adds around the data source's own. */
const describe = (description: string) =>
  `API key of ${description}; value set with aws secretsmanager put-secret-value`;
/** Longest secret description Secrets Manager accepts. */
const MAX_DESCRIPTION = 2048;

/** Properties of {@link DataSourceSecrets}. */
export interface DataSourceSecretsProps {
  /** Prefix of the secret names and the key alias, e.g. `financial-pipeline-production`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Data source name → description of its secret. */
  readonly dataSources: Readonly<Record<string, string>>;
  /**
   * Days a deleted secret can be restored; 0 deletes it at once.
   * @default 30
   */
  readonly recoveryWindowDays?: number;
}

/**
 * Checks {@link DataSourceSecretsProps} as Secrets Manager would, and the
 * data source names (they end up in secret, role and alarm names). Props
 * left undefined (their default applies) are skipped.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
export function checkDataSourceSecretsProps(
  report: PropReport,
  props: Partial<DataSourceSecretsProps>,
): void {
  const checks = new PropChecks(report);
  for (const [name, description] of Object.entries(props.dataSources ?? {})) {
    checks.matches(
      `dataSources.${name}`,
      name,
      WORKLOAD_NAME_PATTERN,
      "must be 2-18 lower-case letters, digits and dashes, starting with a letter",
    );
    checks.check(
      `dataSources.${name}.description`,
      description,
      (d) =>
        typeof d === "string" &&
        d.length > 0 &&
        describe(d).length <= MAX_DESCRIPTION,
      `must say what the source is (its secret's description is at most ${MAX_DESCRIPTION} characters)`,
    );
  }
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
  checks.check(
    "recoveryWindowDays",
    props.recoveryWindowDays,
    (days) => days === 0 || (Number.isInteger(days) && days >= 7 && days <= 30),
    "must be 0 or 7-30 (0 deletes at once)",
  );
}

/**
 * One Secrets Manager secret per data source (`<prefix>/data-sources/<name>`),
 * encrypted with a customer-managed key of its own. The stack creates the
 * secrets, never their values: an operator sets each key with
 * `aws secretsmanager put-secret-value` (docs/workloads.md), so no API key
 * is ever in the code, the plan or the state.
 */
export class DataSourceSecrets extends Construct {
  public readonly key: EncryptionKey;
  /** ARN of the key; readers need `kms:Decrypt` through Secrets Manager on it. */
  public readonly keyArn: string;
  /** The secrets by data source name. */
  public readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;

  /** Name of a data source's secret. */
  public static secretName(namePrefix: string, dataSource: string): string {
    return `${namePrefix}/data-sources/${dataSource}`;
  }

  constructor(scope: Construct, id: string, props: DataSourceSecretsProps) {
    super(scope, id);
    const recoveryWindowDays =
      props.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
    checkDataSourceSecretsProps(throwOnBadProp(`DataSourceSecrets ${id}`), {
      ...props,
      recoveryWindowDays,
    });
    // Key policy: the account's IAM only; readers get kms:Decrypt through
    // Secrets Manager in their own policies (kms:ViaService).
    this.key = new EncryptionKey(this, "key", {
      aliasName: `${props.namePrefix}-data-sources`,
      description: `${props.namePrefix}: data-source API keys in Secrets Manager`,
      accountId: props.accountId,
      region: props.region,
    });
    this.keyArn = this.key.arn;
    const secrets: Record<string, SecretsmanagerSecret> = {};
    for (const [name, description] of Object.entries(props.dataSources).sort(
      ([a], [b]) => a.localeCompare(b),
    )) {
      secrets[name] = new SecretsmanagerSecret(this, `secret-${name}`, {
        name: DataSourceSecrets.secretName(props.namePrefix, name),
        description: describe(description),
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: recoveryWindowDays,
      });
    }
    this.secrets = secrets;
  }
}
