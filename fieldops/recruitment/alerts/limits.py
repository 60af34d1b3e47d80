"""Limits on job alert subscriptions, per client network and per address, counted
by django-ratelimit in the "limits" cache (RATELIMIT_USE_CACHE), which every web
worker shares: Redis when CACHE_URL names one, else the database
(fieldops.core.cache). A fixed window per key; `cache.add` then `cache.incr`,
atomic on both, so two requests at once never both see the last free slot."""

from __future__ import annotations

import hashlib
import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import _split_rate, is_ratelimited

from fieldops.core.http import client_ip
from fieldops.core.validators import mail_address_key

# A count per a number of seconds, minutes, hours or days: "10/hour", "3/day",
# "2/10m". django-ratelimit reads only the unit's first letter, and would read a
# rate such as "10/fortnight" as 10 a second rather than refuse it.
RATE = re.compile(r"\d+/\d*[smhd][a-z]*")


def rate(setting: str) -> str:
    """The rate in the named setting, spaces removed ("10/hour").
    Raises ImproperlyConfigured for one that is not <count>/<period>."""
    text = "".join(str(getattr(settings, setting)).lower().split())
    if not RATE.fullmatch(text):
        raise ImproperlyConfigured(
            f"Write {setting} as <count>/<period>, for example 10/hour, not "
            f"{getattr(settings, setting)!r}."
        )
    return text


def window_seconds(setting: str) -> int:
    """The length of the window of the rate in the named setting, in seconds."""
    # django-ratelimit's own reading of a rate, so that the two cannot differ.
    return _split_rate(rate(setting))[1]


def client_network(group: str, request) -> str:
    """The key of the per-client limit: the client's IPv4 address, or its IPv6
    /64 network (what one subscriber is given); "unknown" for every client whose
    address cannot be read. (django-ratelimit's own "ip" key masks the same way
    but refuses such a request.)"""
    ip = client_ip(request)
    if ip is None:
        return "unknown"
    prefix = 64 if ipaddress.ip_address(ip).version == 6 else 32
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def subscription_allowed(request, *, email: str) -> tuple[bool, bool]:
    """Count one subscription from `request` to the normalised address `email`:
    whether the client's network is within FIELDOPS_ALERT_RATE_PER_IP, then
    whether the address is within FIELDOPS_ALERT_RATE_PER_ADDRESS (counted only
    when the network is). Raises ImproperlyConfigured for an unreadable rate."""
    if is_ratelimited(
        request,
        group="alert-ip",
        key=client_network,
        rate=rate("FIELDOPS_ALERT_RATE_PER_IP"),
        increment=True,
    ):
        return False, False
    # Hashed: the cache need not hold who subscribes.
    address = hashlib.sha256(mail_address_key(email).encode()).hexdigest()
    limited = is_ratelimited(
        request,
        group="alert-address",
        key=lambda group, request: address,
        rate=rate("FIELDOPS_ALERT_RATE_PER_ADDRESS"),
        increment=True,
    )
    return True, not limited
