import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { EncryptionKey } from "../security/encryption-key";

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
    const recoveryWindowDays = props.recoveryWindowDays ?? 30;
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
    if (
      recoveryWindowDays !== 0 &&
      !(
        Number.isInteger(recoveryWindowDays) &&
        recoveryWindowDays >= 7 &&
        recoveryWindowDays <= 30
      )
    ) {
      throw new Error(
        `DataSourceSecrets ${id}: recoveryWindowDays = ${recoveryWindowDays}: must be 0 or 7-30`,
      );
    }
    for (const name of Object.keys(props.dataSources)) {
      if (!/^[a-z][a-z0-9-]*$/.test(name))
        throw new Error(
          `DataSourceSecrets ${id}: data source "${name}": must be lower-case letters, digits and dashes`,
        );
    }
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
        description: `API key of ${description}; value set with aws secretsmanager put-secret-value`,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: recoveryWindowDays,
      });
    }
    this.secrets = secrets;
  }
}
