"""The sitemap: Wagtail's pages and every published vacancy, open or closed."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from .models import Vacancy


class VacancySitemap(Sitemap):
    # Each language's address of a vacancy, once more languages are switched on.
    i18n = True

    def __init__(self, request):
        self.request = request

    def items(self):
        return Vacancy.objects.live().only("number", "last_published_at")

    def lastmod(self, vacancy):
        return vacancy.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        # On the Wagtail site's host, as the pages are, not the request's.
        root_url = PageSitemap(self.request).get_wagtail_site().root_url
        scheme, _, domain = root_url.partition("://")
        return self._urls(page, scheme, domain)


def sitemap(request):
    sitemaps = {"pages": PageSitemap(request), "vacancies": VacancySitemap(request)}
    return sitemap_views.sitemap(request, sitemaps)
