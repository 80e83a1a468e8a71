"""Probe of the emulator gap security-group-rule-description (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

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
