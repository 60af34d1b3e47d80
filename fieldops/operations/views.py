"""The index page's views of every field operation: the list, the timeline and
the comparison of a year. Each reads its query string, calls the selectors and
returns what the template shows; a value it cannot read raises BadQuery (a 400
page that says why)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts
from .models import OperationStatus, Region
from .selectors.comparison import COMPARISON_PARTS, comparison, figure_years
from .selectors.organisation import (
    SORT_KEYS,
    TIMELINE_PARTS,
    filtered_rows,
    glance,
    operation_rows,
    sorted_rows,
    timeline_bars,
)
from .time_travel import AsOf, BadDate, BadQuery, parse_as_of

FIRST_YEAR = 1991  # the timeline's start: the first field operations

COLUMNS = {
    "name": gettext_lazy("Name"),
    "country": gettext_lazy("Host country"),
    "region": gettext_lazy("Region"),
    "status": gettext_lazy("Status"),
    "head": gettext_lazy("Head"),
    "staff": gettext_lazy("Staff"),
    "budget": gettext_lazy("Budget"),
}


def read_as_of(raw: str | None, today: datetime.date | None = None) -> AsOf:
    """`as_of` as parse_as_of reads it; BadQuery when it is not a day."""
    try:
        return parse_as_of(raw, today or timezone.localdate())
    except BadDate:
        raise BadQuery(
            [
                _(
                    "“%(value)s” is not a day of the calendar written as "
                    "YYYY-MM-DD, for example 2020-06-01."
                )
                % {"value": raw[:40]}
            ]
        ) from None


def read_choice(raw: str, choices, message: str) -> str:
    """`raw` when it is empty or one of the values `choices`; else the
    message, formatted with the value and the accepted ones, as a BadQuery."""
    if not raw or raw in choices:
        return raw
    allowed = ", ".join(choices)
    raise BadQuery([message % {"value": raw[:40], "allowed": allowed}])


def read_sort(raw: str) -> tuple[str, bool]:
    """`sort`: a column of SORT_KEYS, "-" before it for descending; "name"
    when empty. Raises BadQuery."""
    key = raw.removeprefix("-")
    if raw and key not in SORT_KEYS:
        message = _(
            "“%(value)s” is not a column to sort by: use one of %(allowed)s, "
            "with “-” before it for the reverse order."
        )
        raise BadQuery([message % {"value": raw[:40], "allowed": ", ".join(SORT_KEYS)}])
    return key or "name", raw.startswith("-")


REGION_PROBLEM = gettext_lazy(
    "“%(value)s” is not a region: use one of %(allowed)s, or leave it empty for all."
)
STATUS_PROBLEM = gettext_lazy(
    "“%(value)s” is not a status: use one of %(allowed)s, or leave it empty for any."
)


def read_list_query(query) -> dict:
    """The list's query string read: region, status, sort (key, descending)
    and as_of (an AsOf; `given` says whether one was asked). Every problem of
    the query is reported at once, as one BadQuery (its `parameters` say which
    parameter each message is about)."""
    problems: dict[str, list[str]] = {}
    values = {}
    readers = {
        "region": lambda raw: read_choice(raw, Region.values, str(REGION_PROBLEM)),
        "status": lambda raw: read_choice(
            raw, OperationStatus.values, str(STATUS_PROBLEM)
        ),
        "sort": read_sort,
        "as_of": read_as_of,
    }
    for name, read in readers.items():
        try:
            values[name] = read(query.get(name, ""))
        except BadQuery as problem:
            problems[name] = problem.messages
    if problems:
        raise BadQuery(sum(problems.values(), []), problems)
    values["given"] = bool(query.get("as_of"))
    return values


def list_context(request) -> dict:
    """What the list shows: the glance, the filters and the rows."""
    query = read_list_query(request.GET)
    as_of = query["as_of"]
    rows = operation_rows(as_of.day, request=request, dated_links=query["given"])
    shown = filtered_rows(
        rows,
        region=query["region"],
        status=query["status"],
        existing_on=as_of.day if query["given"] else None,
    )
    key, descending = query["sort"]
    return {
        "as_of": as_of,
        "as_of_given": query["given"],
        "glance": glance(rows, as_of.day),
        "operations": sorted_rows(shown, key, descending=descending),
        "total": len(rows),
        "region": query["region"],
        "status": query["status"],
        "regions": Region.choices,
        "statuses": OperationStatus.choices,
        "columns": sort_links(request.GET, key, descending),
    }


def sort_links(query, key: str, descending: bool) -> list[dict]:
    """Each column of the list: its label, the query string that sorts by it
    (the reverse order when it is the column sorted by) and its aria-sort."""
    kept = {
        name: query[name] for name in ("region", "status", "as_of") if query.get(name)
    }
    columns = []
    for column, label in COLUMNS.items():
        sorted_here = column == key
        order = f"-{column}" if sorted_here and not descending else column
        columns.append(
            {
                "key": column,
                "label": label,
                "query": urlencode({**kept, "sort": order}),
                "aria_sort": (
                    ("descending" if descending else "ascending") if sorted_here else ""
                ),
            }
        )
    return columns


def timeline_context(request) -> dict:
    """What the timeline shows: the bars of the operations established by the
    day, and those whose establishment is not known."""
    as_of = read_as_of(request.GET.get("as_of"))
    given = bool(request.GET.get("as_of"))
    rows = operation_rows(
        as_of.day, request=request, parts=TIMELINE_PARTS, dated_links=given
    )
    bars = timeline_bars(rows, as_of.day)
    return {
        "as_of": as_of,
        "as_of_given": given,
        "bars": bars,
        "timeline_chart": charts.timeline(
            bars,
            today=as_of.today,
            first_year=FIRST_YEAR,
            as_of=as_of.day if given else None,
        ),
        "undated": [row for row in rows if row.established is None],
        "first_year": FIRST_YEAR,
    }


def read_year(raw: str, years: list[int], today: datetime.date) -> int:
    """`year`: four digits, FIRST_YEAR or later (a year to come has no figures
    yet, like any year without them); empty: the latest of `years` (this year
    when there are none). Raises BadQuery."""
    if not raw:
        return years[-1] if years else today.year
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and int(raw) >= FIRST_YEAR:
        return int(raw)
    raise BadQuery(
        [
            _("“%(value)s” is not a year: write one from %(first)s on, in four digits.")
            % {"value": raw[:40], "first": FIRST_YEAR}
        ]
    )


def comparison_context(request) -> dict:
    """What the comparison shows: every operation's staff and money of the
    year asked, by meaning, as known on the day."""
    as_of = read_as_of(request.GET.get("as_of"))
    given = bool(request.GET.get("as_of"))
    rows = operation_rows(
        as_of.day, request=request, parts=COMPARISON_PARTS, dated_links=given
    )
    year = read_year(
        request.GET.get("year", ""), figure_years(rows, as_of.day), as_of.today
    )
    found = comparison(rows, year, as_of.day)
    return {
        "as_of": as_of,
        "as_of_given": given,
        "comparison": found,
        "charted": charts.comparison_charts(found),
        "canonical_query": f"year={year}",
    }


VIEWS = {
    "list": list_context,
    "timeline": timeline_context,
    "comparison": comparison_context,
}


def index_context(page, request, context) -> None:
    """Fills the index page's context for the view in context["view"]."""
    context.update(VIEWS[context["view"]](request))
    context["breadcrumb_trail"] = [(page.title, page.get_url(request=request))]
