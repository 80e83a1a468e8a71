"""Probe of the emulator gap sts-web-identity-conditions (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

iam, sts = aws("iam"), aws("sts")
provider = iam.create_open_id_connect_provider(Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"])["OpenIDConnectProviderArn"]
trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:acme/infra:environment:production"}}}]}' % provider
iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=trust)
try:
    sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::123456789012:role/deploy", RoleSessionName="probe", WebIdentityToken="not-a-jwt")
    present = True
except Exception as error:
    present, detail = False, repr(error)[:200]
