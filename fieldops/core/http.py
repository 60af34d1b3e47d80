"""Facts of an HTTP request that every app reads the same way."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind N trusted proxies
    (FIELDOPS_TRUSTED_PROXY_COUNT), the address the outermost one saw. None when
    it is not an IP address. The job alert limits and the sign-in lockout
    (django-axes, AXES_CLIENT_IP_CALLABLE) both count by it."""
    proxies = getattr(settings, "FIELDOPS_TRUSTED_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Entries left of those our own proxies appended are the client's to write.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
