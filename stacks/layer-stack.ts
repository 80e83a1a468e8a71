import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig, StateSettings } from "../config";
import { LockedS3Backend } from "../modules/state/locked-s3-backend";
import { BootstrapStack } from "./bootstrap-stack";

/** Properties every environment stack takes. */
export interface LayerStackProps {
  /** The validated settings of this stack's environment. */
  readonly environment: EnvironmentConfig;
  /** Where the stack's state lives. */
  readonly state: StateSettings;
}

/**
 * Base of every `financial-pipeline-<environment>-<layer>` stack: the AWS
 * provider pinned to the environment's account and region with its tags as
 * `default_tags`, and the remote state backend.
 */
export abstract class LayerStack extends TerraformStack {
  public readonly environment: EnvironmentConfig;
  public readonly provider: AwsProvider;
  /** Key of the stack's state in the state bucket (backend `s3`): `<environment>/<stack>.tfstate`. */
  public readonly stateKey: string;

  /** Stack name of a layer of an environment: `financial-pipeline-production-vpc`. */
  public static stackName(
    environment: EnvironmentConfig,
    layer: string,
  ): string {
    return `${environment.project}-${environment.name}-${layer}`;
  }

  /** Key of a stack's state in the bucket: one folder per environment, one file per stack. */
  public static stateKey(
    environment: EnvironmentConfig,
    stackName: string,
  ): string {
    return `${environment.name}/${stackName}.tfstate`;
  }

  constructor(scope: Construct, layer: string, props: LayerStackProps) {
    const name = LayerStack.stackName(props.environment, layer);
    super(scope, name);
    this.environment = props.environment;
    this.provider = new AwsProvider(this, "aws", {
      region: props.environment.region,
      // Production settings can never be applied with another account's credentials.
      allowedAccountIds: [props.environment.accountId],
      defaultTags: [{ tags: { ...props.environment.tags, Stack: name } }],
    });
    this.stateKey = LayerStack.stateKey(props.environment, name);
    this.createBackend(name, props);
  }

  // ------------------------------------------------------------ backend
  /**
   * The remote backend: S3 (the bootstrap's bucket, reached through the
   * environment's state access role) or a Terraform Cloud workspace named
   * after the stack. Cross-stack references read the producer's state through
   * the same backend (cdktf's `terraform_remote_state`).
   */
  private createBackend(name: string, props: LayerStackProps): void {
    const state = props.state;
    if (state.backend === "cloud") {
      // A named workspace per stack: cross-stack references need names, not tags.
      new CloudBackend(this, {
        organization: state.cloudOrganization!,
        workspaces: new NamedCloudWorkspace(name, state.cloudProject),
      });
      return;
    }
    new LockedS3Backend(this, {
      bucket: state.bucket!,
      key: this.stateKey,
      region: state.region,
      encrypt: true,
      kmsKeyId: state.kmsKeyAlias,
      locking: state.locking,
      lockTable: state.lockTable,
      // State lives in the state account: this environment's role there reaches only its own files.
      assumeRole: {
        roleArn: BootstrapStack.accessRoleArn(state, props.environment.name),
      },
    });
  }
}
