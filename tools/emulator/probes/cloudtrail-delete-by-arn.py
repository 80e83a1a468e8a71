"""Probe of the emulator gap cloudtrail-delete-by-arn (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

aws("s3").create_bucket(Bucket="trail", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
cloudtrail = aws("cloudtrail")
arn = cloudtrail.create_trail(Name="trail", S3BucketName="trail")["TrailARN"]

cloudtrail.delete_trail(Name=arn)
left = [t["Name"] for t in cloudtrail.describe_trails()["trailList"]]
present, detail = "trail" in left, left
