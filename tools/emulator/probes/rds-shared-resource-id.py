"""Probe of the emulator gap rds-shared-resource-id (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

rds = aws("rds")
for name in ("primary", "other"):
    rds.create_db_instance(DBInstanceIdentifier=name, Engine="postgres", DBInstanceClass="db.t3.micro",
        AllocatedStorage=20, MasterUsername="u", MasterUserPassword="password1", BackupRetentionPeriod=1)
rds.create_db_instance_read_replica(DBInstanceIdentifier="replica", SourceDBInstanceIdentifier="primary")
ids = {i["DBInstanceIdentifier"]: i["DbiResourceId"] for i in rds.describe_db_instances()["DBInstances"]}
# Two created instances share an id, or the same-region replica has its source's.
present, detail = ids["primary"] == ids["other"] or ids["replica"] == ids["primary"], ids
