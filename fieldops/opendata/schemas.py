"""The typed shapes of the API's answers, and how each is made from what the
selectors return (the same objects the pages render)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema
from wagtail.rich_text import expand_db_html

from fieldops.core.addresses import absolute_url
from fieldops.core.dates import PartialDate
from fieldops.core.models import started_by
from fieldops.documents.models import Document
from fieldops.operations.selectors import (
    DocumentFact,
    OperationRecords,
    OperationSummary,
    Profile,
    place_name_on,
)
from fieldops.recruitment import selectors as vacancy_selectors
from fieldops.recruitment.models import Vacancy

Precision = Literal["day", "month", "year"]
ISO_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DECIMAL = r"^[0-9]+\.[0-9]{2}$"


# --- shared parts -----------------------------------------------------------


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
    url: str = Field(description="The official text's public address, or empty.")
    page_url: str = Field(description="The document's page in the register.")
    detail_url: str = Field(description="The document in this API.")


class Source(Schema):
    """What a fact rests on: a document of the register, a link, a note."""

    document: DocumentRef | None
    url: str = Field(description="A public address where the fact can be checked.")
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


def _absolute(request, path: str | None) -> str | None:
    return absolute_url(path) if path else None


def _partial(value: PartialDate | None) -> tuple[str | None, str | None]:
    return (value.iso(), str(value.precision)) if value else (None, None)


def document_ref(document: Document, request) -> dict:
    """A document of the register, briefly, with its addresses."""
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
    """What a sourced record rests on."""
    return {
        "document": document_ref(record.source, request) if record.source else None,
        "url": record.source_url,
        "note": record.source_note,
    }


def period(record) -> dict:
    """When a temporal record holds, each end at its precision."""
    start, start_precision = _partial(record.start)
    end, end_precision = _partial(record.end)
    return {
        "start": start,
        "start_precision": start_precision,
        "end": end,
        "end_precision": end_precision,
        "known_on": record.known_on,
    }


def operation_detail_url(slug: str, request) -> str:
    """The address of an operation in this API."""
    return absolute_url(reverse("api:operation_detail", kwargs={"slug": slug}))


# --- field operations -------------------------------------------------------


class OperationItem(Schema):
    """A field operation as it stood on the day, as the list of operations shows it."""

    slug: str = Field(examples=["astana"])
    name: str | None = Field(
        description="The full name on the day (or the nearest one before it).",
        examples=["OSCE Programme Office in Astana"],
    )
    short_name: str
    presence_kind: str | None = Field(examples=["programme-office"])
    host_country: Country
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
    """A row of the list of operations."""
    name = summary.name
    established, precision = _partial(summary.established)
    return {
        "slug": summary.operation.slug,
        "name": name.full_name if name else None,
        "short_name": name.short_name if name else "",
        "presence_kind": name.presence_kind if name else None,
        "host_country": country(summary.host_country),
        "established": established,
        "established_precision": precision,
        "seat": summary.seat_name or None,
        "closed": summary.is_closed,
        "profile_url": _absolute(request, summary.url),
        "detail_url": operation_detail_url(summary.operation.slug, request),
    }


def country(value) -> dict:
    """A country's code and its name in the reader's language."""
    return {"code": value.code, "name": str(value.name)}


class NameOnDay(Schema):
    full_name: str
    short_name: str
    presence_kind: str
    approximate: bool = Field(
        description=(
            "True when the name changed around the day at a date known only to "
            "the month or year, so it may not be the one in use on the day."
        )
    )


class OfficeOnDay(Period):
    place: str = Field(description="The city, under its name of the day.")
    role: Literal["headquarters", "field-office"]
    approximate: bool
    source: Source


class MandateOnDay(Period):
    summary: str
    source: Source


class Head(Schema):
    person: str
    post: str
    honorific: str
    start: str | None = Field(pattern=ISO_PARTIAL_DATE)
    start_precision: Precision | None
    known_on: datetime.date | None
    approximate: bool
    source: Source


class StaffCount(Schema):
    label: str = Field(examples=["international"])
    count: int


class StaffingLine(Schema):
    category: str
    contract_type: str
    funding: str
    count: int


class Staffing(Schema):
    total: int = Field(description="The sum of the lines.")
    breakdown: list[StaffCount]
    lines: list[StaffingLine]
    contract_type: str = Field(
        description="The contract type all staff share, or empty if they differ."
    )
    note: str
    as_of: datetime.date = Field(description="The day the staff were counted.")
    stale: bool = Field(description="Older than the configured age on the day.")
    source: Source


class Finance(Schema):
    year: int
    fund: str = Field(examples=["unified"])
    measure: str = Field(examples=["available"])
    basis: str = Field(examples=["approved"])
    based_on: str = Field(examples=["2021 Unified Budget"])
    amount: str = Field(
        pattern=DECIMAL,
        description="A decimal number written as text, never a float.",
        examples=["2234500.00"],
    )
    currency: str = Field(examples=["EUR"])
    as_of: datetime.date
    stale: bool
    source: Source


class OnDay(Schema):
    """The profile as it stood on the day."""

    name: NameOnDay | None
    seat: str | None = Field(description="The headquarters' city, named as then.")
    offices: list[OfficeOnDay]
    mandate: MandateOnDay | None
    head: Head | None
    staffing: Staffing | None
    finances: list[Finance] = Field(
        description="The latest figure of each fund and measure known on the day."
    )


class NameRecord(Period):
    full_name: str
    short_name: str
    presence_kind: str
    change: Literal["established", "renamed", "transformed", "closed"]
    note: str
    source: Source


class OfficeRecord(Period):
    place: str = Field(description="The city, under its name when the office opened.")
    role: Literal["headquarters", "field-office"]
    source: Source


class MandateRecord(Period):
    summary: str
    source: Source


class AppointmentRecord(Period):
    person: str
    post: str
    post_role: str
    honorific: str
    source: Source


class StaffingRecord(Schema):
    as_of: datetime.date
    total: int
    lines: list[StaffingLine]
    note: str
    source: Source


class FinanceRecord(Schema):
    year: int
    fund: str
    measure: str
    basis: str
    based_on: str
    amount: str = Field(pattern=DECIMAL)
    currency: str
    as_of: datetime.date
    source: Source


class TimelineEntry(Schema):
    date: str = Field(pattern=ISO_PARTIAL_DATE)
    precision: Precision
    text: str = Field(examples=["Renamed OSCE Centre in Astana"])
    note: str
    source: Source


class History(Schema):
    """Every record that had begun by the day, oldest first, and the timeline
    derived from them."""

    names: list[NameRecord]
    offices: list[OfficeRecord]
    mandates: list[MandateRecord]
    appointments: list[AppointmentRecord]
    staffing: list[StaffingRecord]
    financial_figures: list[FinanceRecord]
    timeline: list[TimelineEntry]


class Operation(Schema):
    slug: str
    host_country: Country
    established: str | None = Field(pattern=ISO_PARTIAL_DATE)
    established_precision: Precision | None
    closed: bool
    profile_url: str | None
    on_day: OnDay
    history: History


class OperationAnswer(Schema):
    meta: Meta
    data: Operation


def _lines(snapshot) -> list[dict]:
    return [
        {
            "category": line.category,
            "contract_type": line.contract_type,
            "funding": line.funding,
            "count": line.count,
        }
        for line in snapshot.lines.all()
    ]


def _on_day(profile: Profile, request) -> dict:
    name, head, staffing = profile.name, profile.head, profile.staffing
    return {
        "name": {
            "full_name": name.full_name,
            "short_name": name.short_name,
            "presence_kind": name.presence_kind,
            "approximate": profile.name_approximate,
        }
        if name
        else None,
        "seat": profile.seat.place_name if profile.seat else None,
        "offices": [
            {
                **period(item.office),
                "place": item.place_name,
                "role": item.office.role,
                "approximate": item.approximate,
                "source": source(item.office, request),
            }
            for item in profile.offices
        ],
        "mandate": {
            **period(profile.mandate),
            "summary": profile.mandate.summary,
            "source": source(profile.mandate, request),
        }
        if profile.mandate
        else None,
        "head": {
            "person": head.person.name,
            "post": head.post.title,
            "honorific": head.honorific,
            "start": _partial(head.start)[0],
            "start_precision": _partial(head.start)[1],
            "known_on": head.known_on,
            "approximate": head.approximate,
            "source": source(head.appointment, request),
        }
        if head
        else None,
        "staffing": {
            "total": staffing.total,
            "breakdown": [
                {"label": str(label), "count": count}
                for label, count in staffing.breakdown
            ],
            "lines": _lines(staffing.snapshot),
            "contract_type": str(staffing.contract_type),
            "note": staffing.snapshot.note,
            "as_of": staffing.as_of,
            "stale": staffing.stale,
            "source": source(staffing.snapshot, request),
        }
        if staffing
        else None,
        "finances": [
            {**_figure(f.figure, request), "stale": f.stale} for f in profile.finances
        ],
    }


def _figure(figure, request) -> dict:
    return {
        "year": figure.year,
        "fund": figure.fund,
        "measure": figure.measure,
        "basis": figure.basis,
        "based_on": figure.based_on,
        "amount": f"{figure.amount:.2f}",
        "currency": figure.currency,
        "as_of": figure.as_of,
        "source": source(figure, request),
    }


def _history(profile: Profile, records: OperationRecords, request) -> dict:
    operation, day = profile.operation, profile.day
    offices = []
    for office in started_by(operation.offices.all(), day):
        place = place_name_on(office.place, office.effective_start)[0]
        offices.append(
            {
                **period(office),
                "place": place,
                "role": office.role,
                "source": source(office, request),
            }
        )
    return {
        "names": [
            {
                **period(name),
                "full_name": name.full_name,
                "short_name": name.short_name,
                "presence_kind": name.presence_kind,
                "change": name.change,
                "note": name.note,
                "source": source(name, request),
            }
            for name in started_by(operation.names.all(), day)
        ],
        "offices": offices,
        "mandates": [
            {
                **period(mandate),
                "summary": mandate.summary,
                "source": source(mandate, request),
            }
            for mandate in started_by(operation.mandates.all(), day)
        ],
        "appointments": [
            {
                **period(appointment),
                "person": appointment.person.name,
                "post": appointment.post.title,
                "post_role": appointment.post.role,
                "honorific": appointment.honorific,
                "source": source(appointment, request),
            }
            for appointment in records.appointments
        ],
        "staffing": [
            {
                "as_of": snapshot.as_of,
                "total": snapshot.total,
                "lines": _lines(snapshot),
                "note": snapshot.note,
                "source": source(snapshot, request),
            }
            for snapshot in records.staffing_snapshots
        ],
        "financial_figures": [
            _figure(figure, request)
            for figure in sorted(
                operation.financial_figures.all(),
                key=lambda f: (f.year, f.as_of, f.fund, f.measure),
            )
        ],
        "timeline": [
            {
                "date": entry.date.iso(),
                "precision": str(entry.date.precision),
                "text": entry.text,
                "note": entry.note,
                "source": {
                    "document": document_ref(entry.source, request)
                    if entry.source
                    else None,
                    "url": entry.source_url,
                    "note": "",
                },
            }
            for entry in profile.timeline
        ],
    }


def operation(
    profile: Profile, records: OperationRecords, profile_path: str | None, request
) -> dict:
    """The detail of an operation: the profile on the day and its history."""
    established, precision = _partial(profile.established)
    return {
        "slug": profile.operation.slug,
        "host_country": country(profile.host_country),
        "established": established,
        "established_precision": precision,
        "closed": profile.is_closed,
        "profile_url": _absolute(request, profile_path),
        "on_day": _on_day(profile, request),
        "history": _history(profile, records, request),
    }


# --- documents --------------------------------------------------------------


class DocumentItem(DocumentRef):
    issuing_body: str = Field(examples=["Permanent Council"])
    kind: Literal["decision", "journal", "budget", "report", "other"]
    number: str
    adopted_on: datetime.date | None
    summary: str
    file_url: str | None = Field(description="An uploaded copy of the text, if any.")


class DocumentList(Page):
    items: list[DocumentItem]


class OperationRef(Schema):
    slug: str
    detail_url: str


class Fact(Schema):
    """A dated fact that rests on the document."""

    text: str = Field(examples=["Established as OSCE Centre in Almaty"])
    start: str | None = Field(pattern=ISO_PARTIAL_DATE)
    start_precision: Precision | None
    operation: OperationRef
    profile_url: str | None = Field(
        description="The operation's profile as it stood when the fact began."
    )


class DocumentDetail(DocumentItem):
    facts: list[Fact]


class DocumentAnswer(Schema):
    meta: Meta
    data: DocumentDetail


def document_item(document: Document, request) -> dict:
    """A document as the register lists it."""
    return {
        **document_ref(document, request),
        "issuing_body": document.issuing_body,
        "kind": document.kind,
        "number": document.number,
        "adopted_on": document.adopted_on,
        "summary": document.summary,
        "file_url": _absolute(request, document.file.url) if document.file else None,
    }


def document_detail(document: Document, facts: list[DocumentFact], request) -> dict:
    """The document and the facts that rest on it."""
    items = []
    for fact in facts:
        start, precision = _partial(fact.start)
        profile_url = None
        if fact.page:
            query = f"?as_of={fact.start.date.isoformat()}" if fact.start else ""
            profile_url = _absolute(request, fact.page.get_url(request=request))
            profile_url += query
        items.append(
            {
                "text": fact.text,
                "start": start,
                "start_precision": precision,
                "operation": {
                    "slug": fact.operation.slug,
                    "detail_url": operation_detail_url(fact.operation.slug, request),
                },
                "profile_url": profile_url,
            }
        )
    return {**document_item(document, request), "facts": items}


# --- vacancies --------------------------------------------------------------


class VacancyOperation(Schema):
    id: int = Field(description="The value to filter vacancies by (`operation`).")
    slug: str
    name: str = Field(description="The operation's name today.")
    detail_url: str


class DutyStation(Schema):
    id: int = Field(description="The value to filter vacancies by (`duty_station`).")
    name: str = Field(description="The city's name today.")
    country: str = Field(examples=["KZ"])
    time_zone: str = Field(examples=["Asia/Almaty"])


class FieldOfExpertise(Schema):
    id: int = Field(description="The value to filter by (`field_of_expertise`).")
    slug: str
    name: str


class VacancyItem(Schema):
    number: str = Field(examples=["VNKAZS00123"])
    title: str
    grade: str = Field(examples=["P3"])
    recruitment_type: Literal["international", "local"]
    modality: Literal["seconded", "contracted"]
    field_of_expertise: FieldOfExpertise
    operation: VacancyOperation
    duty_station: DutyStation
    posts: int
    issued_on: datetime.date
    deadline: datetime.datetime = Field(
        description="The last moment to apply, in the duty station's time zone.",
        examples=["2030-01-31T23:59:00+05:00"],
    )
    time_zone: str = Field(
        description="The duty station's time zone, which the deadline is given in.",
        examples=["Asia/Almaty"],
    )
    closed: bool = Field(description="The deadline has passed.")
    funding: Literal["unified", "extrabudgetary"]
    funding_project: str
    apply_url: str
    page_url: str
    detail_url: str


class VacancyList(Page):
    items: list[VacancyItem]


class VacancyDetail(VacancyItem):
    description: str = Field(description="Tasks, requirements and offer, as HTML.")


class VacancyAnswer(Schema):
    meta: Meta
    data: VacancyDetail


def vacancy_item(vacancy: Vacancy, request) -> dict:
    """A vacancy as the list shows it, deadline in the duty station's zone."""
    operation = vacancy.operation
    station = vacancy.duty_station
    return {
        "number": vacancy.number,
        "title": vacancy.title,
        "grade": vacancy.grade,
        "recruitment_type": vacancy.recruitment_type,
        "modality": vacancy.modality,
        "field_of_expertise": {
            "id": vacancy.field_of_expertise.pk,
            "slug": vacancy.field_of_expertise.slug,
            "name": vacancy.field_of_expertise.name,
        },
        "operation": {
            "id": operation.pk,
            "slug": operation.slug,
            "name": vacancy_selectors.operation_name(vacancy),
            "detail_url": operation_detail_url(operation.slug, request),
        },
        "duty_station": {
            "id": station.pk,
            "name": vacancy_selectors.duty_station_name(vacancy),
            "country": station.country.code,
            "time_zone": str(vacancy.time_zone),
        },
        "posts": vacancy.posts,
        "issued_on": vacancy.issued_on,
        "deadline": vacancy.local_deadline,
        "time_zone": str(vacancy.time_zone),
        "closed": not vacancy.is_open,
        "funding": vacancy.funding,
        "funding_project": vacancy.funding_project,
        "apply_url": vacancy.apply_url,
        "page_url": absolute_url(vacancy.get_absolute_url()),
        "detail_url": absolute_url(
            reverse("api:vacancy_detail", kwargs={"number": vacancy.number})
        ),
    }


def vacancy_detail(vacancy: Vacancy, request) -> dict:
    """The vacancy with its description."""
    return {
        **vacancy_item(vacancy, request),
        "description": expand_db_html(vacancy.description),
    }
