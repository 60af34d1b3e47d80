"""Wagtail's page view, with the route of each address kept under the data
version (kept.py).

Routing a page address costs Wagtail a query for the active locale and one for
each page on the path, on every request, though the tree changes only when a
page is published, moved or deleted, which changes the data version. The route
found (the specific page, and a routable page's view and arguments) is kept per
site, language and path; an address that routes nowhere is not kept, so a
visitor asking for made-up addresses adds nothing to the cache.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from .kept import kept


def serve(request, path: str):
    """Wagtail's `serve` view (same arguments, same answers), the route read
    from what is kept when it can be."""
    site = Site.find_for_request(request)  # the request's own: SiteMiddleware
    if site is not None and not hasattr(request, "_wagtail_route_for_request"):
        digest = hashlib.sha256(path.encode()).hexdigest()
        # Where Wagtail keeps the route of the request (Page.route_for_request).
        request._wagtail_route_for_request = kept(
            f"route:{site.pk}:{get_language()}:{digest}",
            lambda: Page.route_for_request(request, path),
        )
    return wagtail_views.serve(request, path)
