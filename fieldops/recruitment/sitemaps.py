"""The vacancies' section of the sitemap: every published vacancy, open or closed."""

from fieldops.core.sitemaps import SiteSitemap

from .models import Vacancy


class VacancySitemap(SiteSitemap):
    def items(self):
        return Vacancy.objects.live().only("number", "last_published_at")

    def lastmod(self, vacancy):
        return vacancy.last_published_at
