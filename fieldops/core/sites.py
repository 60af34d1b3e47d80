"""The Wagtail sites, each with its root page in its specific form, and whether
any page has a view restriction, read once per data version and kept in the
default cache.

Wagtail looks the site up on every request (Site.find_for_request: one query)
and then reads the root page again in its specific form (one more). Sites change
almost never; SiteMiddleware (site_middleware.py) hands Wagtail the site from
the cache, as the request's own copy (`request._wagtail_site`, where Wagtail
keeps the site of a request), with its root page already specific.

The entries are kept under the request's data version (kept.py): a site, page
or restriction changed by any process (another web worker, the task worker
publishing on schedule) is read again by every process on its next request.
"""

from __future__ import annotations

from wagtail.models import PageViewRestriction, Site

from .kept import kept

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
HOSTNAME_PORT, HOSTNAME_DEFAULT, DEFAULT, HOSTNAME = range(4)


def cached_sites() -> list[Site]:
    """Every site, each with `root_page` in its specific form; kept under the
    request's data version (two queries when it is not)."""

    def read() -> list[Site]:
        sites = list(Site.objects.select_related("root_page"))
        for site in sites:
            site.root_page = site.root_page.specific
        return sites

    return kept("sites", read)


def site_for(hostname: str, port: int) -> Site | None:
    """The site that answers `hostname`:`port`, by Wagtail's rules: the
    hostname and port, else the hostname if it is the default site's, else the
    only site of that hostname, else the default site; None if none fits."""

    def match(site):
        if site.hostname == hostname:
            if site.port == port:
                return HOSTNAME_PORT
            return HOSTNAME_DEFAULT if site.is_default_site else HOSTNAME
        return DEFAULT

    sites = sorted(
        (s for s in cached_sites() if s.hostname == hostname or s.is_default_site),
        key=match,
    )
    if not sites:
        return None
    if len(sites) == 1 or match(sites[0]) in (HOSTNAME_PORT, HOSTNAME_DEFAULT):
        return sites[0]
    if match(sites[0]) == DEFAULT:
        return sites[len(sites) == 2]
    # Several sites of the hostname, none on this port and no default site.
    return None


def any_view_restriction() -> bool:
    """Whether any page has a view restriction (privacy) at all; kept under the
    request's data version (one query when it is not)."""
    return kept("restricted-pages", PageViewRestriction.objects.exists)


class PublicPageMixin:
    """For the public pages: Wagtail's check of their view restrictions (two
    queries: the ancestors, then their restrictions) costs no query while no
    page of the site has any."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
