"""Probe of the emulator gap rds-automated-backups-replication (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

try:
    aws("rds").start_db_instance_automated_backups_replication(SourceDBInstanceArn="arn:aws:rds:af-south-1:123456789012:db:x")
    present = False
except NotImplementedError as error:
    present, detail = True, str(error)
