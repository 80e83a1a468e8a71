"""Probe of the emulator gap cloudtrail-logging-by-arn (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

aws("s3").create_bucket(Bucket="trail", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
cloudtrail = aws("cloudtrail")
arn = cloudtrail.create_trail(Name="trail", S3BucketName="trail")["TrailARN"]

cloudtrail.start_logging(Name="trail")  # by name: works
try:
    cloudtrail.start_logging(Name=arn)
    present = False
except Exception as error:
    present, detail = True, repr(error)[:200]
