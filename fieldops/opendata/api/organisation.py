"""/organisation: the organisation's views of all its field operations, as the
pages at /<lang>/field-operations/ show them: the list with its filters and
sorting and the figures at a glance, the timeline, the comparison of a year,
and one operation's figures over the years. The parameters are read by the
pages' own readers, so both give the same answers and the same messages."""

import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from fieldops.operations import views as pages
from fieldops.operations.models import FieldOperation, OperationStatus, Region
from fieldops.operations.selectors import published_records
from fieldops.operations.selectors.comparison import (
    COMPARISON_PARTS,
    comparison,
    figure_series,
    figure_years,
)
from fieldops.operations.selectors.organisation import (
    SORT_KEYS,
    TIMELINE_PARTS,
    filtered_rows,
    glance,
    operation_rows,
    sorted_rows,
    timeline_bars,
)
from fieldops.operations.time_travel import BadQuery

from ..organisation import (
    comparison_data,
    glance_data,
    row_item,
    series_data,
    timeline_item,
)
from .common import (
    ANSWERS,
    AS_OF,
    SLUG_PATTERN,
    DayText,
    InvalidParameters,
    Meta,
    answer_meta,
)

router = Router(tags=["The organisation"])

Precision = str | None


class LatestHead(Schema):
    name: str
    honorific: str


class StaffInPost(Schema):
    count: int = Field(description="Staff in post (the headcount), a total.")
    as_of: datetime.date = Field(description="The day they were counted.")
    approximate: bool
    source_url: str | None


class LatestBudget(Schema):
    year: int
    amount: str = Field(description="Decimal text, two places.", examples=["1.00"])
    currency: str = Field(examples=["EUR"])
    fund: str = Field(examples=["unified"])
    measure: str = Field(examples=["approved"])
    approximate: bool
    source_url: str | None


class OperationRow(Schema):
    slug: str
    name: str | None = Field(description="The name of the day, or the last one.")
    host_country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    host_name: str = Field(description="The host state's name of the day.")
    region: str | None
    status: str = Field(description="current, closed or unknown on the day.")
    established: str | None
    established_precision: Precision
    closed: str | None
    closed_precision: Precision
    head: LatestHead | None = Field(description="The latest known head.")
    staff: StaffInPost | None = Field(description="The latest count of staff in post.")
    budget: LatestBudget | None = Field(
        description="The latest year's figure (Unified Budget first)."
    )
    profile_url: str | None


class GlanceTotal(Schema):
    year: int
    value: int | str = Field(description="A count, or decimal text for money.")
    currency: str | None
    meaning: str
    reporting: int = Field(description="How many operations the total counts.")
    of: int = Field(description="How many current operations there are.")


class Glance(Schema):
    current_operations: int
    staff: GlanceTotal | None
    money: list[GlanceTotal] = Field(description="One per currency, fund and measure.")


class OperationTable(Schema):
    glance: Glance
    count: int = Field(description="How many operations match the filters.")
    items: list[OperationRow]


class OperationTableAnswer(Schema):
    meta: Meta
    data: OperationTable


class TimelineRename(Schema):
    day: str | None
    precision: Precision
    name: str


class TimelineBar(Schema):
    slug: str
    name: str
    start: str
    start_precision: str
    start_uncertain: bool = Field(
        description="The sources are unsure of the start (an approximate day)."
    )
    end: str | None = Field(
        description="The closure; null while it works, or when `end_unknown`."
    )
    end_precision: Precision
    end_uncertain: bool = Field(
        description="The sources are unsure of the closure (an approximate day)."
    )
    end_unknown: bool = Field(
        description=(
            "No end, yet not known to be working: closed on a day no record "
            "gives (status closed), or not known whether it still works (status "
            "unknown). Never to be drawn as open to today."
        )
    )
    status: str
    renames: list[TimelineRename]
    profile_url: str | None


class OperationsTimelineAnswer(Schema):
    meta: Meta
    data: list[TimelineBar]


class ComparedFigure(Schema):
    slug: str
    name: str
    value: int | str | None = Field(description="null: no figure (never zero).")
    as_of: datetime.date | None
    approximate: bool
    source_url: str | None


class ComparableFigures(Schema):
    key: str = Field(examples=["staff-headcount", "money-EUR-unified-approved"])
    kind: str = Field(description="staff or money.")
    meaning: str
    currency: str | None
    reporting: int
    items: list[ComparedFigure]


class YearComparison(Schema):
    year: int
    years: list[int] = Field(description="The years with any figure.")
    staff: list[ComparableFigures]
    money: list[ComparableFigures]


class YearComparisonAnswer(Schema):
    meta: Meta
    data: YearComparison


class YearFigure(Schema):
    year: int
    value: int | str
    approximate: bool
    source_url: str | None


class FigureSeries(Schema):
    key: str
    kind: str
    meaning: str
    currency: str | None
    points: list[YearFigure]


class FigureSeriesAnswer(Schema):
    meta: Meta
    data: list[FigureSeries]


def _read(name: str, read, *args):
    """A page's query reader; its BadQuery becomes the API's 400, its messages
    under the parameter each is about (`name` when the reader reads one)."""
    try:
        return read(*args)
    except BadQuery as problem:
        raise InvalidParameters(
            problem.parameters or {name: problem.messages}
        ) from None


TEXT = Query("", max_length=100)


def _one_of(values) -> type:
    """A parameter read by the pages' readers (their messages), which the spec
    describes as one of `values` or empty."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": ["", *values]})]


RegionText = _one_of(Region.values)
StatusText = _one_of(OperationStatus.values)
SortText = _one_of([*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)])
YearText = Annotated[
    str,
    WithJsonSchema({"type": "string", "pattern": r"^(|199[1-9]|[2-9][0-9]{3})$"}),
]


@router.get(
    "/field-operations",
    response={200: OperationTableAnswer, **ANSWERS},
    summary="List the field operations with their figures",
    description=(
        "Every published field operation on the day, as the list page shows it: "
        "name, host, region, status, the latest known head, staff in post and "
        "budget, and the organisation at a glance. `region` and `status` filter; "
        "`sort` names a column (name, country, region, status, head, staff, "
        "budget), `-` before it for the reverse order; with `as_of` only the "
        "operations that existed that day."
    ),
    url_name="organisation_list",
)
def list_operations(
    request,
    region: RegionText = TEXT,
    status: StatusText = TEXT,
    sort: SortText = TEXT,
    as_of: DayText | None = AS_OF,
):
    query = {"region": region, "status": status, "sort": sort, "as_of": as_of or ""}
    read = _read("as_of", pages.read_list_query, query)
    day = read["as_of"]
    rows = operation_rows(day.day, request=request, dated_links=read["given"])
    shown = filtered_rows(
        rows,
        region=read["region"],
        status=read["status"],
        existing_on=day.day if read["given"] else None,
    )
    key, descending = read["sort"]
    data = {
        "glance": glance_data(glance(rows, day.day)),
        "count": len(shown),
        "items": [row_item(r) for r in sorted_rows(shown, key, descending=descending)],
    }
    return {"meta": answer_meta(request, day), "data": data}


@router.get(
    "/timeline",
    response={200: OperationsTimelineAnswer, **ANSWERS},
    summary="The field operations over time",
    description=(
        "Every field operation established by the day (today unless `as_of`), "
        "earliest first: its establishment, renames and closure."
    ),
    url_name="organisation_timeline",
)
def timeline(request, as_of: DayText | None = AS_OF):
    day = _read("as_of", pages.read_as_of, as_of or "")
    rows = operation_rows(
        day.day, request=request, parts=TIMELINE_PARTS, dated_links=bool(as_of)
    )
    data = [timeline_item(bar) for bar in timeline_bars(rows, day.day)]
    return {"meta": answer_meta(request, day), "data": data}


@router.get(
    "/comparison",
    response={200: YearComparisonAnswer, **ANSWERS},
    summary="The staff and money of every field operation for a year",
    description=(
        "For `year` (the latest with any figure if left out), every operation that "
        "worked that year, with its figures known by the day: one set per staff "
        "meaning and per currency, fund and measure; `value` null where there is "
        "no figure. Each figure links to its source."
    ),
    url_name="organisation_comparison",
)
def compare(request, year: YearText = TEXT, as_of: DayText | None = AS_OF):
    day = _read("as_of", pages.read_as_of, as_of or "")
    rows = operation_rows(
        day.day, request=request, parts=COMPARISON_PARTS, dated_links=bool(as_of)
    )
    chosen = _read(
        "year", pages.read_year, year, figure_years(rows, day.day), day.today
    )
    data = comparison_data(comparison(rows, chosen, day.day))
    return {"meta": answer_meta(request, day), "data": data}


@router.get(
    "/field-operations/{slug}/figures",
    response={200: FigureSeriesAnswer, **ANSWERS},
    summary="A field operation's staff and money over the years",
    description=(
        "The latest figure of each year known by the day, one series per staff "
        "meaning and per currency, fund and measure; years without a figure are "
        "left out."
    ),
    url_name="organisation_figures",
)
def figures(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=80, example="astana"),
    as_of: DayText | None = AS_OF,
):
    day = _read("as_of", pages.read_as_of, as_of or "")
    found = published_records(
        FieldOperation.objects.live().filter(slug=slug),
        day=day.day,
        parts={"lines", "figures"},
    )
    if not found:
        message = _("There is no published field operation with this slug.")
        raise HttpError(404, message)
    data = [series_data(series) for series in figure_series(found[0])]
    return {"meta": answer_meta(request, day), "data": data}
