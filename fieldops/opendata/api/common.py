"""What the API's routers share: the parts every answer has (meta, errors,
sources, periods), the `as_of` parameter and the shapes of dates and amounts."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import WithJsonSchema

from fieldops.core.addresses import absolute_url
from fieldops.core.as_of import AS_OF_REFUSED_DATA, as_of_asked
from fieldops.core.dates import PartialDate
from fieldops.documents.models import Document
from fieldops.operations.time_travel import AsOf

from ..provenance import BadDate, as_of_from, provenance_for

Precision = Literal["day", "month", "year"]
StaffMeaningName = Literal[
    "headcount", "authorised", "ceiling", "maximum", "planned", "observers", "peak"
]
ISO_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DECIMAL = r"^[0-9]+\.[0-9]{2}$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

# Parameters read by the code of the pages (as_of, the vacancy filters), which
# gives its own messages; the spec still says what each value should look like.
DayText = Annotated[
    str,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "maxLength": 0},
            ]
        }
    ),
]

AS_OF = Query(
    None,
    description=(
        "The day to answer about, written YYYY-MM-DD (today if empty or left "
        "out). A future day is replaced by today."
    ),
    example="2020-06-01",
)


class InvalidParameters(Exception):
    """Parameters the API cannot read, with the messages of each."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def as_of_param(raw: str | None) -> AsOf:
    """The `as_of` parameter read as the pages read it.

    Raises InvalidParameters (a 400 naming `as_of`) for a day that is not real
    or not written YYYY-MM-DD."""
    try:
        return as_of_from(raw)
    except BadDate:
        message = _(
            "Write the day as YYYY-MM-DD, a real calendar day, for example 2020-06-01."
        )
        raise InvalidParameters({"as_of": [message]}) from None


def refuse_as_of(request) -> AsOf:
    """Today, for an answer that is the same on every day. Raises
    InvalidParameters (a 400 naming `as_of`) when the request asks for a day:
    ignoring it would pass today's answer off as that day's."""
    if as_of_asked(request):
        raise InvalidParameters({"as_of": [str(AS_OF_REFUSED_DATA)]})
    return today_as_of()


def today_as_of() -> AsOf:
    """Today, for the answers that do not depend on `as_of`."""
    today = timezone.localdate()
    return AsOf(today, today)


def answer_meta(request, as_of: AsOf) -> dict:
    """The `meta` of an answer to `request` about `as_of.day` (see `Meta`)."""
    return {
        **provenance_for(request, as_of.day).as_dict(),
        "future_requested": as_of.future_requested,
    }


# --- shared parts of the answers --------------------------------------------


class Meta(Schema):
    """Where the answer comes from, the day it describes and its licence."""

    source: str = Field(
        description="The address this answer was served from.",
        examples=["https://example.org/api/v1/field-operations/astana"],
    )
    publisher: str = Field(description="The organisation that publishes the data.")
    extracted_at: datetime.datetime = Field(
        description="When the answer was made from the database."
    )
    as_of: datetime.date = Field(
        description="The day the answer describes (today unless `as_of` was given).",
        examples=["2020-06-01"],
    )
    future_requested: datetime.date | None = Field(
        None,
        description=(
            "A future day that was asked for and replaced by today; null otherwise."
        ),
    )
    licence: str = Field(examples=["CC BY 4.0"])
    licence_url: str


class Error(Schema):
    """What went wrong, with the messages of each wrong parameter."""

    detail: str = Field(examples=["Some parameters are not valid."])
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The messages for each parameter that was not accepted.",
        examples=[{"as_of": ["Write the day as YYYY-MM-DD, for example 2020-06-01."]}],
    )


# Besides the answer: not modified, unreadable parameters (or an address over
# FIELDOPS_MAX_URL_LENGTH, fieldops.core.request_limits), no such record or page.
ANSWERS = {304: None, 400: Error, 404: Error}


class Page(Schema):
    """One page of a list, in a stable order."""

    meta: Meta
    count: int = Field(description="How many items the whole list has.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are (at least 1).")
    next: str | None = Field(description="The address of the next page, if any.")
    previous: str | None = Field(
        description="The address of the previous page, if any."
    )


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.", examples=["KZ"])
    name: str = Field(description="Its name in the reader's language.")


class DocumentRef(Schema):
    """An official document of the register, briefly."""

    slug: str = Field(examples=["pc-dec-243"])
    symbol: str = Field(examples=["PC.DEC/243"])
    title: str = Field(examples=["Permanent Council Decision No. 243"])
    url: str = Field(
        description="A public address of the document: its text where that is "
        "published, else a page that names or describes it; or empty."
    )
    page_url: str = Field(description="The document's page in the register.")
    detail_url: str = Field(description="The document in this API.")


class Source(Schema):
    """What a fact rests on: a document of the register, a link, a note."""

    document: DocumentRef | None
    url: str = Field(description="A public address where the fact can be checked.")
    further_urls: list[str] = Field(
        description="Other public addresses that state the same fact."
    )
    note: str = Field(description="What a reader should know about the source.")


class Period(Schema):
    """When a fact holds: its start and end, each known to a day, month or year.
    `end` null means it still holds; `known_on` stands in for an unknown start."""

    start: str | None = Field(
        pattern=ISO_PARTIAL_DATE, examples=["1998-06-11", "2019-01", "2019"]
    )
    start_precision: Precision | None
    end: str | None = Field(pattern=ISO_PARTIAL_DATE)
    end_precision: Precision | None
    known_on: datetime.date | None


def absolute(request, path: str | None) -> str | None:
    """`path` as an absolute address on BASE_URL; None for no path."""
    return absolute_url(path) if path else None


def partial_date(value: PartialDate | None) -> tuple[str | None, str | None]:
    """A partial date as (ISO text at its precision, precision); Nones if unknown."""
    return (value.iso(), str(value.precision)) if value else (None, None)


def document_ref(document: Document, request) -> dict:
    """A document of the register, briefly, with its addresses (see `DocumentRef`)."""
    return {
        "slug": document.slug,
        "symbol": document.symbol,
        "title": document.title,
        "url": document.url,
        "page_url": absolute_url(document.get_absolute_url()),
        "detail_url": absolute_url(
            reverse("api:document_detail", kwargs={"slug": document.slug})
        ),
    }


def source(record, request) -> dict:
    """What a sourced record rests on (see `Source`)."""
    return {
        "document": document_ref(record.source, request) if record.source else None,
        "url": record.source_url,
        "further_urls": list(record.further_source_urls or []),
        "note": record.source_note,
    }


def period(record) -> dict:
    """When a temporal record holds, each end at its precision (see `Period`)."""
    start, start_precision = partial_date(record.start)
    end, end_precision = partial_date(record.end)
    return {
        "start": start,
        "start_precision": start_precision,
        "end": end,
        "end_precision": end_precision,
        "known_on": record.known_on,
    }


def country(value) -> dict:
    """A country's code and its name in the reader's language (see `Country`)."""
    return {"code": value.code, "name": str(value.name)}


def operation_detail_url(slug: str, request) -> str:
    """The address of an operation in this API."""
    return absolute_url(reverse("api:operation_detail", kwargs={"slug": slug}))
