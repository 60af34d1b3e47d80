"""Sitemap sections shared by the apps; fieldops/sitemaps.py puts the site's sitemap
together. Every address in them is on BASE_URL (fieldops.core.addresses), whatever
host the request came to."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailPageSitemap

from fieldops.core.addresses import absolute_url, base_url


class SiteSitemap(Sitemap):
    """A sitemap section whose addresses are on BASE_URL."""

    # Each language's address, once more languages are switched on.
    i18n = True

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, _, domain = base_url().partition("://")
        return self._urls(page, scheme, domain)


class PageSitemap(WagtailPageSitemap):
    """Wagtail's pages, on BASE_URL rather than on the Site record's host (which
    `manage.py sync_site` keeps equal to it, but an installation may not have run
    it yet)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            url["location"] = absolute_url(path)
        return urls


class ViewSitemap(SiteSitemap):
    """Listings that are Django views rather than Wagtail pages, by URL name
    (such as "documents:list"), in the order given."""

    def __init__(self, request, *, url_names: tuple[str, ...]):
        super().__init__(request)
        self.url_names = url_names

    def items(self):
        return list(self.url_names)

    def location(self, name):
        return reverse(name)
