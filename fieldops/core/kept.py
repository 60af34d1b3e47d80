"""Values read from the database, kept in the default cache for as long as the
data they come from has not changed.

Each is kept under the data version of the request being answered
(data_version.py), which every process reads from the database: whatever any
process changes (another web worker, the admin's, a scheduled publish, a load),
every process reads anew on its next request, with no purge to send. Entries of
versions gone by expire after SECONDS. Outside a request (a task, a command, a
test calling a selector), or with settings.FIELDOPS_KEEP off, nothing is kept:
the value is built each time.

Models are pickled into the cache, and read back only by the versions of
Django and Wagtail that wrote them (a deployment may upgrade them while the
cache keeps its entries; a migration changes the data version).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

import django
import wagtail
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

KEY_PREFIX = f"fieldops:kept:{django.__version__}:{wagtail.__version__}"
SECONDS = 300

# The data version of the request being answered (set by SiteMiddleware,
# fieldops/core/site_middleware.py); None outside a request.
request_version: ContextVar[str | None] = ContextVar(
    "fieldops_request_data_version", default=None
)


def kept(name: str, build: Callable[[], T]) -> T:
    """`build()`'s value, from the default cache when it was built under the
    request's data version, else built now and kept for the next request.

    `name` tells the value apart from every other kept one (it must hold every
    input of `build` other than the data: an id, the language). A value of None
    is never kept. Outside a request, or with settings.FIELDOPS_KEEP off,
    `build()` every time."""
    version = request_version.get()
    if version is None or not settings.FIELDOPS_KEEP:
        return build()
    key = f"{KEY_PREFIX}:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, SECONDS)
    return value
