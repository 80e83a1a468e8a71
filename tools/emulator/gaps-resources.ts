/**
 * The gap list's entries that are not shims (gaps.ts): resources moto 5.2.1
 * cannot create, attributes it does not return, deletes it refuses, checks it
 * does not make, and deleted resources it still lists. Each probe runs
 * against plain moto (no shims) and fails once moto behaves as described no
 * more.
 */
import { Gap, notImplemented } from "./gap-types";

const ECS_SERVICE_SETUP = `
ecs = aws("ecs")
ecs.create_cluster(clusterName="c", capacityProviders=["FARGATE_SPOT"])
ecs.register_task_definition(family="t", containerDefinitions=[{"name": "a", "image": "i", "memory": 512}],
    requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")
`;

/** A role named `name` in the probe's account that trusts `principal`. */
const trustingRole = (iam: string, name: string, principal: string) =>
  `${iam}.create_role(RoleName="${name}", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${principal}"},"Action":"sts:AssumeRole"}]}')`;

export const RESOURCE_GAPS: readonly Gap[] = [
  // ---------------------------------------------------------- left out
  {
    id: "rds-automated-backups-replication",
    kind: "left-out",
    resource: "aws_db_instance_automated_backups_replication",
    limitation:
      "StartDBInstanceAutomatedBackupsReplication is not implemented: production's cross-region backup copy cannot be created",
    probe: notImplemented(
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
    // Measured: the plan JSON's after_unknown (or null) for a service
    // replaced on moto with the api stack's settings.
    computedOnReplace: [
      "iam_role",
      "id",
      "launch_type",
      "platform_version",
      "tags",
      "tags_all",
      "triggers",
    ],
    limitation:
      "DescribeServices returns no capacityProviderStrategy (and launchType EC2) for a service created with one, so the provider plans to replace the service on every run; beside the strategy, that replacement may change only the other listed attributes and what the plan leaves to the create",
    probe: `${ECS_SERVICE_SETUP}
ecs.create_service(cluster="c", serviceName="s", taskDefinition="t", desiredCount=1,
    capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
service = ecs.describe_services(cluster="c", services=["s"])["services"][0]
present = not service.get("capacityProviderStrategy")
detail = service.get("launchType")
`,
  },
  {
    id: "ecs-service-settings",
    kind: "idempotency",
    resource: "aws_ecs_service",
    attributes: [
      "availability_zone_rebalancing",
      "enable_ecs_managed_tags",
      "enable_execute_command",
      "health_check_grace_period_seconds",
    ],
    limitation:
      "CreateService accepts availabilityZoneRebalancing, enableECSManagedTags, enableExecuteCommand and healthCheckGracePeriodSeconds and DescribeServices returns none of them",
    probe: `${ECS_SERVICE_SETUP}
ecs.create_service(cluster="c", serviceName="s", taskDefinition="t", desiredCount=1, launchType="FARGATE",
    availabilityZoneRebalancing="ENABLED", enableECSManagedTags=True, enableExecuteCommand=True, healthCheckGracePeriodSeconds=60)
service = ecs.describe_services(cluster="c", services=["s"])["services"][0]
detail = {k: service.get(k) for k in ("availabilityZoneRebalancing", "enableECSManagedTags", "enableExecuteCommand", "healthCheckGracePeriodSeconds")}
present = all(v is None for v in detail.values())
`,
  },
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
    resource:
      "aws_iam_role (assume_role_policy of the state access roles: the environment accounts' :root)",
    limitation:
      "without IAM enforcement (the lifecycle) AssumeRole checks nothing. With it, moto reads the trust policy only of a role in the caller's own account (it looks the role up there; a role of another account is not found and any caller whose own policy allows sts:AssumeRole gets in), and then admits only a principal ARN equal to the caller's: an account principal (arn:aws:iam::<account>:root), which in AWS admits that account's principals, refuses everyone. The state roles are assumed across accounts, so 'only the environment's own account may assume its state role' is proven by plan and the unit tests only; the role's permissions are enforced (state-isolation test)",
    probe: `
iam = aws("iam")
iam.create_user(UserName="u")
iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}')
key = iam.create_access_key(UserName="u")["AccessKey"]
${trustingRole("iam", "exact", "arn:aws:iam::123456789012:user/u")}
${trustingRole("iam", "account", "arn:aws:iam::123456789012:root")}
other = aws("sts").assume_role(RoleArn="arn:aws:iam::222222222222:role/admin", RoleSessionName="setup")["Credentials"]
other_iam = aws("iam", aws_access_key_id=other["AccessKeyId"], aws_secret_access_key=other["SecretAccessKey"], aws_session_token=other["SessionToken"])
${trustingRole("other_iam", "elsewhere", "arn:aws:iam::333333333333:root")}
sts = aws("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
def assumed(arn):
    try:
        sts.assume_role(RoleArn=arn, RoleSessionName="probe")
        return True
    except Exception as error:
        if "AccessDenied" not in repr(error):
            raise
        return False
with iam_enforced():
    detail = {
        "same account, exact principal": assumed("arn:aws:iam::123456789012:role/exact"),
        "same account, :root principal": assumed("arn:aws:iam::123456789012:role/account"),
        "other account, trusts a third": assumed("arn:aws:iam::222222222222:role/elsewhere"),
    }
present = detail == {"same account, exact principal": True, "same account, :root principal": False, "other account, trusts a third": True}
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
