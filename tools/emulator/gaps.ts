/**
 * THE list of what moto 5.2.1 cannot do for these stacks: the one place
 * where the emulated lifecycle is allowed to differ from AWS. Every entry
 * names the resource (and attributes), the moto limitation, and how the
 * emulated run works around it; and carries a probe that checks, against
 * plain moto (no shims), that the limitation is still there.
 * `__tests__/tools/emulator/gaps.test.ts` runs every probe in `npm test`:
 * once moto fixes a gap, its probe reports it gone and the test fails, so
 * the entry (and its workaround) is removed and the list only shrinks.
 *
 * Kinds, and what the emulated run does about them:
 *  - `shim`: moto lacks (or mis-answers) a call the provider makes; a few
 *    lines in tools/emulator/moto_server.py fill it in (section named by id).
 *  - `left-out`: moto cannot create the resource at all; the emulated copy
 *    gives it `count = 0` (redirect.ts), so it is proven by plan only.
 *  - `idempotency`: moto does not store or return an attribute as AWS does,
 *    so the second plan shows a change; the re-plan test allows exactly
 *    these (type + attributes) and nothing else.
 *  - `destroy`: moto refuses a delete AWS accepts; the emulated destroy
 *    removes the resource from state first (`terraform state rm`), and the
 *    leftover check through the API still runs.
 *  - `not-enforced`: moto accepts what AWS would refuse; nothing is worked
 *    around, the tests check the result through the API instead.
 *  - `listed-after-delete`: moto still lists a deleted resource where AWS
 *    lists it no more; the leftover check (leftovers.ts) reads its status
 *    and counts it only while it is not deleted.
 *
 * Probes are Python, run by tools/emulator/probe_gaps.py, each in a fresh
 * `mock_aws()`: `aws(service, region="af-south-1")` is a boto3 client; set
 * `present = True` while the gap is there. A probe that raises is an error,
 * never "still present".
 */
import { spawn } from "child_process";
import * as path from "path";
import { pythonBinary } from "./moto";

/** What the emulated run does about a gap (see the module comment). */
export type GapKind =
  | "shim"
  | "left-out"
  | "idempotency"
  | "destroy"
  | "not-enforced"
  | "listed-after-delete";

/** One thing moto 5.2.1 does differently from AWS. */
export interface Gap {
  /** Stable id; for shims, the section name in moto_server.py (`shim:<id>`). */
  readonly id: string;
  readonly kind: GapKind;
  /** The Terraform resource type concerned (or the API call, for a shim). */
  readonly resource: string;
  /**
   * Attributes that differ (idempotency gaps: exactly those may show in a
   * second plan).
   * @default - the whole resource
   */
  readonly attributes?: readonly string[];
  /**
   * Idempotency gaps: the change is a replacement (delete, create) forced by
   * `attributes`; the plan then also lists every attribute known only after
   * create.
   * @default false
   */
  readonly replaces?: boolean;
  /** What moto does, measured. */
  readonly limitation: string;
  /** Python probe against plain moto; sets `present`. */
  readonly probe: string;
}

const NOT_IMPLEMENTED = (call: string) =>
  `
try:
    ${call}
    present = False
except NotImplementedError as error:
    present, detail = True, str(error)
`;

/** Every gap, grouped by kind. */
export const GAPS: readonly Gap[] = [
  // ------------------------------------------------------------- shims
  {
    id: "application-autoscaling-tags",
    kind: "shim",
    resource:
      "application-autoscaling ListTagsForResource / TagResource / UntagResource (aws_appautoscaling_target)",
    limitation:
      "not implemented (HTTP 500); the provider lists tags after RegisterScalableTarget, so aws_appautoscaling_target cannot be created",
    probe: NOT_IMPLEMENTED(
      'aws("application-autoscaling").list_tags_for_resource(ResourceARN="arn:aws:application-autoscaling:af-south-1:123456789012:scalable-target/0")',
    ),
  },
  {
    id: "cloudtrail-logging-by-arn",
    kind: "shim",
    resource: "cloudtrail StartLogging / StopLogging by ARN (aws_cloudtrail)",
    limitation:
      "the trail is looked up by name only (KeyError, HTTP 500); the provider passes the trail's ARN",
    probe: `
aws("s3").create_bucket(Bucket="trail", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
arn = aws("cloudtrail").create_trail(Name="trail", S3BucketName="trail")["TrailARN"]
aws("cloudtrail").start_logging(Name="trail")  # by name: works
try:
    aws("cloudtrail").start_logging(Name=arn)
    present = False
except Exception as error:
    present, detail = True, repr(error)[:200]
`,
  },
  {
    id: "policy-condition-key-absent",
    kind: "shim",
    resource:
      "policy evaluation (aws_s3_bucket_policy of the state bucket: DenyInsecureTransport)",
    limitation:
      "a Condition on a context key the request does not carry (or with an operator moto cannot evaluate, e.g. Bool) counts as met, so the state bucket's Deny-unless-TLS statement denies every request; in IAM the statement would not apply. The shim makes such statements not apply, so TLS-only is proven by plan only",
    probe: `
s3 = aws("s3")
s3.create_bucket(Bucket="probe-bucket", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
s3.put_bucket_policy(Bucket="probe-bucket", Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::probe-bucket/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"nobody"}}}]}')
try:
    s3.put_object(Bucket="probe-bucket", Key="k", Body=b"x")
    present = False
except Exception as error:
    present, detail = "403" in repr(error) or "AccessDenied" in repr(error), repr(error)[:200]
`,
  },
  {
    id: "ecs-run-task-task-level-memory",
    kind: "shim",
    resource:
      "ecs RunTask of a Fargate task definition with task-level memory only (npm run migrate: the migration task of financial-pipeline-<env>-jobs)",
    limitation:
      "RunTask adds up the containers' memory and fails (TypeError, HTTP 500) when a container sets neither memory nor memoryReservation, which Fargate allows when the task sets memory; every task definition here does so",
    probe: `
ecs = aws("ecs")
ecs.create_cluster(clusterName="c")
ecs.register_task_definition(family="t", containerDefinitions=[{"name": "a", "image": "i"}],
    requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")
try:
    ecs.run_task(cluster="c", taskDefinition="t", launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}})
    present = False
except Exception as error:
    present, detail = "500" in repr(error) or "TypeError" in repr(error), repr(error)[:200]
`,
  },
  // ---------------------------------------------------------- left out
  {
    id: "rds-automated-backups-replication",
    kind: "left-out",
    resource: "aws_db_instance_automated_backups_replication",
    limitation:
      "StartDBInstanceAutomatedBackupsReplication is not implemented: production's cross-region backup copy cannot be created",
    probe: NOT_IMPLEMENTED(
      'aws("rds").start_db_instance_automated_backups_replication(SourceDBInstanceArn="arn:aws:rds:af-south-1:123456789012:db:x")',
    ),
  },
  // ------------------------------------------------------- idempotency
  {
    id: "rds-monitoring-performance-insights",
    kind: "idempotency",
    resource: "aws_db_instance",
    attributes: [
      "monitoring_interval",
      "monitoring_role_arn",
      "performance_insights_enabled",
      "performance_insights_kms_key_id",
      "performance_insights_retention_period",
    ],
    limitation:
      "CreateDBInstance accepts Enhanced Monitoring and Performance Insights settings and DescribeDBInstances returns none of them",
    probe: `
rds = aws("rds")
rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
    MasterUsername="u", ManageMasterUserPassword=True, MonitoringInterval=60, MonitoringRoleArn="arn:aws:iam::123456789012:role/m",
    EnablePerformanceInsights=True, PerformanceInsightsRetentionPeriod=7)
db = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]
present = db.get("MonitoringInterval") != 60 or db.get("PerformanceInsightsEnabled") is not True
detail = {k: db.get(k) for k in ("MonitoringInterval", "PerformanceInsightsEnabled")}
`,
  },
  {
    id: "rds-parameter-source",
    kind: "idempotency",
    resource: "aws_db_parameter_group",
    attributes: ["parameter"],
    limitation:
      "DescribeDBParameters ignores Source and returns no Source field, so the provider finds none of the group's user parameters on refresh",
    probe: `
rds = aws("rds")
rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
rds.modify_db_parameter_group(DBParameterGroupName="pg", Parameters=[{"ParameterName": "max_connections", "ParameterValue": "75", "ApplyMethod": "pending-reboot"}])
parameters = rds.describe_db_parameters(DBParameterGroupName="pg", Source="user")["Parameters"]
present = any("Source" not in p for p in parameters)
detail = parameters
`,
  },
  {
    id: "ecs-service-capacity-provider-strategy",
    kind: "idempotency",
    resource: "aws_ecs_service",
    attributes: ["capacity_provider_strategy"],
    replaces: true,
    limitation:
      "DescribeServices returns no capacityProviderStrategy (and launchType EC2) for a service created with one, so the provider plans to replace the service on every run",
    probe: `
ecs = aws("ecs")
ecs.create_cluster(clusterName="c", capacityProviders=["FARGATE_SPOT"])
ecs.register_task_definition(family="t", containerDefinitions=[{"name": "a", "image": "i", "memory": 512}],
    requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")
ecs.create_service(cluster="c", serviceName="s", taskDefinition="t", desiredCount=1,
    capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
service = ecs.describe_services(cluster="c", services=["s"])["services"][0]
present = not service.get("capacityProviderStrategy")
detail = service.get("launchType")
`,
  },
  ...[
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
  ].map(
    (resource): Gap => ({
      id: `security-group-rule-description:${resource}`,
      kind: "idempotency",
      resource,
      attributes: ["description"],
      limitation:
        "AuthorizeSecurityGroupIngress/Egress drop the Description of a security-group-to-security-group rule (UserIdGroupPairs); DescribeSecurityGroupRules returns none",
      probe: `
ec2 = aws("ec2")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc)["GroupId"]
b = ec2.create_security_group(GroupName="b", Description="b", VpcId=vpc)["GroupId"]
ec2.${resource.includes("ingress") ? "authorize_security_group_ingress" : "authorize_security_group_egress"}(GroupId=a, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000,
    "UserIdGroupPairs": [{"GroupId": b, "Description": "from b"}]}])
rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
present = not any(r.get("Description") == "from b" for r in rules)
`,
    }),
  ),
  // ----------------------------------------------------------- destroy
  {
    id: "secret-rotation-cancel-managed",
    kind: "destroy",
    resource: "aws_secretsmanager_secret_rotation",
    limitation:
      "CancelRotateSecret is refused for a secret without a rotation Lambda (RDS-managed rotation), so the rotation cannot be destroyed",
    probe: `
sm = aws("secretsmanager")
sm.create_secret(Name="s", SecretString="x")
sm.rotate_secret(SecretId="s", RotationRules={"AutomaticallyAfterDays": 30}, RotateImmediately=False)
try:
    sm.cancel_rotate_secret(SecretId="s")
    present = False
except Exception as error:
    present, detail = "InvalidRequestException" in repr(error), repr(error)[:200]
`,
  },
  // ------------------------------------------------------ not enforced
  {
    id: "sts-trust-policy",
    kind: "not-enforced",
    resource: "aws_iam_role (assume_role_policy of the state access roles)",
    limitation:
      "AssumeRole does not check the role's trust policy: any account can assume any role, so 'only the environment's own account may assume its state role' is proven by plan and the unit tests only; the role's permissions are enforced (state-isolation test)",
    probe: `
iam, sts = aws("iam"), aws("sts")
iam.create_role(RoleName="r", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}')
try:
    sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="probe")
    present = True
except Exception as error:
    present, detail = False, repr(error)[:200]
`,
  },
  {
    id: "sts-web-identity-conditions",
    kind: "not-enforced",
    resource:
      "aws_iam_role (assume_role_policy of the CI deploy and plan roles: token.actions.githubusercontent.com:aud / :sub)",
    limitation:
      "AssumeRoleWithWebIdentity accepts any token string and checks neither its signature nor the trust policy's StringEquals on aud and sub, so 'only this repository's jobs in the production GitHub environment' is proven by the unit tests (modules/delivery) only; what the assumed roles may do is enforced (delivery-roles test)",
    probe: `
iam, sts = aws("iam"), aws("sts")
provider = iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/infra:environment:production"}}}]}' % provider
iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=trust)
try:
    sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::123456789012:role/deploy", RoleSessionName="probe", WebIdentityToken="not-a-jwt")
    present = True
except Exception as error:
    present, detail = False, repr(error)[:200]
`,
  },
  {
    id: "vpc-destroy-with-dependents",
    kind: "not-enforced",
    resource: "aws_subnet / aws_security_group of the vpc stack",
    limitation:
      "DeleteSubnet and DeleteSecurityGroup succeed while a DB instance still uses them (AWS refuses with DependencyViolation), so a wrong destroy order would pass on moto; the lifecycle checks the order through npm run deploy's report and leftovers through the API",
    probe: `
ec2, rds = aws("ec2"), aws("rds")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="af-south-1a")["Subnet"]["SubnetId"]
b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="af-south-1b")["Subnet"]["SubnetId"]
rds.create_db_subnet_group(DBSubnetGroupName="g", DBSubnetGroupDescription="g", SubnetIds=[a, b])
rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
    MasterUsername="u", MasterUserPassword="password1", DBSubnetGroupName="g")
try:
    ec2.delete_subnet(SubnetId=a)
    present = True
except Exception as error:
    present, detail = False, repr(error)[:200]
`,
  },
  // ----------------------------------------------- listed after delete
  {
    id: "ecs-inactive-listed",
    kind: "listed-after-delete",
    resource: "aws_ecs_cluster / aws_ecs_service / aws_ecs_task_definition",
    limitation:
      "after DeleteService, DeregisterTaskDefinition and DeleteCluster, ListClusters still returns the (INACTIVE) cluster and the Resource Groups Tagging API still returns the cluster, the service and every task definition revision; the leftover check asks DescribeClusters / DescribeServices / DescribeTaskDefinition and counts only what is not INACTIVE",
    probe: `
ecs, tagging = aws("ecs"), aws("resourcegroupstaggingapi")
ecs.create_cluster(clusterName="c", tags=[{"key": "Project", "value": "p"}])
ecs.register_task_definition(family="f", containerDefinitions=[{"name": "a", "image": "i", "memory": 128}], tags=[{"key": "Project", "value": "p"}])
ecs.create_service(cluster="c", serviceName="s", taskDefinition="f", desiredCount=0, tags=[{"key": "Project", "value": "p"}])
ecs.delete_service(cluster="c", service="s")
ecs.deregister_task_definition(taskDefinition="f:1")
ecs.delete_cluster(cluster="c")
tagged = [r["ResourceARN"] for r in tagging.get_resources(TagFilters=[{"Key": "Project"}])["ResourceTagMappingList"]]
present = bool(ecs.list_clusters()["clusterArns"]) or any(":ecs:" in arn for arn in tagged)
detail = tagged
`,
  },
  {
    id: "nat-gateway-deleted-tagged",
    kind: "listed-after-delete",
    resource: "aws_nat_gateway",
    limitation:
      "a deleted NAT gateway (State deleted) is still returned by the Resource Groups Tagging API; the leftover check asks DescribeNatGateways and counts it only while it is not deleted",
    probe: `
ec2, tagging = aws("ec2"), aws("resourcegroupstaggingapi")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip,
    TagSpecifications=[{"ResourceType": "natgateway", "Tags": [{"Key": "Project", "Value": "p"}]}])["NatGateway"]["NatGatewayId"]
ec2.delete_nat_gateway(NatGatewayId=nat)
tagged = [r["ResourceARN"] for r in tagging.get_resources(TagFilters=[{"Key": "Project"}])["ResourceTagMappingList"]]
present = any(nat in arn for arn in tagged)
detail = tagged
`,
  },
];

/** Resource types the emulated copy leaves out (`count = 0`). */
export function resourcesLeftOut(gaps: readonly Gap[] = GAPS): string[] {
  return gaps.filter((g) => g.kind === "left-out").map((g) => g.resource);
}

/** Resource types the emulated destroy removes from state before destroying. */
export function resourcesForgottenBeforeDestroy(
  gaps: readonly Gap[] = GAPS,
): string[] {
  return gaps.filter((g) => g.kind === "destroy").map((g) => g.resource);
}

/** The idempotency gaps of one resource type. */
export function idempotencyGapsOf(
  type: string,
  gaps: readonly Gap[] = GAPS,
): Gap[] {
  return gaps.filter((g) => g.kind === "idempotency" && g.resource === type);
}

/** A probe's verdict. */
export interface ProbeResult {
  /** True while moto still has the gap; undefined when the probe failed. */
  readonly present?: boolean;
  readonly detail: string;
  readonly error?: string;
}

/** Runs every probe against plain moto (one Python process); id → verdict. */
export function probeGaps(
  gaps: readonly Gap[] = GAPS,
): Promise<Record<string, ProbeResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      pythonBinary(),
      [path.join(__dirname, "probe_gaps.py")],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`probe_gaps.py exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout));
    });
    child.stdin.end(
      JSON.stringify(gaps.map(({ id, probe }) => ({ id, probe }))),
    );
  });
}
