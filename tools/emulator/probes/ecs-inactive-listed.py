"""Probe of the emulator gap ecs-inactive-listed (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

ecs, tagging = aws("ecs"), aws("resourcegroupstaggingapi")
ecs.create_cluster(clusterName="c", tags=[{"key": "Project", "value": "p"}])
ecs.register_task_definition(family="f", containerDefinitions=[{"name": "a", "image": "i", "memory": 128}], tags=[{"key": "Project", "value": "p"}])
ecs.create_service(cluster="c", serviceName="s", taskDefinition="f", desiredCount=0, tags=[{"key": "Project", "value": "p"}])
ecs.delete_service(cluster="c", service="s")
ecs.deregister_task_definition(taskDefinition="f:1")
ecs.delete_cluster(cluster="c")
tagged = [r["ResourceARN"] for r in tagging.get_resources(TagFilters=[{"Key": "Project"}])["ResourceTagMappingList"]]
present = bool(ecs.list_clusters()["clusterArns"]) or any(":ecs:" in arn for arn in tagged)
detail = tagged
