import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";

/** Images kept by the lifecycle policy when no count is given. */
export const DEFAULT_KEEP_IMAGES = 30;

/** Properties of a {@link ContainerRegistry}. */
export interface ContainerRegistryProps {
  /** Repository name, e.g. `financial-pipeline-production-api`. */
  readonly repositoryName: string;
  /**
   * The lifecycle policy keeps this many most recent images and expires older ones.
   * @default 30
   */
  readonly keepImages?: number;
  /**
   * Customer-managed KMS key (ARN) that encrypts the images.
   * @default - the AWS-managed `aws/ecr` key (KMS encryption, no key policy to maintain)
   */
  readonly kmsKeyArn?: string;
  /**
   * Let Terraform delete the repository while it still holds images
   * (`force_delete`), so that the stack can be destroyed and rebuilt.
   * @default false
   */
  readonly forceDelete?: boolean;
}

/**
 * A private ECR repository for one service's images: scanned on push, tags
 * immutable (a tag always names the same image, so a task definition
 * revision is reproducible), KMS-encrypted, and trimmed to the last N images.
 */
export class ContainerRegistry extends Construct {
  public readonly repository: EcrRepository;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: the `docker push` target. */
  public readonly repositoryUrl: string;
  public readonly repositoryArn: string;
  public readonly repositoryName: string;
  /** Number of images the lifecycle policy keeps. */
  public readonly keepImages: number;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    this.keepImages = props.keepImages ?? DEFAULT_KEEP_IMAGES;
    if (!Number.isInteger(this.keepImages) || this.keepImages < 1) {
      throw new Error(
        `ContainerRegistry ${id}: keepImages = ${this.keepImages}: must be a whole number of at least 1`,
      );
    }
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-create.html (name rules)
    if (
      !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(
        props.repositoryName,
      ) ||
      props.repositoryName.length > 256
    ) {
      throw new Error(
        `ContainerRegistry ${id}: repositoryName = "${props.repositoryName}": must be lower-case letters, digits and ._-/ separators`,
      );
    }

    this.repository = new EcrRepository(this, "repository", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [
        { encryptionType: "KMS", kmsKey: props.kmsKeyArn },
      ],
      // Off: destroying the stack fails while images remain, which makes
      // deleting them a deliberate act.
      forceDelete: props.forceDelete ?? false,
    });
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
    new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Keep the ${this.keepImages} most recent images`,
            selection: {
              tagStatus: "any",
              countType: "imageCountMoreThan",
              countNumber: this.keepImages,
            },
            action: { type: "expire" },
          },
        ],
      }),
    });
    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
    this.repositoryName = this.repository.name;
  }
}
