"""Probe of the emulator gap secret-rotation-cancel-managed (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import aws

sm = aws("secretsmanager")
sm.create_secret(Name="s", SecretString="x")
sm.rotate_secret(SecretId="s", RotationRules={"AutomaticallyAfterDays": 30}, RotateImmediately=False)
try:
    sm.cancel_rotate_secret(SecretId="s")
    present = False
except Exception as error:
    present, detail = "InvalidRequestException" in repr(error), repr(error)[:200]
