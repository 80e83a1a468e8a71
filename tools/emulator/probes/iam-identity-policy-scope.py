"""Probe of the emulator gap iam-identity-policy-scope (tools/emulator/gaps.ts): sets present while moto still has it."""

import json

from _support import aws, iam_enforced

iam = aws("iam")
iam.create_user(UserName="u")
statements = [
    {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "arn:aws:logs:af-south-1:123456789012:log-group:/ecs/app-*"},
    {"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary"}}},
]
iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
key = iam.create_access_key(UserName="u")["AccessKey"]
as_user = dict(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
def allowed(call):
    try:
        call()
        return True
    except Exception as error:
        if "AccessDenied" not in repr(error):
            raise
        return False
with iam_enforced():
    detail = {
        "log group within the allowed ARNs": allowed(lambda: aws("logs", **as_user).create_log_group(logGroupName="/ecs/app-x")),
        "role without the required boundary": allowed(lambda: aws("iam", **as_user).create_role(RoleName="r", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}')),
    }
present = detail == {"log group within the allowed ARNs": False, "role without the required boundary": True}
