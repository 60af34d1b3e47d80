"""Reads of vacancies shared by the list, the vacancy page, the feeds, the sitemap
and the profile; each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import re

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from fieldops.opendata.json_ld import job_posting
from fieldops.operations.models import OperationName, PlaceName
from fieldops.operations.selectors import place_name_on

from .models import Vacancy

# The model field each filter of VacancyFilterForm narrows.
FILTER_LOOKUPS = {
    "operation": "operation_id__in",
    "recruitment_type": "recruitment_type__in",
    "modality": "modality__in",
    "grade": "grade__in",
    "field_of_expertise": "field_of_expertise_id__in",
    "duty_station": "duty_station_id__in",
}


def _with_related(vacancies: QuerySet) -> QuerySet:
    """What a vacancy's card and page show: its operation's and city's names."""
    return vacancies.select_related(
        "operation", "field_of_expertise", "duty_station"
    ).prefetch_related(
        Prefetch(
            "operation__names",
            OperationName.objects.live().order_by("valid_from"),
        ),
        Prefetch("duty_station__names", PlaceName.objects.all()),
    )


def _filtered(vacancies: QuerySet, filters: dict[str, list]) -> QuerySet:
    for name, values in filters.items():
        values = [getattr(value, "pk", value) for value in values]
        vacancies = vacancies.filter(**{FILTER_LOOKUPS[name]: values})
    return vacancies


def open_vacancies(filters: dict[str, list] | None = None, q: str = "") -> QuerySet:
    """Open vacancies that pass every filter (any of each filter's values) and
    contain the words of `q`, by deadline, soonest first."""
    vacancies = _filtered(Vacancy.objects.open(), filters or {})
    # Only the words: quotes and operators would reach the full-text engine's
    # own query syntax (SQLite FTS5 fails on an unbalanced quote).
    q = " ".join(re.findall(r"\w+", q))
    if q:
        # The search index answers which vacancies match; the database keeps
        # the order, the filters and the related rows.
        matches = get_search_backend().search(q, vacancies, order_by_relevance=False)
        vacancies = Vacancy.objects.filter(pk__in=[v.pk for v in matches])
    return _with_related(vacancies).order_by("deadline", "number")


def recent_open_vacancies(
    filters: dict[str, list] | None = None, q: str = "", limit: int = 50
) -> list[Vacancy]:
    """For the feeds: the open vacancies published last, newest first."""
    return list(
        open_vacancies(filters, q).order_by("-first_published_at", "number")[:limit]
    )


def vacancy_by_number(number: str) -> Vacancy:
    """A published vacancy, open or closed (raises Vacancy.DoesNotExist)."""
    return _with_related(Vacancy.objects.live()).get(number=number)


def operation_open_vacancies(operation_id: int) -> list[Vacancy]:
    """The open vacancies of one operation, for its profile (one query)."""
    return list(
        Vacancy.objects.open()
        .filter(operation_id=operation_id)
        .only("number", "title", "grade", "deadline", "duty_station__time_zone")
        .select_related("duty_station")
        .order_by("deadline", "number")
    )


def operation_name(vacancy: Vacancy) -> str:
    """The operation's name today (from the names already loaded)."""
    today = timezone.localdate()
    names = list(vacancy.operation.names.all())
    current = [n for n in names if n.holds_on(today)] or names
    return current[-1].full_name if current else vacancy.operation.slug


def duty_station_name(vacancy: Vacancy) -> str:
    """The duty station's name today (from the names already loaded)."""
    return place_name_on(vacancy.duty_station, timezone.localdate())[0]


def vacancy_page(vacancy: Vacancy, request) -> dict:
    """What the vacancy page (and its preview in the admin) shows."""
    station = duty_station_name(vacancy)
    return {
        "vacancy": vacancy,
        "is_open": vacancy.is_open,
        "operation_name": operation_name(vacancy),
        "duty_station_name": station,
        "posting": job_posting(vacancy, locality=station),
    }


def last_closing(now=None):
    """The latest deadline that has already passed: the list of open vacancies
    changed then, with nothing written to the audit log (one query)."""
    return Vacancy.objects.closed(now).aggregate(latest=Max("deadline"))["latest"]
