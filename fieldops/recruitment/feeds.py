"""RSS and Atom feeds of open vacancies, for all of them or for any filter of the
vacancy list (the same query parameters)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.rich_text import expand_db_html

from . import selectors
from .forms import VacancyFilterForm
from .templatetags.vacancies import local_deadline


class BadFilters(Exception):
    def __init__(self, form):
        self.form = form


@dataclass(frozen=True)
class Filters:
    """The feed's object: the valid filter form and the query it came from."""

    form: VacancyFilterForm
    query: str


class VacancyRssFeed(Feed):
    description = gettext_lazy("Open vacancies, the latest published first.")

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFilters as bad:
            lines = [
                f"{name}: {' '.join(errors)}"
                for name, errors in bad.form.errors.items()
            ]
            message = "\n".join([_("The filters could not be read."), *lines])
            return HttpResponse(
                message, status=400, content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request):
        form = VacancyFilterForm(request.GET)
        if not form.is_valid():
            raise BadFilters(form)
        return Filters(form, request.GET.urlencode())

    def title(self, filters):
        name = settings.FIELDOPS_ORGANISATION_ACRONYM
        if filters.query:
            return _("%(name)s vacancies (filtered)") % {"name": name}
        return _("%(name)s vacancies") % {"name": name}

    def link(self, filters):
        url = reverse("recruitment:list")
        return f"{url}?{filters.query}" if filters.query else url

    def items(self, filters):
        form = filters.form
        return selectors.recent_open_vacancies(form.filters, form.cleaned_data["q"])

    def item_title(self, vacancy):
        return f"{vacancy.title} ({vacancy.grade}), {vacancy.number}"

    def item_description(self, vacancy):
        facts = _("Duty station: %(place)s. Deadline: %(deadline)s.") % {
            "place": selectors.duty_station_name(vacancy),
            "deadline": local_deadline(vacancy),
        }
        return f"<p>{facts}</p>{expand_db_html(vacancy.description)}"

    def item_guid(self, vacancy):
        return vacancy.number

    def item_guid_is_permalink(self, vacancy):
        return False

    def item_pubdate(self, vacancy):
        return vacancy.first_published_at

    def item_updateddate(self, vacancy):
        return vacancy.last_published_at


class VacancyAtomFeed(VacancyRssFeed):
    feed_type = Atom1Feed
    subtitle = VacancyRssFeed.description
