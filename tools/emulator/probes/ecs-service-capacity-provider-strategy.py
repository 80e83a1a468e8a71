"""Probe of the emulator gap ecs-service-capacity-provider-strategy (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

ecs = aws("ecs")
ecs.create_cluster(clusterName="c", capacityProviders=["FARGATE_SPOT"])
ecs.register_task_definition(family="t", containerDefinitions=[{"name": "a", "image": "i", "memory": 512}],
    requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")

ecs.create_service(cluster="c", serviceName="s", taskDefinition="t", desiredCount=1,
    capacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
service = ecs.describe_services(cluster="c", services=["s"])["services"][0]
present = not service.get("capacityProviderStrategy")
detail = service.get("launchType")
