"""The detail of a field operation in the API: its profile as it stood on the
day and its history up to that day, each shape beside the function that makes
it from what the selectors return (the objects the profile page renders)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from fieldops.core.models import started_by
from fieldops.operations.selectors import OperationRecords, Profile, place_name_on

from .common import (
    DECIMAL,
    ISO_PARTIAL_DATE,
    Country,
    Meta,
    Period,
    Precision,
    Source,
    absolute,
    country,
    document_ref,
    partial_date,
    period,
    source,
)

# --- on the day -------------------------------------------------------------


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


def _name_on_day(profile: Profile) -> dict | None:
    name = profile.name
    if not name:
        return None
    return {
        "full_name": name.full_name,
        "short_name": name.short_name,
        "presence_kind": name.presence_kind,
        "approximate": profile.name_approximate,
    }


def _office_on_day(item, request) -> dict:
    return {
        **period(item.office),
        "place": item.place_name,
        "role": item.office.role,
        "approximate": item.approximate,
        "source": source(item.office, request),
    }


def _mandate(mandate, request) -> dict | None:
    if not mandate:
        return None
    return {
        **period(mandate),
        "summary": mandate.summary,
        "source": source(mandate, request),
    }


def _head(head, request) -> dict | None:
    if not head:
        return None
    start, start_precision = partial_date(head.start)
    return {
        "person": head.person.name,
        "post": head.post.title,
        "honorific": head.honorific,
        "start": start,
        "start_precision": start_precision,
        "known_on": head.known_on,
        "approximate": head.approximate,
        "source": source(head.appointment, request),
    }


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


def _staffing(staffing, request) -> dict | None:
    if not staffing:
        return None
    return {
        "total": staffing.total,
        "breakdown": [
            {"label": str(label), "count": count} for label, count in staffing.breakdown
        ],
        "lines": _lines(staffing.snapshot),
        "contract_type": str(staffing.contract_type),
        "note": staffing.snapshot.note,
        "as_of": staffing.as_of,
        "stale": staffing.stale,
        "source": source(staffing.snapshot, request),
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


def on_day(profile: Profile, request) -> dict:
    """The profile as it stood on its day (see `OnDay`)."""
    return {
        "name": _name_on_day(profile),
        "seat": profile.seat.place_name if profile.seat else None,
        "offices": [_office_on_day(item, request) for item in profile.offices],
        "mandate": _mandate(profile.mandate, request),
        "head": _head(profile.head, request),
        "staffing": _staffing(profile.staffing, request),
        "finances": [
            {**_figure(f.figure, request), "stale": f.stale} for f in profile.finances
        ],
    }


# --- history ----------------------------------------------------------------


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


def _name_record(name, request) -> dict:
    return {
        **period(name),
        "full_name": name.full_name,
        "short_name": name.short_name,
        "presence_kind": name.presence_kind,
        "change": name.change,
        "note": name.note,
        "source": source(name, request),
    }


def _office_record(office, request) -> dict:
    return {
        **period(office),
        "place": place_name_on(office.place, office.effective_start)[0],
        "role": office.role,
        "source": source(office, request),
    }


def _appointment_record(appointment, request) -> dict:
    return {
        **period(appointment),
        "person": appointment.person.name,
        "post": appointment.post.title,
        "post_role": appointment.post.role,
        "honorific": appointment.honorific,
        "source": source(appointment, request),
    }


def _staffing_record(snapshot, request) -> dict:
    return {
        "as_of": snapshot.as_of,
        "total": snapshot.total,
        "lines": _lines(snapshot),
        "note": snapshot.note,
        "source": source(snapshot, request),
    }


def _timeline_entry(entry, request) -> dict:
    document = document_ref(entry.source, request) if entry.source else None
    return {
        "date": entry.date.iso(),
        "precision": str(entry.date.precision),
        "text": entry.text,
        "note": entry.note,
        "source": {"document": document, "url": entry.source_url, "note": ""},
    }


def history(profile: Profile, records: OperationRecords, request) -> dict:
    """Every record begun by the profile's day, oldest first (see `History`)."""
    operation, day = profile.operation, profile.day
    figures = sorted(
        operation.financial_figures.all(),
        key=lambda f: (f.year, f.as_of, f.fund, f.measure),
    )
    return {
        "names": [
            _name_record(name, request)
            for name in started_by(operation.names.all(), day)
        ],
        "offices": [
            _office_record(office, request)
            for office in started_by(operation.offices.all(), day)
        ],
        "mandates": [
            _mandate(mandate, request)
            for mandate in started_by(operation.mandates.all(), day)
        ],
        "appointments": [_appointment_record(a, request) for a in records.appointments],
        "staffing": [_staffing_record(s, request) for s in records.staffing_snapshots],
        "financial_figures": [_figure(figure, request) for figure in figures],
        "timeline": [_timeline_entry(entry, request) for entry in profile.timeline],
    }


# --- the answer ---------------------------------------------------------------


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


def operation(
    profile: Profile, records: OperationRecords, profile_path: str | None, request
) -> dict:
    """The detail of an operation: the profile on the day and its history (see
    `Operation`)."""
    established, precision = partial_date(profile.established)
    return {
        "slug": profile.operation.slug,
        "host_country": country(profile.host_country),
        "established": established,
        "established_precision": precision,
        "closed": profile.is_closed,
        "profile_url": absolute(request, profile_path),
        "on_day": on_day(profile, request),
        "history": history(profile, records, request),
    }
