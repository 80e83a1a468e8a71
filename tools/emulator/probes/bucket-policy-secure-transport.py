"""Probe of the emulator gap bucket-policy-secure-transport (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

s3 = aws("s3")
s3.create_bucket(Bucket="probe-bucket", CreateBucketConfiguration={"LocationConstraint": "af-south-1"})
s3.put_bucket_policy(Bucket="probe-bucket", Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::probe-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}')
try:
    s3.put_object(Bucket="probe-bucket", Key="k", Body=b"x")
    present = False
except Exception as error:
    present, detail = "403" in repr(error) or "AccessDenied" in repr(error), repr(error)[:200]
