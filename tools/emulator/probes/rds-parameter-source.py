"""Probe of the emulator gap rds-parameter-source (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

rds = aws("rds")
rds.create_db_parameter_group(DBParameterGroupName="pg", DBParameterGroupFamily="postgres16", Description="d")
rds.modify_db_parameter_group(DBParameterGroupName="pg", Parameters=[{"ParameterName": "max_connections", "ParameterValue": "75", "ApplyMethod": "pending-reboot"}])
parameters = rds.describe_db_parameters(DBParameterGroupName="pg", Source="user")["Parameters"]
present = any("Source" not in p for p in parameters)
detail = parameters
