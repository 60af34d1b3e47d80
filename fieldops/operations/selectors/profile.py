"""The profile of a field operation as it stood on a day, and the list of them.

Both read published_records() once and choose in Python with `holds_on()`, the
same rule as `TemporalQuerySet.as_of()`: a fixed number of queries whatever the
amount of data.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language
from django_countries.fields import Country
from wagtail.images.shortcuts import get_rendition_or_not_found

from fieldops.core.dates import PartialDate, Precision
from fieldops.core.kept import kept
from fieldops.documents.claims import OtherClaim, differing_claims

from ..models import (
    Appointment,
    Coverage,
    FieldOperation,
    FinancialFigure,
    Mandate,
    OperationName,
    OperationStatus,
    PostRole,
    StaffCategory,
    StaffingSnapshot,
    StaffMeaning,
)
from .day_records import records_on
from .offices import OfficeOnDay, offices_on, undated_offices
from .records import OperationRecords, published_records
from .standing import (
    Lineage,
    closed_on,
    establishment,
    host_name_on,
    lineage,
    status_on,
)
from .timeline import (
    TimelineDay,
    TimelineEntry,
    timeline,
    timeline_days,
    undated_changes,
)

# What the profile shows: every part but the posts without holders and pages.
PROFILE_PARTS = frozenset(
    {
        "names",
        "places",
        "mandates",
        "appointments",
        "lines",
        "figures",
        "changes",
        "host_names",
        "successions",
        "claims",
    }
)


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

    @property
    def is_observation(self) -> bool:
        """Known only to be in post on one day, its start and end unknown."""
        return self.appointment.is_observation


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

    @property
    def meaning_label(self) -> str:
        """What the number is when it is not the staff in post ("authorised
        strength"), else empty."""
        if self.snapshot.meaning == StaffMeaning.HEADCOUNT:
            return ""
        return str(self.snapshot.get_meaning_display())

    @property
    def approximate(self) -> bool:
        return self.snapshot.approximate


@dataclass
class Finance:
    """The latest figure of one fund and measure known on the shown day."""

    figure: FinancialFigure
    stale: bool


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
    # The record "established" comes from: the establishment change, else the
    # first name (its claims are shown beside the date).
    established_by: object
    # Open on the day; and those recorded without a start, shown apart.
    offices: list[OfficeOnDay]
    undated_offices: list[OfficeOnDay]
    mandate: Mandate | None
    head: Head | None
    staffing: Staffing | None
    finances: list[Finance]
    timeline: list[TimelineEntry]
    # The recorded changes whose date is not known (shown after the timeline).
    undated: list[TimelineEntry]
    # What the profile was read from (PROFILE_PARTS, staff and figures by `day`).
    records: OperationRecords
    # The host state under its name of the day (see standing.host_name_on).
    host_name: str = ""
    # OperationStatus on the day, and the closing day of a closed operation.
    status: str = OperationStatus.CURRENT
    closed_on: PartialDate | None = None
    preceded_by: list[Lineage] = dataclass_field(default_factory=list)
    followed_by: list[Lineage] = dataclass_field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def is_closed(self) -> bool:
        return self.status == OperationStatus.CLOSED

    @property
    def status_unknown(self) -> bool:
        return self.status == OperationStatus.UNKNOWN

    @property
    def coverage_partial(self) -> bool:
        return self.operation.coverage == Coverage.PARTIAL

    @property
    def host_country(self) -> Country:
        return self.operation.host_country

    @property
    def heading_name(self) -> OperationName | None:
        """The name to call the operation by on the day: the one it bore, else,
        on a day between two names or after the last one ended, the last name
        in force before it (see FieldOperation.last_name_by)."""
        return self.name or self.operation.last_name_by(self.day)

    @property
    def name_in_gap(self) -> bool:
        """No name held on the day, and an earlier one is shown in its place."""
        return self.name is None and self.heading_name is not None

    @property
    def name_uncertain_edge(self) -> PartialDate | None:
        """The imprecise start or end of the name around the shown day."""
        if not self.name_approximate:
            return None
        edges = (
            (self.name.start, self.name.valid_from_uncertain),
            (self.name.end, self.name.valid_to_uncertain),
        )
        return next(
            e
            for e, uncertain in edges
            if e
            and (e.precision != Precision.DAY or uncertain)
            and e.contains(self.day)
        )

    @property
    def name_edge_uncertain(self) -> bool:
        """Whether the name's edge around the day is marked uncertain (rather
        than known only to the month or year)."""
        edge = self.name_uncertain_edge
        if edge is None:
            return False
        return (edge == self.name.start and self.name.valid_from_uncertain) or (
            edge == self.name.end and self.name.valid_to_uncertain
        )

    @property
    def seat(self) -> OfficeOnDay | None:
        return next((o for o in self.offices if o.is_headquarters), None)

    @property
    def timeline_days(self) -> list[TimelineDay]:
        return timeline_days(self.timeline)

    def other_claims(self, record) -> list[OtherClaim]:
        """The claims about `record` that differ from its value (none when
        the claims were not loaded)."""
        return differing_claims(self.records.claims or {}, record)


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
    return Head(appointment, appointment.approximate_on(day))


def _staffing(records: OperationRecords, day: datetime.date) -> Staffing | None:
    if not records.staffing_snapshots:
        return None
    snapshot = records.staffing_snapshots[-1]  # the latest counted by `day`
    lines = list(snapshot.lines.all())
    counts = {}
    # A count not split by category is shown as its total alone.
    split = not any(line.category == StaffCategory.NOT_SPLIT for line in lines)
    for category in StaffCategory if split else ():
        total = sum(line.count for line in lines if line.category == category)
        if any(line.category == category for line in lines):
            counts[category.label] = total
    # A contract type is said only when every line states the same one.
    contract_types = {
        line.get_contract_type_display() if line.contract_type else "" for line in lines
    }
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


# The portrait's Wagtail image filter, as operations/includes/profile_leadership.html
# asks it of `{% image %}` (a tag that takes no variable).
PORTRAIT = "fill-240x300"


def profile_records(operation_id: int) -> OperationRecords:
    """Every published record the profile of the operation `operation_id` shows
    on any day (PROFILE_PARTS, in the reader's language), kept under the
    request's data version (fieldops/core/kept.py): a profile asked for another
    day, or with the page cache off, reads no record again. Choose a day's with
    records_on().

    Raises FieldOperation.DoesNotExist for an unknown id."""

    def read() -> OperationRecords | None:
        found = published_records([operation_id], parts=PROFILE_PARTS)
        if not found:
            return None
        # The portraits' renditions in one query, not one per size; then the one
        # the page shows made where missing. Wagtail adds a new rendition to the
        # prefetched ones, and it is kept with them: without it, each render
        # of the kept records would find none and resize the photo again
        # (Wagtail makes the file before it looks for the row).
        photos = [a.photo for a in found[0].appointments if a.photo is not None]
        prefetch_related_objects(photos, "renditions")
        for photo in photos:
            # As the template's tag does: a photo whose file is lost is no error.
            get_rendition_or_not_found(photo, PORTRAIT)
        return found[0]

    records = kept(f"profile-records:{operation_id}:{get_language()}", read)
    if records is None:
        raise FieldOperation.DoesNotExist(operation_id)
    return records


def profile_as_of(
    operation: FieldOperation | int,
    day: datetime.date,
    *,
    today: datetime.date | None = None,
) -> Profile:
    """The operation's profile (an instance or its id) as it stood on `day`,
    in a fixed number of queries.

    Raises FieldOperation.DoesNotExist for an unknown id."""
    records = records_on(profile_records(getattr(operation, "pk", operation)), day)
    operation = records.operation
    names = records.names
    name = operation.name_on(day)
    mandate = next((m for m in records.mandates if m.holds_on(day)), None)
    preceded_by, followed_by = lineage(records, day)
    established, established_by = establishment(operation)
    status = status_on(operation, name, day)
    return Profile(
        operation=operation,
        day=day,
        today=today or timezone.localdate(),
        name=name,
        name_approximate=bool(name and name.approximate_on(day)),
        first_name=names[0] if names else None,
        established=established,
        established_by=established_by,
        offices=offices_on(operation, day, closed=status == OperationStatus.CLOSED),
        undated_offices=undated_offices(operation, day),
        mandate=mandate,
        head=_head_on(records, day),
        staffing=_staffing(records, day),
        finances=_finances(records, day),
        timeline=timeline(records, day),
        undated=undated_changes(records),
        records=records,
        host_name=host_name_on(records, day),
        status=status,
        closed_on=closed_on(operation),
        preceded_by=preceded_by,
        followed_by=followed_by,
    )
