"""Probe of the emulator gap application-autoscaling-tags (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

try:
    aws("application-autoscaling").list_tags_for_resource(ResourceARN="arn:aws:application-autoscaling:af-south-1:123456789012:scalable-target/0")
    present = False
except NotImplementedError as error:
    present, detail = True, str(error)
