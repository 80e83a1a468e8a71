"""The other side of the gap security-group-rule-description: plain moto returns the descriptions of CIDR rules (IPv4 and IPv6, ingress and egress)."""

from _support import aws

ec2 = aws("ec2")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc)["GroupId"]
rule = lambda port, **source: [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}]
ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=rule(1, IpRanges=[{"CidrIp": "10.0.0.0/16", "Description": "d"}]))
ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=rule(2, Ipv6Ranges=[{"CidrIpv6": "::/0", "Description": "d"}]))
ec2.authorize_security_group_egress(GroupId=a, IpPermissions=rule(3, IpRanges=[{"CidrIp": "0.0.0.0/0", "Description": "d"}]))
rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
detail = {r["FromPort"]: r.get("Description") for r in rules if r.get("FromPort") in (1, 2, 3)}
present = detail == {1: "d", 2: "d", 3: "d"}
