"""Runs the probes of the emulator gap list (tools/emulator/gaps.ts) against plain moto (no shims).

Reads [{"id": ..., "file": "<path of the probe's .py>"}] on stdin; runs each
probe file in its own ``mock_aws()`` (a fresh, empty emulated AWS). A probe
imports ``aws`` (a boto3 client) and ``iam_enforced`` (moto's IAM enforcement
for a ``with`` block) from probes/_support.py, sets ``present`` (True while
moto still has the gap) and may set ``detail``. Prints {"<id>": {"present":
bool, "detail": str}} on stdout. A probe that raises is reported as an error,
not as a present gap: a broken check must not keep an entry alive.

``--with-shims`` loads moto_server.py's shims first: each shim's probe must
then find its gap closed (the shim does what its entry says).
"""

import importlib.util
import json
import os
import runpy
import sys
import traceback

from moto import mock_aws

HERE = os.path.dirname(os.path.abspath(__file__))


def load_shims():
    spec = importlib.util.spec_from_file_location("moto_server", os.path.join(HERE, "moto_server.py"))
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def main():
    sys.dont_write_bytecode = True  # a probe run leaves nothing in the source tree
    sys.path.insert(0, os.path.join(HERE, "probes"))
    if "--with-shims" in sys.argv[1:]:
        load_shims()
    results = {}
    for gap in json.load(sys.stdin):
        try:
            with mock_aws():
                scope = runpy.run_path(gap["file"], init_globals={"present": None, "detail": ""})
            if not isinstance(scope["present"], bool):
                raise ValueError("the probe did not set present to True or False")
            results[gap["id"]] = {"present": scope["present"], "detail": str(scope["detail"])}
        except Exception:
            results[gap["id"]] = {"present": None, "detail": "", "error": traceback.format_exc(limit=3)}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
