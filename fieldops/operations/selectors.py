"""Reads shared by the public pages, the API and the exports.

Every selector runs a fixed number of queries whatever the amount of data: records
are fetched once with their related rows and then filtered in Python with
`holds_on()`, the same rule as `TemporalQuerySet.as_of()`.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries.fields import Country
from wagtail.coreutils import get_supported_content_language_variant

from fieldops.core.dates import PartialDate, Precision
from fieldops.documents.models import Document

from .access.roles import ORGANISATION_ADMINS
from .models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Fund,
    Mandate,
    Measure,
    NameChange,
    Office,
    OfficeRole,
    OperationName,
    Place,
    PlaceName,
    PostRole,
    StaffCategory,
    StaffingLine,
    StaffingSnapshot,
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


def place_name_on(place: Place, day: datetime.date) -> tuple[str, bool]:
    """The place's name on `day` and whether a boundary around it is imprecise.

    Outside every recorded period, the nearest name is used rather than none.
    """
    names = sorted(place.names.all(), key=lambda n: n.effective_start)
    for name in names:
        if name.holds_on(day):
            return name.name, name.approximate_on(day)
    earlier = [n for n in names if n.has_started_by(day)]
    nearest = earlier[-1] if earlier else (names[0] if names else None)
    return (nearest.name, False) if nearest else ("", False)


def _name_on(names: list[OperationName], day: datetime.date):
    return next((n for n in names if n.holds_on(day)), None)


def _offices_prefetch() -> Prefetch:
    return Prefetch(
        "offices",
        Office.objects.live()
        .select_related("place", "source")
        .prefetch_related(Prefetch("place__names", PlaceName.objects.all())),
    )


def _names_prefetch() -> Prefetch:
    return Prefetch(
        "names",
        OperationName.objects.live().select_related("source").order_by("valid_from"),
    )


def _load_operation(operation: FieldOperation | int, day: datetime.date):
    return FieldOperation.objects.prefetch_related(
        _names_prefetch(),
        _offices_prefetch(),
        Prefetch("mandates", Mandate.objects.live().select_related("source")),
        Prefetch(
            "staffing_snapshots",
            StaffingSnapshot.objects.live()
            .filter(as_of__lte=day)
            .select_related("source")
            .prefetch_related(Prefetch("lines", StaffingLine.objects.all()))
            .order_by("-as_of")[:1],
            to_attr="latest_snapshots",
        ),
        Prefetch(
            "financial_figures",
            FinancialFigure.objects.live()
            .known_on(day)
            .select_related("source")
            .order_by("-year", "-as_of"),
        ),
    ).get(pk=getattr(operation, "pk", operation))


def _offices_on(operation: FieldOperation, day: datetime.date) -> list[OfficeOnDay]:
    offices = []
    for office in operation.offices.all():
        if office.holds_on(day):
            place_name, approximate = place_name_on(office.place, day)
            approximate = approximate or office.approximate_on(day)
            offices.append(OfficeOnDay(office, place_name, approximate))
    offices.sort(key=lambda o: (not o.is_headquarters, o.place_name))
    return offices


def _head_on(operation: FieldOperation, day: datetime.date) -> Head | None:
    # One query for every appointment to the head's post, photos' renditions too.
    appointments = (
        Appointment.objects.live()
        .filter(post__operation=operation, post__live=True, post__role=PostRole.HEAD)
        .select_related("post", "person", "photo", "source")
        .prefetch_related("photo__renditions")
    )
    for appointment in appointments:
        if appointment.holds_on(day):
            return Head(appointment, appointment.approximate_on(day))
    return None


def _staffing(operation: FieldOperation, day: datetime.date) -> Staffing | None:
    if not operation.latest_snapshots:
        return None
    snapshot = operation.latest_snapshots[0]
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


def _finances(operation: FieldOperation, day: datetime.date) -> list[Finance]:
    latest: dict[tuple[str, str], FinancialFigure] = {}
    for figure in operation.financial_figures.all():  # latest year, then as_of
        latest.setdefault((figure.fund, figure.measure), figure)
    funds, measures = list(Fund.values), list(Measure.values)
    ordered = sorted(
        latest.values(),
        key=lambda f: (funds.index(f.fund), measures.index(f.measure)),
    )
    return [Finance(f, is_stale(f.as_of, day)) for f in ordered]


NAME_CHANGE_TEXT = {
    NameChange.ESTABLISHED: lambda name: _("Established as %(name)s") % name,
    NameChange.RENAMED: lambda name: _("Renamed %(name)s") % name,
    NameChange.TRANSFORMED: lambda name: _("Transformed into %(name)s") % name,
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
        place = place_name_on(office.place, office.effective_start)[0]
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
    in a fixed number of queries."""
    operation = _load_operation(operation, day)
    names = list(operation.names.all())
    name = _name_on(names, day)
    mandate = next((m for m in operation.mandates.all() if m.holds_on(day)), None)
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
        head=_head_on(operation, day),
        staffing=_staffing(operation, day),
        finances=_finances(operation, day),
        timeline=_timeline(operation, day),
    )


def _live_pages():
    """Published profiles in the reader's language."""
    language = get_supported_content_language_variant(get_language())
    return FieldOperationPage.objects.live().filter(locale__language_code=language)


def operation_list(day: datetime.date, *, request=None) -> list[OperationSummary]:
    """Every published field operation as it stood on `day`, in a fixed number
    of queries. Give the request for site-relative profile URLs."""
    operations = FieldOperation.objects.live().prefetch_related(
        _names_prefetch(),
        _offices_prefetch(),
        Prefetch("pages", _live_pages(), to_attr="live_pages"),
    )
    summaries = []
    for operation in operations:
        names = list(operation.names.all())
        started = [n for n in names if n.has_started_by(day)]
        name = _name_on(names, day) or (started or names or [None])[-1]
        seat = next((o for o in _offices_on(operation, day) if o.is_headquarters), None)
        page = operation.live_pages[0] if operation.live_pages else None
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


@dataclass
class DocumentFact:
    """A dated fact that rests on a document."""

    text: str
    start: PartialDate | None
    operation: FieldOperation
    page: FieldOperationPage | None = None


def facts_resting_on(document: Document) -> list[DocumentFact]:
    """The names, mandates and offices whose source is `document`."""
    facts = []
    names = document.operationname_records.live().select_related("operation")
    for name in names:
        text = NAME_CHANGE_TEXT[name.change]({"name": name.full_name})
        facts.append(DocumentFact(text, name.start, name.operation))
    mandates = document.mandate_records.live().select_related("operation")
    for mandate in mandates:
        facts.append(DocumentFact(_("Mandate"), mandate.start, mandate.operation))
    offices = (
        document.office_records.live()
        .select_related("operation", "place")
        .prefetch_related("place__names")
    )
    for office in offices:
        place = place_name_on(office.place, office.effective_start)[0]
        text = _("%(role)s in %(place)s") % {
            "role": office.get_role_display(),
            "place": place,
        }
        facts.append(DocumentFact(text, office.start, office.operation))
    pages = _live_pages().filter(operation_id__in={f.operation.pk for f in facts})
    by_operation = {page.operation_id: page for page in pages}
    for fact in facts:
        fact.page = by_operation.get(fact.operation.pk)
    return sorted(facts, key=lambda f: f.start.date if f.start else datetime.date.max)


@dataclass
class OperationRecords:
    """The appointments and staff counts of an operation that had begun by a day,
    which the profile shows only the latest of."""

    appointments: list[Appointment]
    staffing_snapshots: list[StaffingSnapshot]
    page: FieldOperationPage | None


def operation_records(operation_id: int, day: datetime.date) -> OperationRecords:
    """Every published appointment started by `day` and every staff count taken by
    `day`, oldest first, with their sources, and the profile page in the reader's
    language (four queries)."""
    appointments = (
        Appointment.objects.live()
        .filter(post__operation_id=operation_id, post__live=True)
        .select_related("post", "person", "source")
    )
    started = [a for a in appointments if a.has_started_by(day)]
    snapshots = (
        StaffingSnapshot.objects.live()
        .filter(operation_id=operation_id, as_of__lte=day)
        .select_related("source")
        .prefetch_related(Prefetch("lines", StaffingLine.objects.all()))
        .order_by("as_of")
    )
    return OperationRecords(
        appointments=sorted(started, key=lambda a: (a.effective_start, a.pk)),
        staffing_snapshots=list(snapshots),
        page=_live_pages().filter(operation_id=operation_id).first(),
    )


def document_register():
    """Published documents as the register lists them: by adoption date, those
    whose date is unknown last, then by symbol."""
    return Document.objects.live().order_by(
        F("adopted_on").asc(nulls_last=True), "symbol"
    )


def operations_of(user):
    """The field operations whose records `user` may see in the admin (a queryset of
    FieldOperation, from the user's role groups); None means every operation
    (superusers and organisation administrators)."""
    if user.is_superuser or user.groups.filter(name=ORGANISATION_ADMINS).exists():
        return None
    return FieldOperation.objects.filter(roles__group__user=user).distinct()
