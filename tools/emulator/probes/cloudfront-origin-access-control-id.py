"""Probe of the emulator gap cloudfront-origin-access-control-id (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import create_cdn_distribution

config, control = create_cdn_distribution()
static = next(o for o in config["Origins"]["Items"] if o["Id"] == "static")
present = static.get("OriginAccessControlId", "") != control
detail = static
