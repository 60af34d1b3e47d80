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

Each process also holds, in its own memory, the values it read or built under
the latest version it met (at most LOCAL_ENTRIES of them): reading them back
from the cache would unpickle every record again on every request, the larger
part of a render's cost once nothing is queried. A kept value is therefore
shared by the requests a process answers under that version, and must never be
changed by them: a caller that narrows one works on a copy (as
operations/selectors/day_records.records_on does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import django
import wagtail
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

KEY_PREFIX = f"fieldops:kept:{django.__version__}:{wagtail.__version__}"
SECONDS = 300
LOCAL_ENTRIES = 2000

# The data version of the request being answered (set by SiteMiddleware,
# fieldops/core/site_middleware.py); None outside a request.
request_version: ContextVar[str | None] = ContextVar(
    "fieldops_request_data_version", default=None
)


class _Local:
    """The values of one data version in this process's memory, by key; those of
    an earlier version are dropped when a later one is met, and the oldest when
    there are more than LOCAL_ENTRIES."""

    def __init__(self):
        self.version: str | None = None
        self.values: dict[str, Any] = {}
        self.lock = threading.Lock()  # the development server answers in threads

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def put(self, version: str, key: str, value: Any) -> None:
        with self.lock:
            if version != self.version:
                self.version, self.values = version, {}
            elif len(self.values) >= LOCAL_ENTRIES:
                del self.values[next(iter(self.values))]
            self.values[key] = value

    def clear(self) -> None:
        with self.lock:
            self.version, self.values = None, {}


_local = _Local()


def forget() -> None:
    """Drop what this process holds in memory (the cache's entries stay): for
    tests, whose rolled-back rows take the data version back to one already met."""
    _local.clear()


def kept(name: str, build: Callable[[], T]) -> T:
    """`build()`'s value, from the default cache when it was built under the
    request's data version, else built now and kept for the next request.

    `name` tells the value apart from every other kept one (it must hold every
    input of `build` other than the data: an id, the language). A value of None
    is never kept. Outside a request, or with settings.FIELDOPS_KEEP off,
    `build()` every time. The value returned may be shared with other requests:
    never change it."""
    version = request_version.get()
    if version is None or not settings.FIELDOPS_KEEP:
        return build()
    key = f"{KEY_PREFIX}:{name}:{version}"
    value = _local.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = build()
        if value is None:
            return None
        cache.set(key, value, SECONDS)
    _local.put(version, key, value)
    return value
