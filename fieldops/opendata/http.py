"""Conditional GET for the API and the exports: ETag and Last-Modified, 304."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from importlib.metadata import version

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION = version("fieldops")


def conditional(
    request: HttpRequest,
    build: Callable[[], HttpResponse],
    *,
    last_modified: datetime.datetime | None,
) -> HttpResponse:
    """Answer 304 Not Modified when the client's copy is still current, else
    `build()` the answer and give it an ETag and Last-Modified.

    Answers state when they were extracted, so two answers about unchanged data
    differ by that line alone: the ETag is weak, made from the address, the
    language, the software version and the data's last change, which lets a 304
    be sent without building the answer at all.
    """
    stamp = last_modified.isoformat() if last_modified else "-"
    key = "\n".join([request.get_full_path(), get_language() or "", VERSION, stamp])
    etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    # "If-None-Match: *" asks whether the record exists at all, which only
    # building the answer tells (an unknown slug is a 404, not a 304).
    asks_existence = request.headers.get("If-None-Match", "").strip() == "*"
    response = None
    if not asks_existence:
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = build()
        if asks_existence:
            response = get_conditional_response(
                request, etag=etag, last_modified=timestamp, response=response
            )
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
    return response
