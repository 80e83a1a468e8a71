"""Probe of the emulator gap nat-gateway-deleted-tagged (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

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
