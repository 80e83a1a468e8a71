"""Probe of the emulator gap elasticache-member-clusters (tools/emulator/gaps.ts): sets present while moto still has it."""

from botocore.exceptions import ClientError

from _support import aws

client = aws("elasticache")
client.create_replication_group(
    ReplicationGroupId="probe-cache",
    ReplicationGroupDescription="gap probe",
    Engine="valkey",
    EngineVersion="8.0",
    CacheNodeType="cache.t4g.micro",
    NumCacheClusters=2,
    TransitEncryptionEnabled=True,
)
members = client.describe_replication_groups(ReplicationGroupId="probe-cache")["ReplicationGroups"][0]["MemberClusters"]
try:
    client.describe_cache_clusters(CacheClusterId=members[0])
    present, detail = False, f"member {members[0]} is described"
except ClientError as error:
    code = error.response["Error"]["Code"]
    listed = client.describe_cache_clusters()["CacheClusters"]
    present = code == "CacheClusterNotFound" and listed == []
    detail = f"members {members}: DescribeCacheClusters of {members[0]} answers {code}; {len(listed)} cache clusters listed"
