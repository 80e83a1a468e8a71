import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import { ENVIRONMENT_NAMES, EnvironmentName, StateSettings } from "../config";
import { LockedS3Backend } from "../modules/state/locked-s3-backend";
import { StateAccessRole, StateBackend } from "../modules/state";

/** The project root seen from `cdktf.out` at the project root. */
const DEFAULT_PROJECT_ROOT_FROM_OUTDIR = "..";

/** Properties of the {@link BootstrapStack}. */
export interface BootstrapStackProps {
  /** The validated state settings. */
  readonly state: StateSettings;
  /**
   * Where the project root is, as a path relative to the output folder
   * (`cdktf.out`): the bootstrap's local state file lives there, wherever the
   * output folder is. Relative, so that no absolute machine path is
   * synthesized; see {@link BootstrapStack.projectRootFromOutdir}.
   * @default ".." (the output folder is `cdktf.out` at the project root)
   */
  readonly projectRootFromOutdir?: string;
}

/**
 * `<project>-bootstrap` (`financial-pipeline-bootstrap`), one per state
 * account: what every other stack's backend needs before it can be
 * initialized — the state bucket, its KMS key, the lock table, and one state
 * access role per environment. The equivalent of `cdk bootstrap`.
 *
 * Its own state starts as a local file (the bucket does not exist before its
 * first apply) and moves into the bucket once it exists: `bootstrapState`
 * "s3" plus `terraform init -migrate-state` (README "State").
 */
export class BootstrapStack extends TerraformStack {
  public readonly provider: AwsProvider;
  public readonly stateBackend: StateBackend;
  /** The state access role of each environment. */
  public readonly accessRoles: Readonly<
    Record<EnvironmentName, StateAccessRole>
  >;
  /** The read-only state role of each environment (pull-request plans, drift checks). */
  public readonly readRoles: Readonly<Record<EnvironmentName, StateAccessRole>>;

  /** The stack's name: `<project>-bootstrap`. */
  public static stackName(state: StateSettings): string {
    return `${state.project}-bootstrap`;
  }

  /** Name of an environment's state access role: `<project>-tfstate-<environment>`. */
  public static accessRoleName(
    state: StateSettings,
    environment: EnvironmentName,
  ): string {
    return `${state.project}-tfstate-${environment}`;
  }

  /** Name of an environment's read-only state role (plans, drift): `<project>-tfstate-<environment>-read`. */
  public static readRoleName(
    state: StateSettings,
    environment: EnvironmentName,
  ): string {
    return `${BootstrapStack.accessRoleName(state, environment)}-read`;
  }

  /** ARN of an environment's read-only state role. */
  public static readRoleArn(
    state: StateSettings,
    environment: EnvironmentName,
  ): string {
    return `arn:aws:iam::${state.accountId}:role/${BootstrapStack.readRoleName(state, environment)}`;
  }

  /** ARN of an environment's state access role (known before the role exists: backends need it). */
  public static accessRoleArn(
    state: StateSettings,
    environment: EnvironmentName,
  ): string {
    return `arn:aws:iam::${state.accountId}:role/${BootstrapStack.accessRoleName(state, environment)}`;
  }

  /**
   * Path of the bootstrap's local state file, relative to its synthesized
   * folder `<outdir>/stacks/<stack>/` (where Terraform runs): the project
   * root, where `rm -rf cdktf.out` cannot take it and `*.tfstate` keeps it
   * out of git. `projectRootFromOutdir` is the project root relative to the
   * output folder.
   */
  public static localStatePath(
    state: StateSettings,
    projectRootFromOutdir = DEFAULT_PROJECT_ROOT_FROM_OUTDIR,
  ): string {
    return path.posix.join(
      "../..",
      projectRootFromOutdir,
      `${BootstrapStack.stackName(state)}.tfstate`,
    );
  }

  /**
   * The project root relative to the output folder, with `/` separators, as
   * the app computes it at synth time (`app.outdir`, `process.cwd()`): ".."
   * for `cdktf.out`; with an output folder elsewhere, the way from there to
   * the project, the same for every synth into that folder.
   */
  public static projectRootFromOutdir(
    outdir: string,
    projectRoot: string,
  ): string {
    return path
      .relative(path.resolve(outdir), path.resolve(projectRoot))
      .split(path.sep)
      .join("/");
  }

  constructor(scope: Construct, props: BootstrapStackProps) {
    const state = props.state;
    const name = BootstrapStack.stackName(state);
    super(scope, name);
    const projectRootFromOutdir =
      props.projectRootFromOutdir ?? DEFAULT_PROJECT_ROOT_FROM_OUTDIR;
    if (
      path.isAbsolute(projectRootFromOutdir) ||
      /^[A-Za-z]:/.test(projectRootFromOutdir)
    ) {
      throw new Error(
        `BootstrapStack: projectRootFromOutdir = "${projectRootFromOutdir}": must be relative to the output folder (an absolute path would put a machine path into the synthesized JSON)`,
      );
    }
    if (state.backend !== "s3") {
      throw new Error(
        `BootstrapStack: state.backend = "${state.backend}": the bootstrap creates the S3 backend; it is not needed with "cloud"`,
      );
    }
    this.provider = new AwsProvider(this, "aws", {
      region: state.region,
      allowedAccountIds: [state.accountId],
      defaultTags: [{ tags: { ...state.tags, Stack: name } }],
    });

    // ------------------------------------------------------------ backend
    if (state.bootstrapState === "s3") {
      new LockedS3Backend(this, {
        bucket: state.bucket!,
        key: `bootstrap/${name}.tfstate`,
        region: state.region,
        encrypt: true,
        kmsKeyId: state.kmsKeyAlias,
        locking: state.locking,
        lockTable: state.lockTable,
      });
    } else {
      // An explicit relative path: cdktf's default is an absolute path of the synthesizing machine.
      new LocalBackend(this, {
        path: BootstrapStack.localStatePath(state, projectRootFromOutdir),
      });
    }

    // ---------------------------------------------------- bucket and table
    this.stateBackend = new StateBackend(this, "state", {
      bucketName: state.bucket!,
      kmsKeyAlias: state.kmsKeyAlias,
      accountId: state.accountId,
      region: state.region,
      lockTableName: state.lockTable,
      noncurrentVersionExpirationDays: state.noncurrentVersionExpirationDays,
    });

    // ------------------------------------------------------ access roles
    // Both roles of an environment reach the same state files: its own prefix.
    const reach = (environment: EnvironmentName) => ({
      trustedAccountIds: [state.environmentAccounts[environment]],
      bucketName: this.stateBackend.bucketName,
      bucketArn: this.stateBackend.bucketArn,
      keyPrefix: `${environment}/`,
      kmsKeyArn: this.stateBackend.kmsKeyArn,
      lockTableArn: this.stateBackend.lockTable?.arn,
    });
    const roles = {} as Record<EnvironmentName, StateAccessRole>;
    for (const environment of ENVIRONMENT_NAMES) {
      roles[environment] = new StateAccessRole(this, `access-${environment}`, {
        ...reach(environment),
        roleName: BootstrapStack.accessRoleName(state, environment),
      });
    }
    this.accessRoles = roles;
    const readRoles = {} as Record<EnvironmentName, StateAccessRole>;
    for (const environment of ENVIRONMENT_NAMES) {
      readRoles[environment] = new StateAccessRole(
        this,
        `read-${environment}`,
        {
          ...reach(environment),
          roleName: BootstrapStack.readRoleName(state, environment),
          readOnly: true,
        },
      );
    }
    this.readRoles = readRoles;

    // ------------------------------------------------------------ outputs
    new TerraformOutput(this, "state-bucket", {
      value: this.stateBackend.bucketName,
      description: "State bucket",
    });
    new TerraformOutput(this, "state-kms-key-arn", {
      value: this.stateBackend.kmsKeyArn,
      description: "KMS key of the state",
    });
    if (this.stateBackend.lockTable) {
      new TerraformOutput(this, "lock-table", {
        value: this.stateBackend.lockTable.name,
        description: "DynamoDB lock table",
      });
    }
    for (const environment of ENVIRONMENT_NAMES) {
      new TerraformOutput(this, `access-role-arn-${environment}`, {
        value: roles[environment].roleArn,
        description: `Role the ${environment} stacks' backend assumes`,
      });
      new TerraformOutput(this, `read-role-arn-${environment}`, {
        value: readRoles[environment].roleArn,
        description: `Read-only state role of ${environment} (plans, drift checks)`,
      });
    }
  }
}

/**
 * Creates the bootstrap stack when the state lives in S3; with Terraform
 * Cloud there is nothing to bootstrap and it returns undefined.
 */
export function createBootstrapStack(
  scope: Construct,
  state: StateSettings,
  options: Omit<BootstrapStackProps, "state"> = {},
): BootstrapStack | undefined {
  return state.backend === "s3"
    ? new BootstrapStack(scope, { ...options, state })
    : undefined;
}
