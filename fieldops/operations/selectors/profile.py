"""The profile of a field operation as it stood on a day, and the list of them.

Both read published_records() once and choose in Python with `holds_on()`, the
same rule as `TemporalQuerySet.as_of()`: a fixed number of queries whatever the
amount of data.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from fieldops.core.dates import PartialDate, Precision
from fieldops.documents.models import Document

from ..models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    NameChange,
    Office,
    OfficeRole,
    OperationName,
    PostRole,
    StaffCategory,
    StaffingSnapshot,
)
from .records import OperationRecords, published_records

# What the profile shows: every part but the posts without holders and pages.
PROFILE_PARTS = frozenset(
    {"names", "places", "mandates", "appointments", "lines", "figures"}
)


@dataclass
class OfficeOnDay:
    """An office that is open on the shown day, with its city's name of that day."""

    office: Office
    place_name: str
    approximate: bool

    @property
    def is_headquarters(self) -> bool:
        return self.office.role == OfficeRole.HEADQUARTERS


@dataclass
class Head:
    """The head of the operation on the shown day."""

    appointment: Appointment
    approximate: bool

    @property
    def person(self):
        return self.appointment.person

    @property
    def post(self):
        return self.appointment.post

    @property
    def honorific(self) -> str:
        return self.appointment.honorific

    @property
    def photo(self):
        return self.appointment.photo

    @property
    def start(self) -> PartialDate | None:
        return self.appointment.start

    @property
    def known_on(self) -> datetime.date | None:
        return self.appointment.known_on


@dataclass
class Staffing:
    """The latest staff count known on the shown day; the total is a sum."""

    snapshot: StaffingSnapshot
    total: int
    breakdown: list[tuple[str, int]]
    contract_type: str
    stale: bool

    @property
    def as_of(self) -> datetime.date:
        return self.snapshot.as_of


@dataclass
class Finance:
    """The latest figure of one fund and measure known on the shown day."""

    figure: FinancialFigure
    stale: bool


@dataclass
class TimelineEntry:
    """One event of the history, derived from a dated record."""

    date: PartialDate
    text: str
    note: str = ""
    source: Document | None = None
    source_url: str = ""


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
        return list(dict.fromkeys(e.source_url for e in self.entries if e.source_url))


@dataclass
class Profile:
    """Everything the profile shows, as it stood on `day`."""

    operation: FieldOperation
    day: datetime.date
    today: datetime.date
    name: OperationName | None
    name_approximate: bool
    first_name: OperationName | None
    established: PartialDate | None
    offices: list[OfficeOnDay]
    mandate: Mandate | None
    head: Head | None
    staffing: Staffing | None
    finances: list[Finance]
    timeline: list[TimelineEntry]
    # What the profile was read from (PROFILE_PARTS, staff and figures by `day`).
    records: OperationRecords

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def is_closed(self) -> bool:
        return self.name is not None and self.name.change == NameChange.CLOSED

    @property
    def host_country(self) -> Country:
        return self.operation.host_country

    @property
    def name_uncertain_edge(self) -> PartialDate | None:
        """The imprecise start or end of the name around the shown day."""
        if not self.name_approximate:
            return None
        edges = (self.name.start, self.name.end)
        return next(
            e
            for e in edges
            if e and e.precision != Precision.DAY and e.contains(self.day)
        )

    @property
    def seat(self) -> OfficeOnDay | None:
        return next((o for o in self.offices if o.is_headquarters), None)

    @property
    def timeline_days(self) -> list[TimelineDay]:
        days: list[TimelineDay] = []
        for entry in self.timeline:
            if not days or days[-1].date != entry.date:
                days.append(TimelineDay(entry.date))
            days[-1].entries.append(entry)
        return days


@dataclass
class OperationSummary:
    """One row of the list of field operations."""

    operation: FieldOperation
    name: OperationName | None
    host_country: Country
    established: PartialDate | None
    seat_name: str
    is_closed: bool
    page: FieldOperationPage | None
    url: str | None


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < datetime.MINYEAR:
        return datetime.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def is_stale(as_of: datetime.date, day: datetime.date) -> bool:
    """Older than the configured age, counted back from the shown day."""
    return as_of < months_before(day, settings.FIELDOPS_STALE_AFTER_MONTHS)


def established_on(operation: FieldOperation) -> PartialDate | None:
    """The start of the operation's first name (from names already loaded)."""
    starts = [n.start for n in operation.names.all() if n.live and n.start]
    return min(starts, key=lambda s: s.date) if starts else None


def _offices_on(operation: FieldOperation, day: datetime.date) -> list[OfficeOnDay]:
    offices = []
    for office in operation.offices.all():
        if office.holds_on(day):
            place_name, approximate = office.place.nearest_name_on(day)
            approximate = approximate or office.approximate_on(day)
            offices.append(OfficeOnDay(office, place_name, approximate))
    offices.sort(key=lambda o: (not o.is_headquarters, o.place_name))
    return offices


def _head_on(records: OperationRecords, day: datetime.date) -> Head | None:
    holding = [
        appointment
        for appointment in records.appointments
        if appointment.post.role == PostRole.HEAD and appointment.holds_on(day)
    ]
    if not holding:
        return None
    # Heads known only on a day may follow one another: the latest known counts.
    appointment = max(holding, key=lambda a: (a.effective_start, a.pk))
    if appointment.photo is not None:
        # The portrait's renditions in one query, not one per size.
        prefetch_related_objects([appointment.photo], "renditions")
    return Head(appointment, appointment.approximate_on(day))


def _staffing(records: OperationRecords, day: datetime.date) -> Staffing | None:
    if not records.staffing_snapshots:
        return None
    snapshot = records.staffing_snapshots[-1]  # the latest counted by `day`
    lines = list(snapshot.lines.all())
    counts = {}
    for category in StaffCategory:
        total = sum(line.count for line in lines if line.category == category)
        if any(line.category == category for line in lines):
            counts[category.label] = total
    contract_types = {line.get_contract_type_display() for line in lines}
    return Staffing(
        snapshot=snapshot,
        total=sum(line.count for line in lines),
        breakdown=list(counts.items()),
        contract_type=contract_types.pop() if len(contract_types) == 1 else "",
        stale=is_stale(snapshot.as_of, day),
    )


def _finances(records: OperationRecords, day: datetime.date) -> list[Finance]:
    figures = FinancialFigure.latest_year_reports(records.financial_figures, day)
    return [Finance(f, is_stale(f.known_from, day)) for f in figures]


NAME_CHANGE_TEXT = {
    NameChange.ESTABLISHED: lambda name: _("Established as %(name)s") % name,
    NameChange.RENAMED: lambda name: _("Renamed %(name)s") % name,
    NameChange.TRANSFORMED: lambda name: _("Transformed into %(name)s") % name,
    NameChange.REPLACED: lambda name: _("Replaced by %(name)s") % name,
    NameChange.CLOSED: lambda name: _("%(name)s closed") % name,
}


def _timeline(operation: FieldOperation, day: datetime.date) -> list[TimelineEntry]:
    entries: list[tuple[int, TimelineEntry]] = []

    def add(order, record, text, note=""):
        if record.start and record.start.date <= day:
            entry = TimelineEntry(
                record.start, text, note, record.source, record.source_url
            )
            entries.append((order, entry))

    for name in operation.names.all():
        add(0, name, NAME_CHANGE_TEXT[name.change]({"name": name.full_name}), name.note)
    mandates = sorted(operation.mandates.all(), key=lambda m: m.effective_start)
    for index, mandate in enumerate(mandates):
        add(1, mandate, _("Mandate given") if index == 0 else _("Mandate changed"))
    offices = sorted(operation.offices.all(), key=lambda o: o.effective_start)
    seats = 0
    for office in offices:
        place = office.place.nearest_name_on(office.effective_start)[0]
        if office.role == OfficeRole.HEADQUARTERS:
            text = (
                _("Headquarters opened in %(place)s")
                if seats == 0
                else _("Headquarters moved to %(place)s")
            )
            seats += 1
        else:
            text = _("Field office opened in %(place)s")
        add(2, office, text % {"place": place})
    entries.sort(key=lambda pair: (pair[1].date.date, pair[0]))
    return [entry for _order, entry in entries]


def profile_as_of(
    operation: FieldOperation | int,
    day: datetime.date,
    *,
    today: datetime.date | None = None,
) -> Profile:
    """The operation's profile (an instance or its id) as it stood on `day`,
    in a fixed number of queries.

    Raises FieldOperation.DoesNotExist for an unknown id."""
    found = published_records([operation], day=day, parts=PROFILE_PARTS)
    if not found:
        raise FieldOperation.DoesNotExist(getattr(operation, "pk", operation))
    records = found[0]
    operation = records.operation
    names = records.names
    name = operation.name_on(day)
    mandate = next((m for m in records.mandates if m.holds_on(day)), None)
    return Profile(
        operation=operation,
        day=day,
        today=today or timezone.localdate(),
        name=name,
        name_approximate=bool(name and name.approximate_on(day)),
        first_name=names[0] if names else None,
        established=established_on(operation),
        offices=_offices_on(operation, day),
        mandate=mandate,
        head=_head_on(records, day),
        staffing=_staffing(records, day),
        finances=_finances(records, day),
        timeline=_timeline(operation, day),
        records=records,
    )


def operation_list(day: datetime.date, *, request=None) -> list[OperationSummary]:
    """Every published field operation as it stood on `day`, in a fixed number
    of queries. Give the request for site-relative profile URLs."""
    summaries = []
    loaded = published_records(
        FieldOperation.objects.live(), parts={"names", "places", "page"}
    )
    for records in loaded:
        operation, page = records.operation, records.page
        # Not established yet on `day`: its latest recorded name.
        name = operation.last_name_by(day) or (records.names or [None])[-1]
        seat = next((o for o in _offices_on(operation, day) if o.is_headquarters), None)
        summaries.append(
            OperationSummary(
                operation=operation,
                name=name,
                host_country=operation.host_country,
                established=established_on(operation),
                seat_name=seat.place_name if seat else "",
                is_closed=bool(name and name.change == NameChange.CLOSED),
                page=page,
                # Wagtail caches the site root paths, so this adds no query a row.
                url=page.get_url(request=request) if page else None,
            )
        )
    summaries.sort(key=lambda s: (s.is_closed, s.name.full_name if s.name else ""))
    return summaries
