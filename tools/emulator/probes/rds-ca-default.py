"""Probe of the emulator gap rds-ca-default (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

rds = aws("rds")
rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
    MasterUsername="u", MasterUserPassword="password1")
ca = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0].get("CACertificateIdentifier")
present, detail = ca != "rds-ca-rsa2048-g1", ca
