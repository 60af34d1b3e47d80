"""HTTP caching of public answers (fieldops/core/http_cache.py; docs/operations.md,
"HTTP caching and the page cache"). Read by base.py."""

import os

from .env import env_bool

__all__ = [
    "FIELDOPS_HTTP_MAX_AGE",
    "FIELDOPS_HTTP_S_MAXAGE",
    "FIELDOPS_HTTP_STALE_IF_ERROR",
    "FIELDOPS_HTTP_STALE_WHILE_REVALIDATE",
    "FIELDOPS_PAGE_CACHE",
    "FIELDOPS_PAGE_CACHE_ALIAS",
    "FIELDOPS_PAGE_CACHE_SECONDS",
    "FIELDOPS_KEEP",
    "page_cache",
]

# In seconds: browsers keep a public answer max-age, the front cache s-maxage
# (publishing purges it), and either may serve a stale copy while it revalidates
# or while the site fails.
FIELDOPS_HTTP_MAX_AGE = int(os.environ.get("FIELDOPS_HTTP_MAX_AGE", "60"))
FIELDOPS_HTTP_S_MAXAGE = int(os.environ.get("FIELDOPS_HTTP_S_MAXAGE", "300"))
FIELDOPS_HTTP_STALE_WHILE_REVALIDATE = int(
    os.environ.get("FIELDOPS_HTTP_STALE_WHILE_REVALIDATE", "60")
)
FIELDOPS_HTTP_STALE_IF_ERROR = int(
    os.environ.get("FIELDOPS_HTTP_STALE_IF_ERROR", "86400")
)
# The page cache: rendered public answers, keyed by the data version and the day,
# so an entry is never served after a change; its lifetime only frees memory.
FIELDOPS_PAGE_CACHE = env_bool("FIELDOPS_PAGE_CACHE", True)
FIELDOPS_PAGE_CACHE_SECONDS = int(
    os.environ.get("FIELDOPS_PAGE_CACHE_SECONDS", "86400")
)
FIELDOPS_PAGE_CACHE_ALIAS = "pages"
# What pages read from the database (the sites, the routes of page addresses, the
# records of each profile, its open vacancies), read once per data version and
# kept in the default cache, so that a page of another day, or not in the page
# cache, reads none of it again (fieldops/core/kept.py).
FIELDOPS_KEEP = env_bool("FIELDOPS_KEEP", True)


def page_cache(cache_url: str) -> dict:
    """The page cache's CACHES entry. A cache of its own, so that pages never push
    out what the default cache holds: FIELDOPS_PAGE_CACHE_URL (a Redis of its
    own), else `cache_url`'s Redis under its own key prefix, else each process's
    own memory (FIELDOPS_PAGE_CACHE_ENTRIES answers)."""
    url = os.environ.get("FIELDOPS_PAGE_CACHE_URL", "") or cache_url
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pages",
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {
            "MAX_ENTRIES": int(os.environ.get("FIELDOPS_PAGE_CACHE_ENTRIES", "1000"))
        },
    }
