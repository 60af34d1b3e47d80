"""The site's public address, BASE_URL, and every absolute address built on it.

Everything the site writes for readers elsewhere (the sitemap, the feeds, JSON-LD,
canonical links, the provenance of exports, the links in emails) takes its host
from here, never from the request: a request may arrive under an internal name
(127.0.0.1 behind the proxy, a health probe) that must not leak into what search
engines, feed readers and mail recipients keep. Reading a setting costs no
database query, so pages with a query budget can call it freely. Wagtail's own
Site record is kept equal to it by `manage.py sync_site`, and `manage.py check
--deploy` warns when the two differ (fieldops.W002).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """BASE_URL (settings.WAGTAILADMIN_BASE_URL) without a trailing slash, such as
    "https://fieldops.example.org"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (an address on this site starting with "/", with any query string)
    on BASE_URL: absolute_url("/en/vacancies/") is
    "https://fieldops.example.org/en/vacancies/". A full http(s) address is
    returned as it is. Raises ValueError for anything else, which would silently
    become a wrong address."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"Not a path on this site: {path!r}")
    return base_url() + path


def site_host_and_port() -> tuple[str, int]:
    """The host name and port of BASE_URL, as Wagtail's Site record stores them:
    ("fieldops.example.org", 443) for https://fieldops.example.org. Raises
    ValueError if BASE_URL has no host."""
    parts = urlsplit(base_url())
    if not parts.hostname:
        raise ValueError(f"BASE_URL has no host name: {base_url()!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def site_root_url(hostname: str, port: int) -> str:
    """The address Wagtail gives a Site with this host name and port (as
    wagtail.models.Site.root_url: https only on port 443)."""
    if port == 80:
        return f"http://{hostname}"
    if port == 443:
        return f"https://{hostname}"
    return f"http://{hostname}:{port}"
