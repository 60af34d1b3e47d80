"""Conditional GET (ETag, Last-Modified, 304) for the API's operations."""

from __future__ import annotations

import functools

from ..http import conditional
from ..provenance import BadDate, as_of_from, last_modified
from .common import today_as_of


def conditional_get(*, dated: bool = True, also=None):
    """Apply conditional GET (ETag, Last-Modified, 304) to an API operation.

    `dated` answers depend on `as_of`; `also` is a callable giving another moment
    the answer depends on. An unreadable `as_of` is left to the handler's 400."""

    def decorator(run):
        @functools.wraps(run)
        def wrapped(request, *args, **kwargs):
            as_of = today_as_of()
            if dated:
                try:
                    as_of = as_of_from(request.GET.get("as_of"))
                except BadDate:
                    return run(request, *args, **kwargs)
            moment = last_modified(as_of, also=also() if also else None)
            return conditional(
                request, lambda: run(request, *args, **kwargs), last_modified=moment
            )

        return wrapped

    return decorator
