"""/field-operations: the list of field operations and each one's detail."""

# No "from __future__ import annotations": ninja reads the parameters' types
# through the pagination wrapper, whose globals are not this module's.
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fieldops.operations.models import FieldOperation, FieldOperationPage
from fieldops.operations.selectors import (
    OperationRecords,
    OperationSummary,
    Profile,
    operation_list,
    profile_as_of,
)

from .changes import LineageItem, lineage_item
from .common import (
    ANSWERS,
    AS_OF,
    ISO_PARTIAL_DATE,
    SLUG_PATTERN,
    Country,
    DayText,
    Meta,
    Page,
    Precision,
    absolute,
    answer_meta,
    as_of_param,
    country,
    operation_detail_url,
    partial_date,
)
from .history import History, history
from .pagination import PAGE, PAGE_SIZE, NumberedPages
from .profile import OnDay, on_day

router = Router(tags=["Field operations"])


class OperationItem(Schema):
    """A field operation as it stood on the day, as the list of operations shows it."""

    slug: str = Field(examples=["astana"])
    name: str | None = Field(
        description="The full name on the day (or the nearest one before it).",
        examples=["OSCE Programme Office in Astana"],
    )
    short_name: str
    presence_kind: str | None = Field(examples=["programme-office"])
    host_country: Country | None = Field(
        description="Null when the operation has no single host."
    )
    established: str | None = Field(
        pattern=ISO_PARTIAL_DATE,
        description="The start of the first name, as precisely as it is known.",
        examples=["1998-06-11"],
    )
    established_precision: Precision | None
    seat: str | None = Field(
        description="The headquarters' city, under its name of the day.",
        examples=["Nur-Sultan"],
    )
    closed: bool
    profile_url: str | None = Field(
        description="The profile page in the reader's language, if it is published."
    )
    detail_url: str


class OperationList(Page):
    items: list[OperationItem]


def operation_item(summary: OperationSummary, request) -> dict:
    """A row of the list of operations (see `OperationItem`)."""
    name = summary.name
    established, precision = partial_date(summary.established)
    return {
        "slug": summary.operation.slug,
        "name": name.full_name if name else None,
        "short_name": name.short_name if name else "",
        "presence_kind": name.presence_kind if name else None,
        "host_country": (
            country(summary.host_country) if summary.host_country else None
        ),
        "established": established,
        "established_precision": precision,
        "seat": summary.seat_name or None,
        "closed": summary.is_closed,
        "profile_url": absolute(request, summary.url),
        "detail_url": operation_detail_url(summary.operation.slug, request),
    }


class Operation(Schema):
    slug: str
    host_country: Country | None = Field(
        description="Null when the operation has no single host."
    )
    region: str = Field(examples=["central-asia"], description="Empty if not given.")
    status: Literal["current", "closed", "unknown"] = Field(
        description="Whether it works today, as the editors record it."
    )
    closed_on: str | None = Field(
        pattern=ISO_PARTIAL_DATE,
        description="The day it closed (the end of its last name), if known.",
    )
    closed_on_precision: Precision | None
    coverage: Literal["full", "partial"] = Field(
        description="How complete its record here is."
    )
    coverage_note: str
    official_url: str
    established: str | None = Field(pattern=ISO_PARTIAL_DATE)
    established_precision: Precision | None
    closed: bool
    profile_url: str | None
    preceded_by: list[LineageItem]
    followed_by: list[LineageItem]
    on_day: OnDay
    history: History


class OperationAnswer(Schema):
    meta: Meta
    data: Operation


def operation(
    profile: Profile, records: OperationRecords, profile_path: str | None, request
) -> dict:
    """The detail of an operation: the profile on the day and its history (see
    `Operation`)."""
    established, precision = partial_date(profile.established)
    closed_on, closed_precision = partial_date(profile.closed_on)
    found = profile.operation
    return {
        "slug": found.slug,
        "host_country": country(found.host_country) if found.host_country else None,
        "region": found.region,
        "status": found.status,
        "closed_on": closed_on,
        "closed_on_precision": closed_precision,
        "coverage": found.coverage,
        "coverage_note": found.coverage_note,
        "official_url": found.official_url,
        "preceded_by": [lineage_item(i, request) for i in profile.preceded_by],
        "followed_by": [lineage_item(i, request) for i in profile.followed_by],
        "established": established,
        "established_precision": precision,
        "closed": profile.is_closed,
        "profile_url": absolute(request, profile_path),
        "on_day": on_day(profile, request),
        "history": history(profile, records, request),
    }


@router.get(
    "",
    response={200: OperationList, **ANSWERS},
    summary="List the field operations",
    description=(
        "Every published field operation as it stood on the day: its name, host "
        "country, establishment, seat and whether it is closed. Open operations "
        "first, then by name."
    ),
    url_name="operation_list",
    # Pinned: clients generated from the spec name their methods after it.
    operation_id="fieldops_opendata_api_list_operations",
)
@paginate(NumberedPages, item=operation_item)
def list_operations(
    request,
    as_of: DayText | None = AS_OF,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The field operations as they stood on the day, a page of them."""
    return operation_list(as_of_param(as_of).day, request=request)


@router.get(
    "/{slug}",
    response={200: OperationAnswer, **ANSWERS},
    summary="Show a field operation",
    description=(
        "The profile as it stood on the day (name, seat, offices, mandate, head, "
        "staffing and figures) and its history up to that day, each fact with "
        "its source. A day before the operation was established is a 404."
    ),
    url_name="operation_detail",
    operation_id="fieldops_opendata_api_get_operation",
)
def get_operation(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=80, example="astana"),
    as_of: DayText | None = AS_OF,
):
    """One field operation's profile on the day and its history."""
    day = as_of_param(as_of)
    try:
        found = FieldOperation.objects.live().get(slug=slug)
    except FieldOperation.DoesNotExist:
        message = _("There is no published field operation with this slug.")
        raise HttpError(404, message) from None
    profile = profile_as_of(found, day.day, today=day.today)
    if profile.established and day.day < profile.established.date:
        message = _("The field operation was established only on %(day)s.") % {
            "day": profile.established.iso()
        }
        raise HttpError(404, message)
    page = FieldOperationPage.objects.live_in_language().filter(operation=found)
    page = page.order_by("pk").first()
    path = page.get_url(request=request) if page else None
    data = operation(profile, profile.records, path, request)
    return {"meta": answer_meta(request, day), "data": data}
