/**
 * The CDN (modules/cdn, on in the `scale-out` profile) applied on moto: the
 * zone, the us-east-1 certificate and its validation, the private bucket
 * with its policy, the origin access control, the distribution, the alias
 * records to it, and a load balancer group's rule admitting CloudFront's
 * origin-facing prefix list (moto's own id for it, as the configuration
 * would name AWS's). Then a second plan (only the gap list's changes
 * allowed) and a destroy. The lifecycle applies the checked-in
 * configuration, where the CDN is off; this is the CDN's emulator proof.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { App, LocalBackend, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { ContentDelivery } from "../../modules/cdn";
import { AliasRecords, PublicZone } from "../../modules/edge";
import { emulatorOverride, OVERRIDE_FILE } from "../../tools/emulator/redirect";
import {
  awsEnv,
  awsJson,
  motoReady,
  MotoServer,
  ROOT_CREDENTIALS,
  startMoto,
} from "../../tools/emulator/moto";
import { runTerraform, terraformEnv } from "../../tools/terraform";
import { scratchDir } from "../integration/emulated-terraform";
import { terraformReady } from "../support/plan";
import { Replan, replan } from "../support/replan";

const ready = terraformReady() && motoReady();
const describeOnMoto = ready ? describe : describe.skip;
const DOMAIN = "api.production.pipeline.example.com";

/** The CDN's parts in one stack with a local backend, synthesized into `dir`. */
function synthCdnStack(dir: string, prefixListId: string): string {
  const app = new App({ outdir: path.join(dir, "out"), skipValidation: true });
  const stack = new TerraformStack(app, "cdn");
  new LocalBackend(stack, { path: path.join(dir, "terraform.tfstate") });
  new AwsProvider(stack, "aws", { region: "af-south-1" });
  const usEast1 = new AwsProvider(stack, "aws-us-east-1", {
    alias: "us_east_1",
    region: "us-east-1",
  });
  const zone = new PublicZone(stack, "zone", {
    zoneName: "production.pipeline.example.com",
  });
  const cdn = new ContentDelivery(stack, "cdn", {
    name: "financial-pipeline-production",
    domainName: DOMAIN,
    zoneId: zone.zoneId,
    certificateProvider: usEast1,
    apiOriginDomainName: "alb-1.af-south-1.elb.amazonaws.com",
    staticBucketName: "financial-pipeline-production-static-cdn-test",
  });
  new AliasRecords(stack, "alias-records", {
    zoneId: zone.zoneId,
    name: DOMAIN,
    targetDnsName: cdn.dnsName,
    targetZoneId: cdn.hostedZoneId,
    evaluateTargetHealth: false,
  });
  const group = new SecurityGroup(stack, "alb", {
    name: "financial-pipeline-production-alb",
    description: "Load balancer: CloudFront only",
  });
  new VpcSecurityGroupIngressRule(stack, "from-cloudfront", {
    securityGroupId: group.id,
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    prefixListId,
  });
  app.synth();
  const stackDir = path.join(dir, "out", "stacks", "cdn");
  const json = JSON.parse(
    fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
  );
  fs.writeFileSync(
    path.join(stackDir, OVERRIDE_FILE),
    JSON.stringify(emulatorOverride(json), null, 2),
  );
  return stackDir;
}

describeOnMoto("the CDN on moto", () => {
  let moto: MotoServer;
  let env: NodeJS.ProcessEnv;
  let stackDir: string;
  const seen: { apply?: string; replan?: Replan; destroy?: string } = {};

  beforeAll(async () => {
    moto = await startMoto();
    env = awsEnv(moto.endpoint, ROOT_CREDENTIALS, terraformEnv());
    const lists = await awsJson<{
      PrefixLists: { PrefixListId: string; PrefixListName: string }[];
    }>(
      [
        "ec2",
        "describe-managed-prefix-lists",
        "--filters",
        "Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing",
      ],
      env,
    );
    stackDir = synthCdnStack(
      scratchDir("cdn-on-moto"),
      lists.PrefixLists[0].PrefixListId,
    );
    /** Runs a terraform command; "" when it succeeded, else its output. */
    const failureOf = async (...args: string[]) => {
      const r = await terraformIn([...args, "-input=false", "-no-color"]);
      return r.code === 0 ? "" : r.stdout + r.stderr;
    };
    const init = await failureOf("init");
    if (init !== "") throw new Error(init);
    seen.apply = await failureOf("apply", "-auto-approve");
    if (seen.apply !== "") return;
    seen.replan = await replan("cdn", stackDir, env);
    seen.destroy = await failureOf("destroy", "-auto-approve");
  }, 600_000);

  afterAll(async () => {
    await moto?.stop();
  });

  /** Terraform in the stack's folder, against moto. */
  const terraformIn = (args: string[]) =>
    runTerraform(args, { cwd: stackDir, env, timeoutMs: 300_000 });

  it("GIVEN the CDN's parts WHEN applied on moto THEN the apply succeeds", () => {
    expect(seen.apply).toBe("");
  });

  it("GIVEN the applied CDN WHEN planned again THEN nothing changes but what the gap list names", () => {
    expect(seen.replan?.error).toBeUndefined();
    expect(seen.replan?.unexpected).toEqual([]);
  });

  it("GIVEN the applied CDN WHEN destroyed THEN the destroy succeeds", () => {
    expect(seen.destroy).toBe("");
  });
});
