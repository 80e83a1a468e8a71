import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig, StateSettings } from "../config";

/** Properties every environment stack takes. */
export interface PipelineStackProps {
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
export abstract class PipelineStack extends TerraformStack {
  public readonly environment: EnvironmentConfig;
  public readonly provider: AwsProvider;

  /** Stack name of a layer of an environment: `financial-pipeline-production-vpc`. */
  public static stackName(environment: EnvironmentConfig, layer: string): string {
    return `${environment.project}-${environment.name}-${layer}`;
  }

  constructor(scope: Construct, layer: string, props: PipelineStackProps) {
    const name = PipelineStack.stackName(props.environment, layer);
    super(scope, name);
    this.environment = props.environment;
    this.provider = new AwsProvider(this, "aws", {
      region: props.environment.region,
      // Production settings can never be applied with another account's credentials.
      allowedAccountIds: [props.environment.accountId],
      defaultTags: [{ tags: { ...props.environment.tags, Stack: name } }],
    });
    new S3Backend(this, {
      bucket: props.state.bucket,
      key: `${props.environment.name}/${name}.tfstate`,
      region: props.state.region,
      encrypt: true,
      kmsKeyId: props.state.kmsKeyAlias,
      dynamodbTable: props.state.locking === "lockfile" ? undefined : props.state.lockTable,
    });
  }
}
