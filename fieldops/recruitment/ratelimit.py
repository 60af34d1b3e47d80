"""Fixed-window rate limits kept in Django's cache.

`cache.add` then `cache.incr` is atomic on Redis and on the local-memory cache, so
two requests at once never both see the last free slot.
"""

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 60 * 60 * 24}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """Read "10/hour", "3/day", "5/10m" (a count per a number of periods)."""
        found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*", text.lower())
        if not found:
            raise ImproperlyConfigured(
                f"Write a rate as <count>/<period>, for example 10/hour, not {text!r}."
            )
        count, periods, unit = found.groups()
        return cls(limit=int(count), window=int(periods or 1) * PERIODS[unit])


def allow(scope: str, key: str, rate: Rate) -> bool:
    """Count one hit of `key` in `scope`; False once the rate is exceeded."""
    window_number = int(time.time()) // rate.window
    cache_key = f"fieldops:ratelimit:{scope}:{rate.window}:{window_number}:{key}"
    # The extra minute keeps the counter alive past the window's end on a slow clock.
    cache.add(cache_key, 0, timeout=rate.window + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.add(cache_key, 1, timeout=rate.window + 60)
        count = 1
    return count <= rate.limit


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind N trusted proxies
    (FIELDOPS_TRUSTED_PROXY_COUNT), the address the outermost one saw."""
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


def ip_key(ip: str | None) -> str:
    """One key per IPv4 address, or per IPv6 /64 (what one subscriber gets)."""
    if not ip:
        return "unknown"
    parsed = ipaddress.ip_address(ip)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return ip


def address_key(email: str) -> str:
    """The address hashed: the cache need not hold who subscribes."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def allow_subscription(*, ip: str | None, email: str) -> tuple[bool, bool]:
    """Count one subscription; whether the IP and the address are within limits."""
    per_ip = Rate.parse(settings.FIELDOPS_ALERT_RATE_PER_IP)
    if not allow("alert-ip", ip_key(ip), per_ip):
        return False, False
    per_address = Rate.parse(settings.FIELDOPS_ALERT_RATE_PER_ADDRESS)
    return True, allow("alert-address", address_key(email), per_address)
