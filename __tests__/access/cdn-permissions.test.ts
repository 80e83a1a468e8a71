/**
 * The deploy role against an environment with the CDN on (the `scale-out`
 * profile): the checked-in configuration has it off everywhere, so the
 * coverage test of ci-roles.test.ts never sees the CloudFront types, nor
 * the viewer certificate's region.
 */
import { PIPELINE_CONFIG } from "../../config";
import { applyProfile } from "../../config/profiles";
import {
  COVERED_ELSEWHERE,
  GLOBAL_REQUEST_REGION,
  RESOURCE_PERMISSIONS,
} from "../../modules/delivery";
import { CiStack } from "../../stacks/ci-stack";
import { synthEnvironmentStacks } from "../support/environment-synth";

const scaleOut = applyProfile(PIPELINE_CONFIG, "scale-out");

describe("the permission table with the CDN on", () => {
  it("GIVEN production with the CDN on WHEN each stack's resource types are listed THEN the table covers the CloudFront types as global ones", () => {
    const stacks = synthEnvironmentStacks(scaleOut, "production");
    const types = Object.values(stacks).flatMap((s) => [
      ...Object.keys(s.resource ?? {}),
      ...Object.keys(s.data ?? {}),
    ]);
    expect(types.filter((t) => t.startsWith("aws_cloudfront")).sort()).toEqual([
      "aws_cloudfront_distribution",
      "aws_cloudfront_origin_access_control",
    ]);
    expect(
      types.filter(
        (t) => !(t in RESOURCE_PERMISSIONS) && !COVERED_ELSEWHERE.includes(t),
      ),
    ).toEqual([]);
    expect([
      RESOURCE_PERMISSIONS.aws_cloudfront_distribution.global,
      RESOURCE_PERMISSIONS.aws_cloudfront_origin_access_control.global,
    ]).toEqual([true, true]);
    expect(GLOBAL_REQUEST_REGION).toBe("us-east-1");
  });

  it("GIVEN the CDN on WHEN the deploy role's regions are read THEN us-east-1 (the viewer certificate's) joins the environment's; off, it does not", () => {
    const production = scaleOut.environments.production;
    expect(CiStack.deployRegions(production)).toEqual([
      production.region,
      ...(production.database.drRegion ? [production.database.drRegion] : []),
      "us-east-1",
    ]);
    expect(
      CiStack.deployRegions(PIPELINE_CONFIG.environments.production),
    ).not.toContain("us-east-1");
  });
});
