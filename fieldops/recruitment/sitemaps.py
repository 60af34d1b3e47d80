"""The sitemap: Wagtail's pages, the listings and every published vacancy, open
or closed."""

from django.contrib.sitemaps import views as sitemap_views

from fieldops.core.sitemaps import PageSitemap, SiteSitemap, ViewSitemap

from .models import Vacancy


class VacancySitemap(SiteSitemap):
    def items(self):
        return Vacancy.objects.live().only("number", "last_published_at")

    def lastmod(self, vacancy):
        return vacancy.last_published_at


def sitemap(request):
    sitemaps = {
        "pages": PageSitemap(request),
        "listings": ViewSitemap(request),
        "vacancies": VacancySitemap(request),
    }
    return sitemap_views.sitemap(request, sitemaps)
