"""Runs the probes of tools/emulator/gaps.ts against plain moto (no shims).

Reads [{"id": ..., "probe": "<python>"}] on stdin; runs each probe in its own
``mock_aws()`` (a fresh, empty emulated AWS) with ``aws(service, region,
**credentials)`` returning a boto3 client and ``iam_enforced()`` turning
moto's IAM enforcement on for a ``with`` block; a probe sets ``present`` (True while moto still
has the gap) and may set ``detail``. Prints {"<id>": {"present": bool,
"detail": str}} on stdout. A probe that raises is reported as an error, not
as a present gap: a broken check must not keep an entry alive.

``--with-shims`` loads moto_server.py's shims first: each shim's probe must
then find its gap closed (the shim does what its entry says).
"""

import contextlib
import importlib.util
import json
import os
import sys
import traceback

import boto3
from moto import mock_aws, settings
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


def load_shims():
    server = os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_server.py")
    spec = importlib.util.spec_from_file_location("moto_server", server)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def main():
    if "--with-shims" in sys.argv[1:]:
        load_shims()
    results = {}
    for gap in json.load(sys.stdin):
        scope = {"aws": aws, "iam_enforced": iam_enforced, "present": None, "detail": ""}
        try:
            with mock_aws():
                exec(gap["probe"], scope)
            if not isinstance(scope["present"], bool):
                raise ValueError("the probe did not set present to True or False")
            results[gap["id"]] = {"present": scope["present"], "detail": str(scope["detail"])}
        except Exception:
            results[gap["id"]] = {"present": None, "detail": "", "error": traceback.format_exc(limit=3)}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
