"""moto 5.2.1's server with the few shims the AWS provider 5.100.0 needs.

Started by tools/emulator/moto.ts (the tests, the sandbox); by hand:

    python3 tools/emulator/moto_server.py [--port 0] [--host 127.0.0.1]

Prints one line ``moto listening on http://<host>:<port>`` once it accepts
connections (port 0 picks a free one, race-free: the socket is bound before
the line is printed), then serves until SIGTERM / Ctrl-C.

The shims fill in *calls* moto does not implement; they never emulate a
service. Each is listed, with a check that fails once moto has the call, in
tools/emulator/gaps.ts (entries ``shim:*``). Keep this file tiny.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.cloudtrail.models import CloudTrailBackend
from moto.ecs.models import EC2ContainerServiceBackend
from moto.iam.access_control import IAMPolicyStatement, PermissionResult
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

# --- shim:application-autoscaling-tags ---------------------------------------
# moto 5.2.1 has no ListTagsForResource / TagResource / UntagResource for
# Application Auto Scaling (answers HTTP 500); the provider calls them after
# RegisterScalableTarget. Tags are kept per backend (account + region) by ARN.


def _tags(backend):
    if not hasattr(backend, "_shim_tags"):
        backend._shim_tags = {}
    return backend._shim_tags


def _list_tags_for_resource(self):
    arn = self._get_param("ResourceARN")
    return json.dumps({"Tags": _tags(self.applicationautoscaling_backend).get(arn, {})})


def _tag_resource(self):
    arn = self._get_param("ResourceARN")
    _tags(self.applicationautoscaling_backend).setdefault(arn, {}).update(self._get_param("Tags") or {})
    return json.dumps({})


def _untag_resource(self):
    tags = _tags(self.applicationautoscaling_backend).get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return json.dumps({})


_register = ApplicationAutoScalingResponse.register_scalable_target


def _register_with_tags(self):
    # RegisterScalableTarget's Tags parameter is accepted and dropped by moto.
    body = _register(self)
    if self._get_param("Tags"):
        arn = json.loads(body)["ScalableTargetARN"]
        _tags(self.applicationautoscaling_backend).setdefault(arn, {}).update(self._get_param("Tags"))
    return body


ApplicationAutoScalingResponse.list_tags_for_resource = _list_tags_for_resource
ApplicationAutoScalingResponse.tag_resource = _tag_resource
ApplicationAutoScalingResponse.untag_resource = _untag_resource
ApplicationAutoScalingResponse.register_scalable_target = _register_with_tags

# --- shim:cloudtrail-logging-by-arn --------------------------------------------
# StartLogging / StopLogging look the trail up by name only (KeyError, HTTP
# 500); the provider passes the trail's ARN. get_trail accepts both.
CloudTrailBackend.start_logging = lambda self, name: self.get_trail(name).start_logging()
CloudTrailBackend.stop_logging = lambda self, name: self.get_trail(name).stop_logging()

# --- shim:policy-condition-key-absent -------------------------------------------
# moto treats a Condition on a context key the request does not carry (or
# with an operator it cannot evaluate, e.g. Bool) as met, so the state
# bucket's "Deny s3:* when aws:SecureTransport is false" denies every
# request. In IAM such a condition is not met (unless ...IfExists / Null)
# and the statement does not apply.
_is_action_permitted = IAMPolicyStatement.is_action_permitted


def _condition_keys_present(statement, values):
    for operator, keys in (statement.get("Condition") or {}).items():
        if operator.endswith("IfExists") or operator == "Null":
            continue
        if any(key not in (values or {}) for key in keys):
            return False
    return True


def _statement_applies_only_if_condition_keys_present(self, action, resource="*", principal=None, incoming_condition_values=None):
    if not _condition_keys_present(self._statement, incoming_condition_values):
        return PermissionResult.NEUTRAL
    return _is_action_permitted(self, action, resource, principal, incoming_condition_values)


IAMPolicyStatement.is_action_permitted = _statement_applies_only_if_condition_keys_present


# --- shim:ecs-run-task-task-level-memory ----------------------------------------
# RunTask adds up the containers' memory and fails (TypeError, HTTP 500) on
# a container without memory / memoryReservation, which Fargate allows when
# the task sets its memory (every task definition here). Such a container
# counts as 0 MiB; moto runs no container either way.
_MEMORY_KEYS = ("memory", "memoryReservation", "Memory", "MemoryReservation")
_task_requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements


def _task_requirements_with_task_level_memory(task_definition):
    containers = task_definition.container_definitions
    task_definition.container_definitions = [
        c if any(c.get(k) is not None for k in _MEMORY_KEYS) else {**c, "memory": 0} for c in containers
    ]
    try:
        return _task_requirements(task_definition)
    finally:
        task_definition.container_definitions = containers


EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(_task_requirements_with_task_level_memory)


def _exit_with_parent(parent):
    # A test run that dies must not leave moto behind (the sandbox passes --detached).
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--detached", action="store_true", help="keep running when the parent exits")
    args = parser.parse_args()
    if not args.detached:
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(args.host, args.port, app, threaded=True)
    port = server.server_address[1]
    # moto builds some URLs (SQS queue URLs, presigned links) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"moto listening on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
