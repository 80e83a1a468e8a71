import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import {
  ContainerRegistry,
  ContainerRegistryProps,
} from "../../../modules/container/container-registry";
import { listOf, parse } from "../../support/synth";

function synthRegistry(
  overrides: Partial<ContainerRegistryProps> = {},
): string {
  return Testing.synthScope((scope) => {
    new ContainerRegistry(scope, "registry", {
      repositoryName: "team-api",
      ...overrides,
    });
  });
}

describe("ContainerRegistry", () => {
  it("GIVEN a name WHEN synthesized THEN the repository scans every pushed image", () => {
    expect(synthRegistry()).toHaveResourceWithProperties(EcrRepository, {
      name: "team-api",
      image_scanning_configuration: { scan_on_push: true },
    });
  });

  it("GIVEN a name WHEN synthesized THEN tags are immutable", () => {
    expect(synthRegistry()).toHaveResourceWithProperties(EcrRepository, {
      image_tag_mutability: "IMMUTABLE",
    });
  });

  it("GIVEN no key WHEN synthesized THEN images are KMS-encrypted with the AWS-managed key", () => {
    const [repository] = listOf(parse(synthRegistry()), "aws_ecr_repository");
    expect(repository.encryption_configuration).toEqual([
      { encryption_type: "KMS" },
    ]);
  });

  it("GIVEN a customer-managed key WHEN synthesized THEN images are encrypted with it", () => {
    const key = "arn:aws:kms:af-south-1:123456789012:key/abc";
    const [repository] = listOf(
      parse(synthRegistry({ kmsKeyArn: key })),
      "aws_ecr_repository",
    );
    expect(repository.encryption_configuration).toEqual([
      { encryption_type: "KMS", kms_key: key },
    ]);
  });

  it("GIVEN keepImages 12 WHEN synthesized THEN the lifecycle policy expires all but the 12 most recent images", () => {
    const [lifecycle] = listOf(
      parse(synthRegistry({ keepImages: 12 })),
      "aws_ecr_lifecycle_policy",
    );
    expect(JSON.parse(lifecycle.policy).rules).toEqual([
      expect.objectContaining({
        selection: {
          tagStatus: "any",
          countType: "imageCountMoreThan",
          countNumber: 12,
        },
        action: { type: "expire" },
      }),
    ]);
  });

  it("GIVEN the defaults WHEN synthesized THEN Terraform refuses to destroy a repository with images (force_delete off)", () => {
    expect(synthRegistry()).toHaveResourceWithProperties(EcrRepository, {
      force_delete: false,
    });
  });

  it("GIVEN forceDelete WHEN synthesized THEN Terraform may delete the repository with its images", () => {
    expect(synthRegistry({ forceDelete: true })).toHaveResourceWithProperties(
      EcrRepository,
      { force_delete: true },
    );
  });

  it("GIVEN keepImages 0 WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthRegistry({ keepImages: 0 })).toThrow(/keepImages = 0/);
  });

  it("GIVEN an upper-case name WHEN constructed THEN it throws naming the prop", () => {
    expect(() => synthRegistry({ repositoryName: "Team-API" })).toThrow(
      /repositoryName = "Team-API"/,
    );
  });
});
