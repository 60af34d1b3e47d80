"""A field operation's profile as it stood on the day, as the API gives it: each
shape beside the function that makes it from what the selectors return (the
objects the profile page renders)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from fieldops.operations.selectors import Profile

from .common import (
    DECIMAL,
    ISO_PARTIAL_DATE,
    Period,
    Precision,
    Source,
    StaffMeaningName,
    partial_date,
    period,
    source,
)


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


OfficeRoleName = Literal[
    "headquarters",
    "field-office",
    "project-office",
    "branch-office",
    "observation-post",
    "component",
]


class OfficeOnDay(Period):
    place: str = Field(description="The city, under its name of the day.")
    role: OfficeRoleName
    name: str = Field(description="Its own name, if it has one.")
    note: str
    approximate: bool = Field(
        description="The city's name changed around the day at a date not known "
        "exactly."
    )
    period_approximate: bool = Field(
        description="The office opened or closed around the day at a date known "
        "only to the month or year, or uncertain."
    )
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
    observation: bool = Field(
        description="Known only to be in post on `known_on`; when the appointment "
        "began and ended is not known."
    )
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
    meaning: StaffMeaningName = Field(
        description="What the number is: headcount (staff in post), or a ceiling, "
        "a plan... Numbers of different meanings are never added up."
    )
    approximate: bool = Field(description="The source gives it as about or over.")
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
    as_of: datetime.date | None = Field(
        description="The day the figure was reported; null when unknown."
    )
    approximate: bool
    note: str
    stale: bool
    source: Source


class OnDay(Schema):
    """The profile as it stood on the day."""

    name: NameOnDay | None
    host_state: str = Field(
        description="The host state under its name of the day, or a phrase "
        "saying there is no single host.",
        examples=["Federal Republic of Yugoslavia"],
    )
    status: Literal["current", "closed", "unknown"] = Field(
        description="Whether it worked on the day (current before its closure)."
    )
    seat: str | None = Field(description="The headquarters' city, named as then.")
    offices: list[OfficeOnDay] = Field(
        description="The offices open on the day: none once the operation is "
        "closed, none whose start is not recorded."
    )
    undated_offices: list[OfficeOnDay] = Field(
        description="Offices recorded without a start (nor a day they were known "
        "open) and not known to have ended by the day: not known to be open on it."
    )
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
        "name": item.office.name,
        "note": item.office.note,
        "approximate": item.approximate,
        "period_approximate": item.period_approximate,
        "source": source(item.office, request),
    }


def mandate_record(mandate, request) -> dict | None:
    """A mandate and its source (see `MandateOnDay`); None for no mandate."""
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
        "observation": head.is_observation,
        "approximate": head.approximate,
        "source": source(head.appointment, request),
    }


def staffing_lines(snapshot) -> list[dict]:
    """The lines of a staffing snapshot (see `StaffingLine`)."""
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
        "meaning": staffing.snapshot.meaning,
        "approximate": staffing.approximate,
        "breakdown": [
            {"label": str(label), "count": count} for label, count in staffing.breakdown
        ],
        "lines": staffing_lines(staffing.snapshot),
        "contract_type": str(staffing.contract_type),
        "note": staffing.snapshot.note,
        "as_of": staffing.as_of,
        "stale": staffing.stale,
        "source": source(staffing.snapshot, request),
    }


def finance_record(figure, request) -> dict:
    """A financial figure as reported (see `FinanceRecord`)."""
    return {
        "year": figure.year,
        "fund": figure.fund,
        "measure": figure.measure,
        "basis": figure.basis,
        "based_on": figure.based_on,
        "amount": f"{figure.amount:.2f}",
        "currency": figure.currency,
        "as_of": figure.as_of,
        "approximate": figure.approximate,
        "note": figure.note,
        "source": source(figure, request),
    }


def on_day(profile: Profile, request) -> dict:
    """The profile as it stood on its day (see `OnDay`)."""
    return {
        "name": _name_on_day(profile),
        "host_state": profile.host_name,
        "status": str(profile.status),
        "seat": profile.seat.place_name if profile.seat else None,
        "offices": [_office_on_day(item, request) for item in profile.offices],
        "undated_offices": [
            _office_on_day(item, request) for item in profile.undated_offices
        ],
        "mandate": mandate_record(profile.mandate, request),
        "head": _head(profile.head, request),
        "staffing": _staffing(profile.staffing, request),
        "finances": [
            {**finance_record(f.figure, request), "stale": f.stale}
            for f in profile.finances
        ],
    }
