"""Hands Wagtail the request's site from the cache (fieldops/core/sites.py).

Apart from sites.py, which core.models imports (its pages mix PublicPageMixin
in), because it reads the data version, which imports core.models."""

from __future__ import annotations

import re

from django.http.request import split_domain_port

from . import data_version
from .kept import request_version
from .sites import site_for

# The data, the admin and the health check read no site (or do so rarely): they
# are left to Wagtail's own lookup, which reads it only if asked.
NO_SITE_PATHS = re.compile(r"^/(api|exports|admin|healthz)(/|$)")


class SiteMiddleware:
    """Sets `request._wagtail_site` (where Wagtail keeps the site of a request)
    to the cached site for the request's host and port, and makes the request's
    data version the key of the cached entries while it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NO_SITE_PATHS.match(request.path_info):
            return self.get_response(request)
        # HttpCacheMiddleware has read it for a public request; others read it here.
        current = getattr(request, "data_version", None) or data_version.current()
        reset = request_version.set(current.token)
        try:
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_for(hostname, request.get_port())
            return self.get_response(request)
        finally:
            request_version.reset(reset)
