"""HTTP caching of the public answers, and the cache of rendered pages.

A public answer is one to an anonymous GET or HEAD (no session or messages
cookie) outside the admin that sets no cookie and that its view did not mark
private. It is the same for every visitor, so it gets `Cache-Control: public`
with a short max-age for browsers and a longer s-maxage for the front cache
(which publishing purges), a weak ETag made from the data version, the day and
the address, and the data version's Last-Modified. A current If-None-Match or
If-Modified-Since is answered 304 before the view runs; a 200 is kept in the page
cache (the `pages` cache alias) under the same parts, with its headers, so the
next visitor gets the stored answer after one query (the data version). Every
other answer is `private, no-store`, and only public answers are compressed (no
secret in a compressed body, so nothing for BREACH to guess).

See "HTTP caching and the page cache" in docs/operations.md.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version as package_version

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.text import compress_string
from django.utils.translation import get_language_from_path, get_language_from_request

from . import data_version

RELEASE = package_version("fieldops")
# Served by other means (static files, uploads, Wagtail's document files): left
# as they are.
UNTOUCHED_PATHS = re.compile(r"^/(static|media|documents)/")
# Never public, whoever asks: the admin (with the two-step verification pages),
# the language switch, the health check.
PRIVATE_PATHS = re.compile(r"^/(admin|i18n|healthz)(/|$)")
# Answers made from the software alone, never from the data.
SOFTWARE_PATHS = re.compile(r"^/(api/v1/(openapi\.json|docs)|exports/schema/)")
PUBLIC_STATUSES = {200, 301, 308, 404, 410}
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# The page cache keeps the answer itself; these are the server's or the outer
# middleware's to add to each answer.
UNSTORED_HEADERS = {"date", "set-cookie", "content-length"}
# Part of every page-cache key: entries of an earlier layout are never read.
ENTRY_LAYOUT = 3


class HttpCacheMiddleware:
    """Cache headers, 304s and the page cache for public answers; `private,
    no-store` for the rest.

    Listed after CorsMiddleware (whose headers depend on each request's Origin)
    and before SessionMiddleware and everything else, so that it sees every
    cookie the answer sets and a cached answer skips them all. Middleware that
    writes something per request into the body (a CSP nonce) must be listed
    below it, so that the header and the stored body agree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if UNTOUCHED_PATHS.match(path):
            return self.get_response(request)
        if not _may_be_public(request):
            return _private(self.get_response(request))
        try:
            state = _State(request)
        except (DatabaseError, SuspiciousOperation):
            # The answers of the middleware and views below (the outage's 503,
            # the API's JSON 400 for a host not allowed), with nothing kept.
            return _private(self.get_response(request))
        if request.headers.get("If-None-Match", "").strip() != "*":
            not_modified = get_conditional_response(
                request, etag=state.etag, last_modified=state.timestamp
            )
            # Anything else (a failed If-Match) is for the view's answer to decide.
            if not_modified is not None and not_modified.status_code == 304:
                return state.public(not_modified)
        response = state.cached()
        if response is None:
            response = self.get_response(request)
            if not _is_public(request, response):
                return _private(response)
            # Stored with its public headers: they depend only on the key's
            # parts, so a hit needs nothing added.
            state.store(state.public(response))
        # "If-None-Match: *" asks whether there is anything at the address, which
        # only the answer tells (an unknown record is a 404, not a 304).
        answer = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=state.timestamp,
            response=response,
        )
        if answer is response or answer.status_code == 304:
            return answer
        return _private(answer)


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for public answers only: a private one may hold a
    secret (a CSRF token, an editor's data) beside text an attacker chooses,
    which compression would let them guess (BREACH). Listed before
    HttpCacheMiddleware, so that it compresses the page cache's answers too."""

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)


class _State:
    """The data version, ETag and page-cache key of one public request."""

    def __init__(self, request):
        self.request = request
        # The API's spec and the dataset's schema change only with the software:
        # no data version (the spec is also read where there is no database).
        token, self.timestamp = "software", None
        if not SOFTWARE_PATHS.match(request.path_info):
            version = data_version.current()
            # Read once per request: SiteMiddleware keys its cache by it too.
            request.data_version = version
            token = version.token
            self.timestamp = int(version.last_modified.timestamp())
        # The raw pairs, sorted by name (values of one name keep their order):
        # parsing them here would refuse what the views answer themselves.
        pairs = request.META.get("QUERY_STRING", "").split("&")
        query = "&".join(sorted(pairs, key=lambda pair: pair.split("=", 1)[0]))
        language = get_language_from_path(request.path_info)
        language = language or get_language_from_request(request)
        parts = [
            token,
            RELEASE,
            request.scheme,
            request.get_host(),
            request.path,
            query,
            language,
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        self.etag = f'W/"{digest}"'
        self.key = f"page:{ENTRY_LAYOUT}:{digest}"

    def cached(self) -> HttpResponse | None:
        """The stored answer to this request, or None."""
        if not settings.FIELDOPS_PAGE_CACHE:
            return None
        entry = caches[settings.FIELDOPS_PAGE_CACHE_ALIAS].get(self.key)
        if entry is None:
            return None
        status, headers, content, compressed = entry
        accepts_gzip = re_accepts_gzip.search(
            self.request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        body = compressed if compressed and accepts_gzip else content
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        if body is compressed:
            # PublicGZipMiddleware leaves an encoded answer as it is.
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        if self.request.method == "HEAD":
            response.content = b""
        return response

    def store(self, response) -> None:
        """Keep a 200 answer to a GET: the bytes the view made, and their gzip
        (None when not shorter), compressed once here rather than on every hit,
        where it cost half the hit. No random bytes are added against BREACH:
        a public answer holds no secret."""
        if (
            not settings.FIELDOPS_PAGE_CACHE
            or self.request.method != "GET"
            or response.status_code != 200
            or response.streaming
        ):
            return
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        content = response.content
        compressed = None
        if len(content) >= 200 and not response.has_header("Content-Encoding"):
            compressed = compress_string(content)
        if compressed is not None and len(compressed) >= len(content):
            compressed = None
        entry = (response.status_code, headers, content, compressed)
        caches[settings.FIELDOPS_PAGE_CACHE_ALIAS].set(
            self.key, entry, settings.FIELDOPS_PAGE_CACHE_SECONDS
        )

    def public(self, response):
        """Give `response` the public cache headers; an answer with content gets
        the validators (a 404 has no representation to revalidate)."""
        if response.status_code in (200, 304):
            response["ETag"] = self.etag
            if self.timestamp is not None:
                response["Last-Modified"] = http_date(self.timestamp)
        # What the view said is replaced whole, so nothing is merged: the
        # header is written as patch_cache_control() would write it, for less.
        response["Cache-Control"] = (
            f"public, max-age={settings.FIELDOPS_HTTP_MAX_AGE}, "
            f"s-maxage={settings.FIELDOPS_HTTP_S_MAXAGE}, "
            f"stale-while-revalidate={settings.FIELDOPS_HTTP_STALE_WHILE_REVALIDATE}, "
            f"stale-if-error={settings.FIELDOPS_HTTP_STALE_IF_ERROR}"
        )
        # Made without a session, a public answer does not vary by the cookie;
        # Vary: Cookie would give every visitor a copy of their own.
        _without_vary(response, "Cookie")
        patch_vary_headers(response, ["Accept-Encoding"])
        if _language_from_header(self.request):
            patch_vary_headers(response, ["Accept-Language"])
        else:
            # Django's LocaleMiddleware names it on every address without a
            # language; where nothing can differ, it would only split caches by
            # each browser's string.
            _without_vary(response, "Accept-Language")
        return response


def _may_be_public(request) -> bool:
    """Whether the answer to `request` may be public, before it is made: the
    method, the address, and no cookie that changes what the visitor sees."""
    return (
        request.method in ("GET", "HEAD")
        and not PRIVATE_PATHS.match(request.path_info)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _is_public(request, response) -> bool:
    """Whether the view's answer is the same for every visitor: a status a cache
    may keep, no cookie set, not marked private by the view."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in PUBLIC_STATUSES
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in PRIVATE_DIRECTIVES)
    )


def _private(response):
    """Mark `response` private (keeping what its view said, unless it said
    public)."""
    cache_control = response.get("Cache-Control", "")
    if "public" in cache_control or not cache_control:
        if "Cache-Control" in response:
            del response["Cache-Control"]
        patch_cache_control(response, private=True, no_store=True)
    return response


def _language_from_header(request) -> bool:
    """Whether the answer's language may come from Accept-Language: the address
    names no language, and the site offers more than one (settings.LANGUAGES)."""
    return len(settings.LANGUAGES) > 1 and not get_language_from_path(request.path_info)


def _without_vary(response, header: str) -> None:
    """Remove `header` (a request header's name) from the answer's Vary."""
    if not has_vary_header(response, header):
        return
    kept = [
        name.strip()
        for name in response["Vary"].split(",")
        if name.strip().lower() != header.lower()
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
