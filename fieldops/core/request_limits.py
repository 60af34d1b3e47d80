"""How large a request may be: an address too long answers 414 (400 under /api/
and /exports/), a form too large 413 and one with too many fields 400, each with
a page (JSON under /api/ and /exports/) that says which limit it met, never a 500
or a server's bare error.

The limits (settings): FIELDOPS_MAX_URL_LENGTH for the path and query together,
Django's DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS and
DATA_UPLOAD_MAX_NUMBER_FILES for a form's body. nginx's (deploy/nginx) are set
above them, so that these answers are the ones a visitor sees."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fieldops.core.middleware import DATA_PATHS


def limit_response(request, *, status: int, title: str, message: str):
    """The answer to a request over a limit: JSON `{"detail": message}` under
    /api/ and /exports/, else the site's limit page with `title` and `message`."""
    if DATA_PATHS.match(request.path_info):
        return JsonResponse({"detail": message}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "limit.html", context, status=status)


# The most of a refused body read and dropped before answering (nginx refuses
# more than 50 MB before it reaches the site).
DRAIN_LIMIT_BYTES = 64 * 2**20


def body_limit_response(request, exception):
    """The answer to a form body over one of Django's limits (raised when the
    body is first read), or None for any other bad request. The unread rest of
    the body is read first (up to DRAIN_LIMIT_BYTES): answering and closing
    with it unread resets the connection, and a proxy still sending it (Varnish)
    then loses the answer and gives its own 503."""
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        _drain(request)
    if isinstance(exception, RequestDataTooBig):
        return limit_response(
            request,
            status=413,
            title=_("The form sent is too large"),
            message=_(
                "The form sent holds more than %(size)s of text, the most this "
                "site accepts. Shorten it and send it again."
            )
            % {"size": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        )
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return limit_response(
            request,
            status=400,
            title=_("The form sent has too many fields"),
            message=_(
                "The form sent has more than %(fields)s fields or %(files)s files, "
                "the most this site accepts."
            )
            % {
                "fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
                "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            },
        )
    return None


def _drain(request) -> None:
    stream = getattr(request, "_stream", None)
    left = DRAIN_LIMIT_BYTES
    while stream is not None and left > 0:
        chunk = stream.read(min(left, 2**16))
        if not chunk:
            return
        left -= len(chunk)


def _megabytes(size: int) -> str:
    """`size` bytes as "2.6 MB" (in the reader's number format)."""
    return _("%(count)s MB") % {"count": number_format(round(size / 1_000_000, 1))}


class UrlLengthMiddleware:
    """An address (path and query) longer than FIELDOPS_MAX_URL_LENGTH characters
    answers 414 (400 under /api/ and /exports/) before any view reads it. Must
    be listed after LocaleMiddleware, so that the message is in the reader's
    language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.FIELDOPS_MAX_URL_LENGTH
        length = len(request.path) + len(request.META.get("QUERY_STRING", ""))
        if length <= limit:
            return self.get_response(request)
        # The open data answer 400, the status their spec gives every request
        # they cannot read; the pages 414.
        data = DATA_PATHS.match(request.path_info)
        return limit_response(
            request,
            status=400 if data else 414,
            title=_("This address is too long"),
            message=_(
                "The address holds %(length)s characters; this site reads at most "
                "%(limit)s. Remove some of its query and try again."
            )
            % {"length": length, "limit": limit},
        )
