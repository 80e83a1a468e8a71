"""Probe of the emulator gap vpc-destroy-with-dependents (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

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
