"""Probe of the emulator gap cloudfront-viewer-certificate-default (tools/emulator/gaps.ts): sets present while moto still has it."""

from _support import create_cdn_distribution

config, _ = create_cdn_distribution()
certificate = config["ViewerCertificate"]
present = certificate.get("CloudFrontDefaultCertificate") is True and certificate.get("ACMCertificateArn", "") != ""
detail = certificate
