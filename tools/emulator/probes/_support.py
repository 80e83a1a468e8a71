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
