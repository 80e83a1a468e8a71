"""moto 5.2.1's server with the few shims the AWS provider 5.100.0 needs.

Started by tools/emulator/moto.ts (the tests, the sandbox); by hand:

    python3 tools/emulator/moto_server.py [--port 0] [--host 127.0.0.1]

Prints one line ``moto listening on http://<host>:<port>`` once it accepts
connections (port 0 picks a free one, race-free: the socket is bound before
the line is printed), then serves until SIGTERM / Ctrl-C.

The shims fill in calls moto does not implement or make a call answer as
AWS does; they never emulate a service, and never weaken a check. Each is
listed, with a probe that fails once moto does it itself, in
tools/emulator/gaps.ts (kind ``shim``). Keep this file tiny.
"""

import argparse
import base64
import hashlib
import inspect
import json
import os
import signal
import sys
import threading
import time

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.cloudtrail.models import CloudTrailBackend
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.iam.access_control import IAMPolicy
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.rds.models import DBInstance
from moto.s3.models import FakeBucket
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

# --- shim:cloudtrail-delete-by-arn ---------------------------------------------
# DeleteTrail deletes by name only and answers 200 for anything else: given
# the trail's ARN (what the provider passes) the trail stays. Looked up as
# get_trail does (name or ARN; TrailNotFoundException when there is none, as
# in AWS).
def _delete_trail(self, name):
    del self.trails[self.get_trail(name).trail_name]


CloudTrailBackend.delete_trail = _delete_trail

# --- shim:bucket-policy-secure-transport ----------------------------------------
# A bucket policy is evaluated without the request's context, and moto cannot
# evaluate Bool (an operator it does not know counts as met), so the state
# bucket's "Deny s3:* when aws:SecureTransport is false" denies every request.
# The provider and the S3 backend reach S3 over TLS only: in bucket policies,
# and there only, aws:SecureTransport is evaluated as true. Every other
# condition (and every identity or trust policy) is left to moto.
def _as_over_tls(statement):
    """The statement as it applies to a TLS request; None when it does not apply."""
    condition = statement.get("Condition") or {}
    booleans = condition.get("Bool") or {}
    if "aws:SecureTransport" not in booleans:
        return statement
    expected = booleans["aws:SecureTransport"]
    if "true" not in [str(v).lower() for v in (expected if isinstance(expected, list) else [expected])]:
        return None
    rest = {k: v for k, v in booleans.items() if k != "aws:SecureTransport"}
    condition = {**condition, "Bool": rest} if rest else {k: v for k, v in condition.items() if k != "Bool"}
    if condition:
        return {**statement, "Condition": condition}
    return {k: v for k, v in statement.items() if k != "Condition"}


_get_permission = FakeBucket.get_permission


def _get_permission_over_tls(self, action, resource):
    if self.policy is None:
        return _get_permission(self, action, resource)
    policy = json.loads(self.policy.decode())
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    applying = [s for s in map(_as_over_tls, statements) if s is not None]
    return IAMPolicy(json.dumps({**policy, "Statement": applying})).is_action_permitted(action, resource)


FakeBucket.get_permission = _get_permission_over_tls

# --- shim:rds-ca-default ------------------------------------------------------------
# CreateDBInstance without CACertificateIdentifier gives rds-ca-default; AWS
# gives new instances rds-ca-rsa2048-g1. The provider does not send the CA on
# create, finds rds-ca-default, then modifies the instance and waits for RDS
# a second time (~80 s on moto).
_db_instance_init = DBInstance.__init__


def _db_instance_init_with_aws_default_ca(self, *args, **kwargs):
    if kwargs.get("ca_certificate_identifier") is None:
        kwargs["ca_certificate_identifier"] = "rds-ca-rsa2048-g1"
    _db_instance_init(self, *args, **kwargs)


DBInstance.__init__ = _db_instance_init_with_aws_default_ca

# --- shim:rds-shared-resource-id ---------------------------------------------------
# Every DB instance gets the same DbiResourceId (a constant in moto's
# DBInstance), and a same-region read replica, a copy of its source, keeps
# its source's. The provider finds an instance by that id (filter
# dbi-resource-id): a replica's create finds two instances and fails, and its
# destroy waits for an id its source still has. As in AWS, each instance gets
# its own id, derived from account, region and identifier (reproducible runs).
def _own_resource_id(instance):
    seed = f"{instance.account_id}/{instance.region}/{instance.db_instance_identifier}".encode()
    return "db-" + base64.b32encode(hashlib.sha256(seed).digest()).decode()[:26]


_db_instance_init_before_resource_id = DBInstance.__init__
_set_as_replica = DBInstance.set_as_replica


def _db_instance_init_with_own_resource_id(self, *args, **kwargs):
    _db_instance_init_before_resource_id(self, *args, **kwargs)
    self.dbi_resource_id = _own_resource_id(self)


def _set_as_replica_with_own_resource_id(self):
    _set_as_replica(self)
    self.dbi_resource_id = _own_resource_id(self)


DBInstance.__init__ = _db_instance_init_with_own_resource_id
DBInstance.set_as_replica = _set_as_replica_with_own_resource_id

# --- shim:security-group-rule-description ------------------------------------------
# A rule's Description is read from its CIDR range only: a rule that
# references a security group (UserIdGroupPairs) or a prefix list
# (PrefixListIds) loses it in DescribeSecurityGroupRules. CIDR rules keep
# theirs and are not touched.
_rule_init = SecurityGroupRule.__init__
_rule_parameters = inspect.signature(_rule_init)


def _rule_init_keeping_prefix_list_description(self, *args, **kwargs):
    _rule_init(self, *args, **kwargs)
    prefix_list = _rule_parameters.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
    self.shim_prefix_list_description = (prefix_list or {}).get("Description")


def _rule_description(self):
    return (
        self.ip_range.get("Description")
        or self.source_group.get("Description")
        or getattr(self, "shim_prefix_list_description", None)
    )


SecurityGroupRule.__init__ = _rule_init_keeping_prefix_list_description
SecurityGroupRule.description = property(_rule_description)


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
