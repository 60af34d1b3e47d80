"""Reads of vacancies shared by the list, the vacancy page, the feeds, the sitemap
and the profile; each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Min, Prefetch, QuerySet
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from fieldops.core.kept import kept
from fieldops.core.search import search_words
from fieldops.operations.models import FieldOperation, OperationName, Place, PlaceName

from .forms import grade_key
from .models import FieldOfExpertise, Modality, RecruitmentType, Vacancy

# duty_station_name and operation_name: the API reads them from here.
from .vacancy_page import (  # noqa: F401
    duty_station_name,
    operation_name,
    operation_name_on,
)

# The model field each filter of VacancyFilterForm narrows.
FILTER_LOOKUPS = {
    "operation": "operation_id__in",
    "recruitment_type": "recruitment_type__in",
    "modality": "modality__in",
    "grade": "grade__in",
    "field_of_expertise": "field_of_expertise_id__in",
    "duty_station": "duty_station_id__in",
}


# The order of each `sort` of VacancyFilterForm; the number breaks ties. Among
# vacancies issued on the same day, the one published last is the newest.
SORT_ORDER = {
    "deadline": ("deadline", "number"),
    "posted": (
        F("issued_on").desc(),
        F("first_published_at").desc(nulls_last=True),
        "number",
    ),
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


def _searched(vacancies: QuerySet, q: str) -> QuerySet:
    # The search backend searches only the words (fieldops.core.search); a
    # query without any narrows nothing.
    if not search_words(q):
        return vacancies
    # The search index answers which vacancies match; the database keeps
    # the order, the filters and the related rows.
    matches = get_search_backend().search(q, vacancies, order_by_relevance=False)
    return Vacancy.objects.filter(pk__in=[v.pk for v in matches])


def open_vacancies(
    filters: dict[str, list] | None = None, q: str = "", sort: str = "deadline"
) -> QuerySet:
    """Open vacancies that pass every filter (any of each filter's values) and
    contain the words of `q`, in the order `sort` names (a key of SORT_ORDER:
    by deadline, soonest first, or by issue date, newest first)."""
    vacancies = _searched(_filtered(Vacancy.objects.open(), filters or {}), q)
    return _with_related(vacancies).order_by(*SORT_ORDER[sort])


@dataclass(frozen=True)
class FacetOption:
    """One value of a filter: `value` as the query string writes it, its name,
    how many vacancies it would list, and whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class VacancySearch:
    """The list page's answer: the vacancies (ordered, with their related rows),
    each filter's options by filter name, and the chosen values that name no
    record (by filter name), which is why a list may be empty."""

    vacancies: QuerySet
    facets: dict[str, list[FacetOption]]
    unknown: dict[str, list[str]]


def search_vacancies(
    filters: dict[str, list], q: str = "", sort: str = "deadline"
) -> VacancySearch:
    """The open vacancies as open_vacancies() gives them, with the options of
    every filter and their counts (`filters` as VacancyFilterForm.filters).

    An option's count is that of the vacancies that would be listed with it
    ticked alone in its filter, the other filters and `q` kept. Options with no
    such vacancy are left out unless chosen. One grouped query per filter and
    one or two for the names: a fixed number, whatever the data."""
    base = _searched(Vacancy.objects.open(), q)
    counts = {}
    for name, lookup in FILTER_LOOKUPS.items():
        field = lookup.removesuffix("__in")
        others = {key: values for key, values in filters.items() if key != name}
        rows = (
            _filtered(base, others)
            .order_by()
            .values_list(field)
            .annotate(count=Count("pk"))
        )
        counts[name] = {str(value): count for value, count in rows}
    chosen = {
        name: [str(getattr(value, "pk", value)) for value in values]
        for name, values in filters.items()
    }
    labels = _facet_labels(counts, chosen)
    facets = {}
    for name, names in labels.items():
        picked = chosen.get(name, [])
        options = [
            FacetOption(
                value, names[value], counts[name].get(value, 0), value in picked
            )
            for value in ({*counts[name], *picked} & names.keys())
        ]
        facets[name] = sorted(options, key=_option_order(name, list(names)))
    unknown = {
        name: [value for value in values if value not in labels[name]]
        for name, values in chosen.items()
    }
    vacancies = _with_related(_filtered(base, filters)).order_by(*SORT_ORDER[sort])
    return VacancySearch(
        vacancies,
        facets,
        {name: values for name, values in unknown.items() if values},
    )


def _option_order(name: str, known: list[str]):
    if name in ("recruitment_type", "modality"):
        return lambda option: known.index(option.value)
    if name == "grade":
        return lambda option: grade_key(option.value)
    return lambda option: option.label.casefold()


def _facet_labels(
    counts: dict[str, dict[str, int]], chosen: dict[str, list[str]]
) -> dict[str, dict[str, str]]:
    """The name of every value counted or chosen, by filter; a chosen id that
    names no published record has none."""

    def ids(name):
        values = {*counts[name], *chosen.get(name, ())}
        return [int(value) for value in values]

    today = timezone.localdate()
    operations = FieldOperation.objects.live().filter(pk__in=ids("operation"))
    operations = operations.prefetch_related(
        Prefetch("names", OperationName.objects.live().order_by("valid_from"))
    )
    places = Place.objects.live().filter(pk__in=ids("duty_station"))
    places = places.prefetch_related(Prefetch("names", PlaceName.objects.all()))
    fields = FieldOfExpertise.objects.filter(pk__in=ids("field_of_expertise"))
    grades = {*counts["grade"], *chosen.get("grade", ())}
    return {
        "operation": {str(o.pk): operation_name_on(o, today) for o in operations},
        "recruitment_type": dict(RecruitmentType.choices),
        "modality": dict(Modality.choices),
        "grade": {grade: grade for grade in grades},
        "field_of_expertise": {str(f.pk): f.name for f in fields},
        "duty_station": {
            str(p.pk): p.nearest_name_on(today)[0] or str(p.pk) for p in places
        },
    }


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
    """The open vacancies of one operation, for its profile: one query, kept
    under the request's data version (fieldops/core/kept.py), which changes
    when a deadline passes (next_deadline is one of its clocks)."""

    def read() -> list[Vacancy]:
        return list(
            Vacancy.objects.open()
            .filter(operation_id=operation_id)
            .only("number", "title", "grade", "deadline", "duty_station__time_zone")
            .select_related("duty_station")
            .order_by("deadline", "number")
        )

    return kept(f"operation-open-vacancies:{operation_id}", read)


def next_deadline(now):
    """The earliest deadline still ahead of `now` (aware datetime), or None:
    every answer that lists open vacancies changes then, with nothing written
    (one query; a clock of core.data_version)."""
    return Vacancy.objects.open(now).aggregate(first=Min("deadline"))["first"]
