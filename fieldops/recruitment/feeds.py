"""RSS and Atom feeds of open vacancies, for all of them or for any filter of the
vacancy list (the same query parameters).

Both are valid as the W3C Feed Validator checks them (RSS 2.0, RFC 4287): every
address is absolute and on BASE_URL; an entry's id is its vacancy page's address,
which is the vacancy number (never the title) and the same in every filter; the
organisation is the author; the feed links itself at the very address asked,
query string included, and the vacancy list with the same filters as its
alternate."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.rich_text import expand_db_html

from fieldops.core.addresses import absolute_url, base_url

from . import selectors
from .forms import VacancyFilterForm
from .templatetags.vacancies import local_deadline
from .vacancy_page import duty_station_name

# href="/..." and src="/..." in rich text: a feed is read away from the site, so
# its links must be absolute (the validator warns on relative ones).
_SITE_RELATIVE = re.compile(r"""(\s(?:href|src)=["'])(/(?!/))""")


def absolute_links(html: str) -> str:
    """`html` with its site-relative href and src values made absolute."""
    return _SITE_RELATIVE.sub(lambda match: match[1] + base_url() + match[2], html)


class BadFilters(Exception):
    def __init__(self, form):
        self.form = form


@dataclass(frozen=True)
class Filters:
    """The feed's object: the valid filter form, its query string (without a page
    number) and the address the feed was asked at (path and query)."""

    form: VacancyFilterForm
    query: str
    full_path: str


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
        params = request.GET.copy()
        params.pop("page", None)
        return Filters(form, params.urlencode(), request.get_full_path())

    def title(self, filters):
        name = settings.FIELDOPS_ORGANISATION_ACRONYM
        if filters.query:
            return _("%(name)s vacancies (filtered)") % {"name": name}
        return _("%(name)s vacancies") % {"name": name}

    def link(self, filters):
        url = reverse("recruitment:list")
        return absolute_url(f"{url}?{filters.query}" if filters.query else url)

    def feed_url(self, filters):
        return absolute_url(filters.full_path)

    def feed_guid(self, filters):
        return absolute_url(filters.full_path)

    def author_name(self, filters):
        return settings.FIELDOPS_ORGANISATION_NAME

    def author_link(self, filters):
        return settings.FIELDOPS_ORGANISATION_URL or None

    def items(self, filters):
        form = filters.form
        return selectors.recent_open_vacancies(form.filters, form.cleaned_data["q"])

    def item_title(self, vacancy):
        return f"{vacancy.title} ({vacancy.grade}), {vacancy.number}"

    def item_description(self, vacancy):
        facts = _("Duty station: %(place)s. Deadline: %(deadline)s.") % {
            "place": duty_station_name(vacancy),
            "deadline": local_deadline(vacancy),
        }
        return f"<p>{facts}</p>{absolute_links(expand_db_html(vacancy.description))}"

    def item_link(self, vacancy):
        return absolute_url(vacancy.get_absolute_url())

    def item_guid(self, vacancy):
        # The page's address: it is made of the vacancy number, so it stays the
        # same when the title changes and in every filtered feed.
        return absolute_url(vacancy.get_absolute_url())

    def item_guid_is_permalink(self, vacancy):
        return True

    def item_author_name(self, vacancy):
        return settings.FIELDOPS_ORGANISATION_NAME

    def item_pubdate(self, vacancy):
        # Atom requires every entry's date; a vacancy loaded from a dataset may
        # be live without a publication time, but always has its issue date.
        if vacancy.first_published_at:
            return vacancy.first_published_at
        start = datetime.datetime.combine(vacancy.issued_on, datetime.time())
        return start.replace(tzinfo=vacancy.time_zone)

    def item_updateddate(self, vacancy):
        return vacancy.last_published_at or self.item_pubdate(vacancy)


class VacancyAtomFeed(VacancyRssFeed):
    feed_type = Atom1Feed
    subtitle = VacancyRssFeed.description
