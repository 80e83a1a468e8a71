/**
 * The gap list's `shim` entries (gaps.ts): calls moto 5.2.1 lacks or answers
 * unlike AWS, made to answer as AWS does by a few lines under
 * `# --- shim:<id>` in tools/emulator/moto_server.py. Each probe runs against
 * plain moto (no shims) and fails once moto does it itself.
 */
import { Gap, notImplemented } from "./gap-types";

const TRAIL_PROBE_SETUP = `
aws("s3").create_bucket(Bucket="trail", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
cloudtrail = aws("cloudtrail")
arn = cloudtrail.create_trail(Name="trail", S3BucketName="trail")["TrailARN"]
`;

export const SHIM_GAPS: readonly Gap[] = [
  {
    id: "application-autoscaling-tags",
    kind: "shim",
    resource:
      "application-autoscaling ListTagsForResource / TagResource / UntagResource (aws_appautoscaling_target)",
    limitation:
      "not implemented (HTTP 500); the provider lists tags after RegisterScalableTarget, so aws_appautoscaling_target cannot be created",
    probe: notImplemented(
      'aws("application-autoscaling").list_tags_for_resource(ResourceARN="arn:aws:application-autoscaling:af-south-1:123456789012:scalable-target/0")',
    ),
  },
  {
    id: "cloudtrail-logging-by-arn",
    kind: "shim",
    resource: "cloudtrail StartLogging / StopLogging by ARN (aws_cloudtrail)",
    limitation:
      "the trail is looked up by name only (KeyError, HTTP 500); the provider passes the trail's ARN",
    probe: `${TRAIL_PROBE_SETUP}
cloudtrail.start_logging(Name="trail")  # by name: works
try:
    cloudtrail.start_logging(Name=arn)
    present = False
except Exception as error:
    present, detail = True, repr(error)[:200]
`,
  },
  {
    id: "cloudtrail-delete-by-arn",
    kind: "shim",
    resource: "cloudtrail DeleteTrail by ARN (aws_cloudtrail)",
    limitation:
      "DeleteTrail deletes only a trail named exactly as given and answers HTTP 200 for anything else; the provider passes the trail's ARN, so the trail stays (staging's and production's vpc stacks)",
    probe: `${TRAIL_PROBE_SETUP}
cloudtrail.delete_trail(Name=arn)
left = [t["Name"] for t in cloudtrail.describe_trails()["trailList"]]
present, detail = "trail" in left, left
`,
  },
  {
    id: "bucket-policy-secure-transport",
    kind: "shim",
    resource:
      "S3 bucket policy evaluation (aws_s3_bucket_policy: the DenyInsecureTransport statement of every bucket, the state bucket's included)",
    limitation:
      "a bucket policy is evaluated without the request's context and the Bool operator is not evaluated (an operator moto does not know counts as met), so a Deny on aws:SecureTransport false denies every request. The shim evaluates aws:SecureTransport as true in bucket policies only (the provider and the S3 backend use TLS only); other conditions and identity policies are left to moto. That plain HTTP is refused is proven by plan only",
    probe: `
s3 = aws("s3")
s3.create_bucket(Bucket="probe-bucket", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
s3.put_bucket_policy(Bucket="probe-bucket", Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::probe-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}')
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
  {
    id: "rds-ca-default",
    kind: "shim",
    resource: "rds CreateDBInstance without a CA (aws_db_instance)",
    limitation:
      "a new instance gets CA rds-ca-default; AWS gives new instances rds-ca-rsa2048-g1. The provider does not send ca_cert_identifier on create, finds rds-ca-default, modifies the instance and waits for RDS a second time (~80 s of every database apply)",
    probe: `
rds = aws("rds")
rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
    MasterUsername="u", MasterUserPassword="password1")
ca = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0].get("CACertificateIdentifier")
present, detail = ca != "rds-ca-rsa2048-g1", ca
`,
  },
  {
    id: "security-group-rule-description",
    kind: "shim",
    resource:
      "ec2 DescribeSecurityGroupRules (aws_vpc_security_group_ingress_rule / _egress_rule that reference a security group or a prefix list)",
    limitation:
      "a rule's Description is read from its CIDR range only: a rule that references a security group (UserIdGroupPairs) or a prefix list (PrefixListIds) is returned without it, so every second plan would set it again. CIDR rules keep theirs (tested beside the probes) and the shim leaves them alone",
    probe: `
ec2 = aws("ec2")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc)["GroupId"]
b = ec2.create_security_group(GroupName="b", Description="b", VpcId=vpc)["GroupId"]
pl = ec2.create_managed_prefix_list(PrefixListName="p", MaxEntries=1, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
rule = lambda port, **source: [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}]
ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=rule(1, UserIdGroupPairs=[{"GroupId": b, "Description": "d"}]))
ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=rule(2, PrefixListIds=[{"PrefixListId": pl, "Description": "d"}]))
ec2.authorize_security_group_egress(GroupId=a, IpPermissions=rule(3, UserIdGroupPairs=[{"GroupId": b, "Description": "d"}]))
ec2.authorize_security_group_egress(GroupId=a, IpPermissions=rule(4, PrefixListIds=[{"PrefixListId": pl, "Description": "d"}]))
rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
described = {r["FromPort"]: r.get("Description") for r in rules if r.get("FromPort") in (1, 2, 3, 4)}
present, detail = sorted(described) == [1, 2, 3, 4] and all(d is None for d in described.values()), described
`,
  },
];
