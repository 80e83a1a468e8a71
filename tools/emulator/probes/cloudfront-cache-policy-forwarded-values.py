"""Probe of the emulator gap cloudfront-cache-policy-forwarded-values (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import create_cdn_distribution

config, _ = create_cdn_distribution()
behavior = config["DefaultCacheBehavior"]
present = behavior.get("CachePolicyId") != "" and "ForwardedValues" in behavior
detail = behavior.get("ForwardedValues")
