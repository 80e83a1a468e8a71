"""Probe of the emulator gap rds-monitoring-performance-insights (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

rds = aws("rds")
rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", AllocatedStorage=20,
    MasterUsername="u", ManageMasterUserPassword=True, MonitoringInterval=60, MonitoringRoleArn="arn:aws:iam::123456789012:role/m",
    EnablePerformanceInsights=True, PerformanceInsightsRetentionPeriod=7)
db = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]
present = db.get("MonitoringInterval") != 60 or db.get("PerformanceInsightsEnabled") is not True
detail = {k: db.get(k) for k in ("MonitoringInterval", "PerformanceInsightsEnabled")}
