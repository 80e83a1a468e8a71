"""Runs the probes of tools/emulator/gaps.ts against plain moto (no shims).

Reads [{"id": ..., "probe": "<python>"}] on stdin; runs each probe in its own
``mock_aws()`` (a fresh, empty emulated AWS) with ``aws(service, region)``
returning a boto3 client; a probe sets ``present`` (True while moto still
has the gap) and may set ``detail``. Prints {"<id>": {"present": bool,
"detail": str}} on stdout. A probe that raises is reported as an error, not
as a present gap: a broken check must not keep an entry alive.
"""

import json
import sys
import traceback

import boto3
from moto import mock_aws


def aws(service, region="af-south-1"):
    return boto3.client(service, region_name=region, aws_access_key_id="probe", aws_secret_access_key="probe")


def main():
    results = {}
    for gap in json.load(sys.stdin):
        scope = {"aws": aws, "present": None, "detail": ""}
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
