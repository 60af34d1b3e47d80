"""What visitors get while the database is away, frozen, read-only or full: a 503
made without the database, instead of the 500 page or a hang.

`database_outage(error)` tells such a failure from a fault of ours by the error
and its causes; `outage_response(request, kind)` is the answer: JSON
(`{"detail": message}`, the shape of every other error of the API) under /api/
and /exports/ and for /healthz, a plain page elsewhere. The page is rendered
without a request context, so no context processor (the user, messages, Wagtail's
settings) can reach for the database it is reporting as gone.
"""

from __future__ import annotations

import enum
import re

from django.conf import settings
from django.db import Error, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# Answers under these are data, never an HTML page.
JSON_PATHS = re.compile(r"^/(api|exports)(/|$)|^/healthz$")
# SQLSTATEs of a server that reads but cannot write: a read-only transaction
# (a hot standby, default_transaction_read_only = on) and a full disk.
READ_ONLY_STATES = frozenset({"25006", "53100"})
# SQLite says so in its message; it has no SQLSTATE.
READ_ONLY_MESSAGES = ("readonly database", "database or disk is full")
# Retry-After, in seconds: long enough for a restart or a failover.
RETRY_AFTER_SECONDS = 30
# Whether the site's database answers: a table that every migrated database has.
# `SELECT 1` alone also succeeds on the empty file SQLite makes where the real
# one is missing (moved, or its disk not mounted).
PROBE_SQL = "SELECT 1 FROM django_migrations LIMIT 1"


class Outage(enum.Enum):
    UNAVAILABLE = "unavailable"  # away, frozen (a timeout), locked, refusing
    READ_ONLY = "read-only"  # reads work, writes cannot be stored


def database_outage(error: BaseException) -> Outage | None:
    """The kind of database outage `error` (or an error it was raised from)
    reports, or None when it is no outage (a bug, bad data, a constraint)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = _outage_of(error)
        if kind is not None:
            return kind
        error = error.__cause__ or error.__context__
    return None


def _outage_of(error: BaseException) -> Outage | None:
    if not isinstance(error, Error):
        return None
    driver_error = error.__cause__ or error
    state = getattr(driver_error, "sqlstate", None)
    message = str(error).lower()
    if state in READ_ONLY_STATES or any(m in message for m in READ_ONLY_MESSAGES):
        return Outage.READ_ONLY
    if isinstance(error, OperationalError | InterfaceError):
        return Outage.UNAVAILABLE
    return None


def outage_message(kind: Outage) -> str:
    """The sentence that tells a visitor what happened and what to do."""
    if kind is Outage.READ_ONLY:
        return _(
            "Changes cannot be saved at the moment; nothing of this request was "
            "stored. Reading still works. Please try again in a few minutes."
        )
    return _(
        "The site's database cannot be reached at the moment. Please try again "
        "in a few minutes."
    )


def outage_response(request, kind: Outage) -> HttpResponse:
    """503 with Retry-After and no caching: JSON under /api/, /exports/ and for
    /healthz, otherwise the plain 503.html page."""
    message = outage_message(kind)
    if JSON_PATHS.match(request.path_info):
        response = JsonResponse({"detail": message}, status=503)
    else:
        context = {
            "message": message,
            "read_only": kind is Outage.READ_ONLY,
            "ORGANISATION_NAME": settings.FIELDOPS_ORGANISATION_NAME,
            "ORGANISATION_ACRONYM": settings.FIELDOPS_ORGANISATION_ACRONYM,
        }
        page = loader.get_template("503.html").render(context)
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
