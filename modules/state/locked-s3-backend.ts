import {
  DataTerraformRemoteStateS3,
  S3Backend,
  S3BackendConfig,
  TerraformRemoteState,
} from "cdktf";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/**
 * How the state is locked: an S3 lock file beside the state (`use_lockfile`,
 * Terraform >= 1.10), the DynamoDB table (deprecated since Terraform 1.11),
 * or both at once.
 */
export type S3LockMode = "dynamodb" | "lockfile" | "both";

/** Properties of a {@link LockedS3Backend}: cdktf's S3 backend settings plus a lock mode. */
export interface LockedS3BackendProps
  extends Omit<S3BackendConfig, "dynamodbTable"> {
  /** How Terraform locks the state. */
  readonly locking: S3LockMode;
  /**
   * DynamoDB lock table; required when `locking` is `dynamodb` or `both`.
   * @default - none
   */
  readonly lockTable?: string;
}

/** Checks that a lock mode with a table names one. */
export function checkLockedS3BackendProps(
  report: PropReport,
  props: Partial<Pick<LockedS3BackendProps, "locking" | "lockTable">>,
): void {
  const withTable = props.locking === "dynamodb" || props.locking === "both";
  if (withTable && !props.lockTable) {
    new PropChecks(report).fail(
      "lockTable",
      props.lockTable,
      `is required when locking is "${props.locking}"`,
    );
  }
}

/**
 * cdktf's S3 backend with a lock mode, including S3-native locking
 * (`use_lockfile`), which cdktf 0.21's `S3BackendConfig` has no field for.
 *
 * Stacks that read this stack's outputs get a `terraform_remote_state`
 * without the lock settings: reading state takes no lock, and with
 * `dynamodb_table` in it Terraform 1.11 prints a "Deprecated Parameter"
 * warning for every such data source (three per data source per plan,
 * measured with 1.11.4).
 */
export class LockedS3Backend extends S3Backend {
  private readonly readConfig: S3BackendConfig;
  private readonly useLockfile: boolean;

  constructor(scope: Construct, props: LockedS3BackendProps) {
    const { locking, lockTable, ...connection } = props;
    checkLockedS3BackendProps(throwOnBadProp("LockedS3Backend"), props);
    const withTable = locking === "dynamodb" || locking === "both";
    super(scope, {
      ...connection,
      ...(withTable ? { dynamodbTable: lockTable } : {}),
    });
    this.useLockfile = locking === "lockfile" || locking === "both";
    // Reading needs neither the lock table nor its endpoint.
    const readEndpoints = connection.endpoints
      ? { ...connection.endpoints, dynamodb: undefined }
      : undefined;
    this.readConfig = {
      ...connection,
      dynamodbEndpoint: undefined,
      endpoints: readEndpoints,
    };
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      ...super.synthesizeAttributes(),
      ...(this.useLockfile ? { use_lockfile: true } : {}),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      ...super.synthesizeHclAttributes(),
      ...(this.useLockfile ? { use_lockfile: true } : {}),
    };
  }

  public getRemoteStateDataSource(
    scope: Construct,
    name: string,
  ): TerraformRemoteState {
    return new DataTerraformRemoteStateS3(scope, name, {
      ...this.readConfig,
      // cdktf's own choice: the consumer reads the producer's state of the same workspace.
      workspace: "${terraform.workspace}",
    });
  }
}
