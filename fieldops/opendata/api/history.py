"""A field operation's history up to the day, as the API gives it: every record
that had begun by then, oldest first, and the timeline derived from them."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from fieldops.core.models import started_by
from fieldops.operations.selectors import OperationRecords, Profile

from .changes import ChangeRecord, ClaimRecord, change_record, claim_records
from .common import (
    DECIMAL,
    ISO_PARTIAL_DATE,
    Period,
    Precision,
    Source,
    StaffMeaningName,
    document_ref,
    period,
    source,
)
from .profile import (
    OfficeRoleName,
    StaffingLine,
    finance_record,
    mandate_record,
    staffing_lines,
)


class NameRecord(Period):
    full_name: str
    short_name: str
    presence_kind: str
    change: Literal["established", "renamed", "transformed", "replaced", "closed"]
    note: str
    source: Source


class OfficeRecord(Period):
    place: str = Field(description="The city, under its name when the office opened.")
    role: OfficeRoleName
    name: str = Field(description="Its own name, if it has one.")
    note: str
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
    meaning: StaffMeaningName
    approximate: bool
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
    as_of: datetime.date | None = Field(
        description="The day the figure was reported; null when unknown (it then "
        "counts from the start of its year)."
    )
    approximate: bool
    note: str
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
    changes: list[ChangeRecord] = Field(
        description="The recorded changes (decisions and other events) begun by "
        "the day, in date order, then those recorded without any date (neither "
        "adoption nor effect known), which may fall before or after the day."
    )
    claims: list[ClaimRecord] = Field(
        description="What each source says where sources disagree about a field "
        "of one of the records above; the record holds the preferred claim."
    )
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
        "place": office.place.nearest_name_on(office.effective_start)[0],
        "role": office.role,
        "name": office.name,
        "note": office.note,
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
        "meaning": snapshot.meaning,
        "approximate": snapshot.approximate,
        "total": snapshot.total,
        "lines": staffing_lines(snapshot),
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
        "source": {
            "document": document,
            "url": entry.source_url,
            "further_urls": entry.source_urls[1:] if entry.source_url else [],
            "note": "",
        },
    }


def history(profile: Profile, records: OperationRecords, request) -> dict:
    """Every record begun by the profile's day, oldest first (see `History`)."""
    operation, day = profile.operation, profile.day
    figures = sorted(
        operation.financial_figures.all(),
        key=lambda f: (f.year, f.known_from, f.fund, f.measure),
    )
    appointments = sorted(
        started_by(records.appointments, day), key=lambda a: (a.effective_start, a.pk)
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
            mandate_record(mandate, request)
            for mandate in started_by(operation.mandates.all(), day)
        ],
        "appointments": [_appointment_record(a, request) for a in appointments],
        "staffing": [_staffing_record(s, request) for s in records.staffing_snapshots],
        "financial_figures": [finance_record(figure, request) for figure in figures],
        "changes": [
            change_record(change, request)
            for change in sorted(records.changes or [], key=lambda c: c.day is None)
            if change.day is None or change.day <= day
        ],
        "claims": claim_records(records.claims or {}, request),
        "timeline": [_timeline_entry(entry, request) for entry in profile.timeline],
    }
