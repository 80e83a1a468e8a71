"""What every gap probe imports: a boto3 client on the probe's moto, and moto's IAM enforcement for a block.

tools/emulator/probe_gaps.py runs each probe file of this folder in its own ``mock_aws()``.
"""

import contextlib

import boto3
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin


def aws(service, region="af-south-1", **credentials):
    credentials = credentials or {"aws_access_key_id": "probe", "aws_secret_access_key": "probe"}
    return boto3.client(service, region_name=region, **credentials)


@contextlib.contextmanager
def iam_enforced():
    """moto's IAM enforcement from the next request on (what /moto-api/reset-auth does), off again after."""
    before = settings.INITIAL_NO_AUTH_ACTION_COUNT
    settings.INITIAL_NO_AUTH_ACTION_COUNT, ActionAuthenticatorMixin.request_count = 0, 0
    try:
        yield
    finally:
        settings.INITIAL_NO_AUTH_ACTION_COUNT = before


def create_cdn_distribution():
    """A distribution as the CDN's (modules/cdn/content-delivery.ts) sends it, created on moto; returns (the DistributionConfig moto answers GetDistribution with, the origin access control's id)."""
    cloudfront = aws("cloudfront", region="us-east-1")
    control = cloudfront.create_origin_access_control(
        OriginAccessControlConfig={
            "Name": "probe",
            "OriginAccessControlOriginType": "s3",
            "SigningBehavior": "always",
            "SigningProtocol": "sigv4",
        }
    )["OriginAccessControl"]["Id"]
    read_only = {"Quantity": 2, "Items": ["GET", "HEAD"]}
    config = {
        "CallerReference": "probe",
        "Comment": "gap probe",
        "Enabled": True,
        "Aliases": {"Quantity": 1, "Items": ["api.example.com"]},
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "api",
                    "DomainName": "alb-1.af-south-1.elb.amazonaws.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                    },
                },
                {
                    "Id": "static",
                    "DomainName": "probe.s3.af-south-1.amazonaws.com",
                    "OriginAccessControlId": control,
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                },
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "api",
            "ViewerProtocolPolicy": "https-only",
            "AllowedMethods": {**read_only, "CachedMethods": read_only},
            "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
            "OriginRequestPolicyId": "216adef6-5c7f-47e4-b989-5492eafa07d3",
        },
        "ViewerCertificate": {
            "ACMCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/probe",
            "SSLSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
    }
    created = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]
    answered = cloudfront.get_distribution(Id=created["Id"])["Distribution"]["DistributionConfig"]
    return answered, control
