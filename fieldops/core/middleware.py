"""Language handling that leaves the addresses without a language prefix alone,
HEAD for the API, JSON for every error of the API and the downloads, the
refusal of queries and forms holding control characters, and a 503 while the
database is away."""

import json
import logging
import re

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render
from django.urls import is_valid_path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fieldops.core.outages import database_outage, outage_response

logger = logging.getLogger(__name__)

# Addresses without a language prefix whose "not found" is final.
UNPREFIXED_PATHS = re.compile(r"^/(api|exports|admin)(/|$)")
# The open data, whose every answer is data, never an HTML page.
DATA_PATHS = re.compile(r"^/(api|exports)(/|$)")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 under /api/, /exports/ or
    /admin/ is not redirected to a language-prefixed address: the site's
    catch-all page route would turn every unknown record into a redirect to an
    HTML page (or, for the admin, to a second "not found")."""

    def process_response(self, request, response):
        if response.status_code == 404 and UNPREFIXED_PATHS.match(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class ApiHeadMiddleware:
    """The API answers HEAD as it answers GET, without the body: ninja routes only
    the methods an operation declares, and a HEAD operation in the spec would
    need an id of its own for every GET."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class DataErrorsMiddleware:
    """Under /api/ and /exports/, answer errors and redirects in JSON:
    `{"detail": message}`, whatever produced them (the URL resolver, ninja's or
    Django's 405, the 400 and 500 handlers, Django's debug pages), keeping the
    status and headers (Allow, Location).

    An address that exists without its trailing slash is redirected there with
    308 (method and query kept): the API is read-only, so following it is
    harmless, and a client that adds the slash still gets its data instead of an
    error; the documented address stays the only one without a redirect.

    Must be listed after ApiHeadMiddleware, which then strips the body for HEAD,
    and after CorsMiddleware, which then adds its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not DATA_PATHS.match(request.path_info):
            return response
        if response.status_code == 404:
            target = _without_trailing_slash(request)
            if target:
                response = HttpResponsePermanentRedirect(target, preserve_request=True)
        if (
            response.status_code < 300
            or response.status_code == 304
            or response.streaming
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        body = {"detail": _data_error_detail(request, response)}
        response.content = json.dumps(body, ensure_ascii=False).encode()
        response["Content-Type"] = "application/json; charset=utf-8"
        response["Content-Length"] = str(len(response.content))
        return response


def _without_trailing_slash(request) -> str | None:
    """The address without its trailing slashes, query kept, if that exists."""
    path = request.path_info.rstrip("/")
    if path == request.path_info or not is_valid_path(
        path, getattr(request, "urlconf", None)
    ):
        return None
    # get_full_path() escapes a "?" inside the path, so the first one starts
    # the query.
    address, mark, query = request.get_full_path().partition("?")
    return address.rstrip("/") + mark + query


def _data_error_detail(request, response) -> str:
    status = response.status_code
    if status < 400:
        return _("The address to use is %(location)s.") % {
            "location": response.get("Location", "")
        }
    if status == 400:
        return _("The request could not be read.")
    if status == 403:
        return _("The request was refused.")
    if status == 404:
        if request.path_info.startswith("/exports"):
            return _(
                "Nothing is published at this address. The downloads are listed "
                "at %(url)s."
            ) % {"url": reverse("open_data:index")}
        return _(
            "Nothing is published at this address. The API's addresses are "
            "listed at %(url)s."
        ) % {"url": reverse("api:openapi-view")}
    if status == 405:
        return _("This address answers only %(methods)s.") % {
            "methods": response.get("Allow", "GET, HEAD")
        }
    if status >= 500:
        return _(
            "Something went wrong on the server. It has been recorded; please try "
            "again later."
        )
    return _("The request could not be answered (%(status)s %(reason)s).") % {
        "status": status,
        "reason": response.reason_phrase,
    }


# Control characters (C0, DEL, C1) no value of a page, form or endpoint may
# hold: PostgreSQL cannot store a null, HTML cannot show them, and quoting the
# value back would put them in the page. Tab, line feed and carriage return are
# text (a textarea sends them).
# The class is written so that JSON Schema's patterns (ECMA-262) read it as
# Python does: the API's spec states the same rule.
CONTROL_CHARACTER_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTER_CLASS}]")


# The admin's pages that anyone may post to: the sign-in and the password reset.
ANONYMOUS_ADMIN_PATHS = re.compile(r"^/admin/(login|password_reset)/")


class ControlCharacterMiddleware:
    """A query string, or a form posted to a public page, holding a control
    character (CONTROL_CHARACTERS, such as a null, ``%00``) answers 400 with a
    message that says so, before any view reads it, and never quotes the value
    back. JSON under /api/ and /exports/, the site's 400 page elsewhere. The
    admin keeps its own handling (Wagtail's forms show their own errors), but
    for its pages open to anyone (ANONYMOUS_ADMIN_PATHS), whose forms wrote
    the character back into the page.

    Must be listed after LocaleMiddleware, so that the message is in the
    reader's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not ANONYMOUS_ADMIN_PATHS.match(path):
            return self.get_response(request)
        if _holds_control(request.GET):
            message = _(
                "The address holds a null or other control character, which no "
                "value may contain."
            )
            if DATA_PATHS.match(request.path_info):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"bad_query": [message]}, status=400)
        # The open data take no form (a POST answers 405).
        data = DATA_PATHS.match(request.path_info)
        if request.method == "POST" and not data and _holds_control(request.POST):
            return render(
                request,
                "limit.html",
                {
                    "status": 400,
                    "title": _("The form sent cannot be read"),
                    "message": _(
                        "A field of the form holds a null or other control "
                        "character, which no value may contain. Go back, type "
                        "the value again and send the form."
                    ),
                },
                status=400,
            )
        return self.get_response(request)


def _holds_control(query) -> bool:
    """Whether a QueryDict's keys or values hold a control character."""
    return any(
        CONTROL_CHARACTERS.search(key)
        or any(CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in query.lists()
    )


class DatabaseOutageMiddleware:
    """A view (or its template) that fails because the database is away, frozen,
    read-only or full answers 503 (fieldops.core.outages) instead of 500, also
    with DEBUG on. What fails before the views (another middleware) reaches the
    500 handler, which answers the same way (fieldops.core.views.server_error).

    Listed after LocaleMiddleware, so that the message is in the reader's
    language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = database_outage(exception)
        if kind is None:
            return None
        logger.warning(
            "Database %s: %s %s answered 503 (%s)",
            kind.value,
            request.method,
            request.path_info,
            exception,
        )
        return outage_response(request, kind)
