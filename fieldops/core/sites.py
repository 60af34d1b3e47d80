"""The Wagtail sites, each with its root page in its specific form, and whether
any page has a view restriction, read once and kept in the default cache until a
site, a page or a restriction changes.

Wagtail looks the site up on every request (Site.find_for_request: one query)
and then reads the root page again in its specific form (one more). Sites change
almost never; SiteMiddleware hands Wagtail the site from the cache, as the
request's own copy (`request._wagtail_site`, where Wagtail keeps the site of a
request), with its root page already specific. The copy is dropped whenever a
site, a locale or any page is saved, deleted or moved (a page save may be a
root page published: its title or body changed) and after migrations, both at
once and when the transaction commits, so that a request that read the old
rows meanwhile cannot put them back for long; CACHE_SECONDS bounds what such a
race could leave.
"""

from __future__ import annotations

import re

import django
import wagtail
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http.request import split_domain_port
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

# Pickled models are read back by the same versions only (a deployment may
# upgrade them while the cache keeps its entries).
CACHE_KEY = f"fieldops:sites:{django.__version__}:{wagtail.__version__}"
RESTRICTED_KEY = f"fieldops:restricted-pages:{wagtail.__version__}"
CACHE_SECONDS = 300
# The data, the admin and the health check read no site (or do so rarely): they
# are left to Wagtail's own lookup, which reads it only if asked.
NO_SITE_PATHS = re.compile(r"^/(api|exports|admin|healthz)(/|$)")
# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
HOSTNAME_PORT, HOSTNAME_DEFAULT, DEFAULT, HOSTNAME = range(4)


def cached_sites() -> list[Site]:
    """Every site, each with `root_page` in its specific form; from the cache,
    else read (two queries) and cached."""
    sites = cache.get(CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page"))
        for site in sites:
            site.root_page = site.root_page.specific
        cache.set(CACHE_KEY, sites, CACHE_SECONDS)
    return sites


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
    """Whether any page has a view restriction (privacy) at all; from the
    cache, else one query, cached until a restriction is saved or deleted."""
    found = cache.get(RESTRICTED_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(RESTRICTED_KEY, found, CACHE_SECONDS)
    return found


class PublicPageMixin:
    """For the public pages: Wagtail's check of their view restrictions (two
    queries: the ancestors, then their restrictions) costs no query while no
    page of the site has any."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SiteMiddleware:
    """Gives Wagtail the request's site from the cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not NO_SITE_PATHS.match(request.path_info):
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_for(hostname, request.get_port())
        return self.get_response(request)


def forget_sites(**kwargs) -> None:
    """Drops the cached sites and view restrictions now, and again when the
    transaction commits."""
    cache.delete_many([CACHE_KEY, RESTRICTED_KEY])
    transaction.on_commit(lambda: cache.delete_many([CACHE_KEY, RESTRICTED_KEY]))


def connect() -> None:
    """Connects forget_sites to every change that may alter a cached site."""
    for model in (Site, Locale, PageViewRestriction):
        post_save.connect(forget_sites, sender=model, dispatch_uid=f"sites-{model}")
        post_delete.connect(forget_sites, sender=model, dispatch_uid=f"sites-d{model}")
    # Pages are saved as their specific class: any sender, then only pages.
    post_save.connect(_page_changed, dispatch_uid="sites-page-saved")
    post_delete.connect(_page_changed, dispatch_uid="sites-page-deleted")
    post_page_move.connect(forget_sites, dispatch_uid="sites-page-moved")
    # Migrations save through historical models, which send no signal to these.
    post_migrate.connect(forget_sites, dispatch_uid="sites-migrated")


def _page_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        forget_sites()
