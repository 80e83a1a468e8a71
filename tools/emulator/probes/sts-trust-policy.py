"""Probe of the emulator gap sts-trust-policy (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws, iam_enforced

iam = aws("iam")
iam.create_user(UserName="u")
iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}')
key = iam.create_access_key(UserName="u")["AccessKey"]
iam.create_role(RoleName="exact", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/u"},"Action":"sts:AssumeRole"}]}')
iam.create_role(RoleName="account", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}')
other = aws("sts").assume_role(RoleArn="arn:aws:iam::222222222222:role/admin", RoleSessionName="setup")["Credentials"]
other_iam = aws("iam", aws_access_key_id=other["AccessKeyId"], aws_secret_access_key=other["SecretAccessKey"], aws_session_token=other["SessionToken"])
other_iam.create_role(RoleName="elsewhere", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole"}]}')
sts = aws("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
def assumed(arn):
    try:
        sts.assume_role(RoleArn=arn, RoleSessionName="probe")
        return True
    except Exception as error:
        if "AccessDenied" not in repr(error):
            raise
        return False
with iam_enforced():
    detail = {
        "same account, exact principal": assumed("arn:aws:iam::123456789012:role/exact"),
        "same account, :root principal": assumed("arn:aws:iam::123456789012:role/account"),
        "other account, trusts a third": assumed("arn:aws:iam::222222222222:role/elsewhere"),
    }
present = detail == {"same account, exact principal": True, "same account, :root principal": False, "other account, trusts a third": True}
