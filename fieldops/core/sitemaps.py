"""Sitemap sections shared by the apps."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap


class SiteSitemap(Sitemap):
    """A sitemap section whose addresses are on the Wagtail site's host, as the
    pages' are, not on the request's."""

    # Each language's address, once more languages are switched on.
    i18n = True

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        root_url = PageSitemap(self.request).get_wagtail_site().root_url
        scheme, _, domain = root_url.partition("://")
        return self._urls(page, scheme, domain)


class ViewSitemap(SiteSitemap):
    """The listings that are Django views rather than Wagtail pages."""

    url_names = ("documents:list", "recruitment:list", "open_data:index")

    def items(self):
        return list(self.url_names)

    def location(self, name):
        return reverse(name)
