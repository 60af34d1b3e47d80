"""The history of a field operation up to a day, from records already loaded.

One rule decides where the events of its life come from: the changes recorded
for it (OperationChange: what happened, who decided, adoption and effect apart)
when it has any, else the changes its names record (established, renamed...).
Mandates and offices add their own events either way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate
from fieldops.documents.models import Document

from ..models import NameChange, OfficeRole, OperationChange
from .records import OperationRecords

NAME_CHANGE_TEXT = {
    NameChange.ESTABLISHED: lambda name: _("Established as %(name)s") % name,
    NameChange.RENAMED: lambda name: _("Renamed %(name)s") % name,
    NameChange.TRANSFORMED: lambda name: _("Transformed into %(name)s") % name,
    NameChange.REPLACED: lambda name: _("Replaced by %(name)s") % name,
    NameChange.CLOSED: lambda name: _("%(name)s closed") % name,
}


@dataclass
class TimelineEntry:
    """One event of the history, derived from a dated record; `change` is the
    recorded change it shows, if it comes from one (its decision, deciding body,
    adoption and effect are then shown apart)."""

    # None for an undated change (see undated_changes).
    date: PartialDate | None
    text: str
    note: str = ""
    source: Document | None = None
    source_url: str = ""
    source_urls: list[str] = field(default_factory=list)
    change: OperationChange | None = None
    record: object = None


@dataclass
class TimelineDay:
    """The events of one (partial) date, with their sources listed once."""

    date: PartialDate
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def sources(self) -> list[Document]:
        unique = {e.source.pk: e.source for e in self.entries if e.source}
        return list(unique.values())

    @property
    def source_urls(self) -> list[str]:
        urls = [url for e in self.entries for url in e.source_urls or [e.source_url]]
        return list(dict.fromkeys(url for url in urls if url))


def change_text(change: OperationChange) -> str:
    """What happened, as a sentence's start: "Mandate extended"."""
    text = str(change.get_kind_display())
    return text[:1].upper() + text[1:]


def _entry(date: PartialDate, record, text: str, note: str = "", **extra):
    return TimelineEntry(
        date,
        text,
        note,
        record.source,
        record.source_url,
        record.source_urls,
        record=record,
        **extra,
    )


def _life_events(records: OperationRecords, day: datetime.date) -> list:
    if records.changes:
        return [
            (
                0,
                _entry(
                    change.date,
                    change,
                    change_text(change),
                    change.note,
                    change=change,
                ),
            )
            for change in records.changes
            if change.day is not None and change.day <= day
        ]
    return [
        (
            0,
            _entry(
                name.start,
                name,
                NAME_CHANGE_TEXT[name.change]({"name": name.full_name}),
                name.note,
            ),
        )
        for name in records.operation.names.all()
        if name.start and name.start.date <= day
    ]


def _office_text(office, seats: int) -> str:
    place = office.place.nearest_name_on(office.effective_start)[0]
    if office.role == OfficeRole.HEADQUARTERS:
        if seats == 0:
            return _("Headquarters opened in %(place)s") % {"place": place}
        return _("Headquarters moved to %(place)s") % {"place": place}
    return _("%(office)s opened in %(place)s") % {
        "office": office.name or office.get_role_display(),
        "place": place,
    }


def timeline(records: OperationRecords, day: datetime.date) -> list[TimelineEntry]:
    """The events begun by `day`, in date order (the life of the operation, then
    mandates, then offices, on the same date). Needs the parts "names", "changes",
    "mandates" and "places" loaded."""
    entries = _life_events(records, day)
    mandates = sorted(records.operation.mandates.all(), key=lambda m: m.effective_start)
    for index, mandate in enumerate(mandates):
        if mandate.start and mandate.start.date <= day:
            text = _("Mandate given") if index == 0 else _("Mandate changed")
            entries.append((1, _entry(mandate.start, mandate, text)))
    offices = sorted(records.operation.offices.all(), key=lambda o: o.effective_start)
    seats = 0
    for office in offices:
        text = _office_text(office, seats)
        seats += office.role == OfficeRole.HEADQUARTERS
        if office.start and office.start.date <= day:
            entries.append((2, _entry(office.start, office, text)))
    entries.sort(key=lambda pair: (pair[1].date.date, pair[0]))
    return [entry for _order, entry in entries]


def undated_changes(records: OperationRecords) -> list[TimelineEntry]:
    """The recorded changes with neither an adoption nor an effective date,
    in the order they were recorded: the history shows them apart, because
    where they fall among the dated events is not known. Needs "changes"."""
    return [
        _entry(None, change, change_text(change), change.note, change=change)
        for change in records.changes or []
        if change.day is None
    ]


def timeline_days(entries: list[TimelineEntry]) -> list[TimelineDay]:
    """The entries grouped by date, in their order."""
    days: list[TimelineDay] = []
    for entry in entries:
        if not days or days[-1].date != entry.date:
            days.append(TimelineDay(entry.date))
        days[-1].entries.append(entry)
    return days
