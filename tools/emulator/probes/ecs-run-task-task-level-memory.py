"""Probe of the emulator gap ecs-run-task-task-level-memory (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

ecs = aws("ecs")
ecs.create_cluster(clusterName="c")
ecs.register_task_definition(family="t", containerDefinitions=[{"name": "a", "image": "i"}],
    requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")
try:
    ecs.run_task(cluster="c", taskDefinition="t", launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}})
    present = False
except Exception as error:
    present, detail = "500" in repr(error) or "TypeError" in repr(error), repr(error)[:200]
