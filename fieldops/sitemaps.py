"""The site's sitemap, put together from the apps' sections: Wagtail's pages, the
listings that are Django views, and every published vacancy, open or closed."""

from django.contrib.sitemaps import views as sitemap_views

from fieldops.core.sitemaps import PageSitemap, ViewSitemap
from fieldops.recruitment.sitemaps import VacancySitemap

LISTINGS = ("documents:list", "recruitment:list", "open_data:index")


def sitemap(request):
    sections = {
        "pages": PageSitemap(request),
        "listings": ViewSitemap(request, url_names=LISTINGS),
        "vacancies": VacancySitemap(request),
    }
    return sitemap_views.sitemap(request, sections)
