"""Language handling that leaves the addresses without a language prefix alone,
and HEAD for the API."""

import re

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Addresses without a language prefix whose "not found" is final.
UNPREFIXED_PATHS = re.compile(r"^/(api|exports|admin)/")


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
