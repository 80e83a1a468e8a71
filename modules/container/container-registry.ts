import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Construct } from "constructs";
import { PropChecks, PropReport, throwOnBadProp } from "../core/prop-checks";

/** Images kept by the lifecycle policy when no count is given. */
export const DEFAULT_KEEP_IMAGES = 30;

/** Image tags Docker and ECR accept: https://docs.docker.com/reference/cli/docker/image/tag/ */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-create.html (name rules)
const REPOSITORY_NAME =
  /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

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

/** Checks the name and image count of {@link ContainerRegistryProps}. */
export function checkContainerRegistryProps(
  report: PropReport,
  props: Partial<ContainerRegistryProps>,
): void {
  const checks = new PropChecks(report);
  checks.wholeNumber("keepImages", props.keepImages, 1);
  checks.matches(
    "repositoryName",
    props.repositoryName,
    REPOSITORY_NAME,
    "must be lower-case letters, digits and ._-/ separators",
  );
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
    checkContainerRegistryProps(throwOnBadProp(`ContainerRegistry ${id}`), {
      ...props,
      keepImages: this.keepImages,
    });

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
