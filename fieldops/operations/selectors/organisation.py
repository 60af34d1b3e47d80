"""The organisation's own views of its field operations: the list (with filters
and sorting), the figures at a glance and the timeline.

Each reads published_records() once, for every operation, and chooses in Python:
a fixed number of queries whatever the number of operations or records.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_countries.fields import Country

from fieldops.core.dates import PartialDate
from fieldops.core.models import started_by

from ..models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    HostStateName,
    NameChange,
    OperationName,
    OperationStatus,
    PostRole,
    StaffingSnapshot,
    StaffMeaning,
)
from .records import published_records
from .standing import established_on, establishment, host_name_from

LIST_PARTS = frozenset({"names", "appointments", "lines", "figures", "page"})
TIMELINE_PARTS = frozenset({"names", "page"})


@dataclass
class OperationRow:
    """One field operation as the organisation's list shows it on `day`: under
    the name of that day (or its last, once closed), its status then, its
    latest known head, staff in post and budget of the latest year."""

    operation: FieldOperation
    name: OperationName | None
    host_name: str
    established: PartialDate | None
    closed_on: PartialDate | None
    status: str
    head: Appointment | None
    # The latest count of staff in post (meaning "headcount") known by `day`.
    staff: StaffingSnapshot | None
    # The latest year's figures known by `day`, one per fund and measure; the
    # first (Unified Budget before the others) is the one shown and sorted by.
    budgets: list[FinancialFigure]
    page: FieldOperationPage | None
    url: str | None

    @property
    def end_unknown(self) -> bool:
        """Closed on a day no record gives: never current, never open."""
        return self.operation.status == OperationStatus.CLOSED and not self.closed_on

    @property
    def end_not_known(self) -> bool:
        """No end recorded, yet not known to be working: its status is
        unknown, or it closed on a day no record gives."""
        return self.status == OperationStatus.UNKNOWN or self.end_unknown

    @property
    def host_country(self) -> Country:
        return self.operation.host_country

    @property
    def region(self) -> str:
        return self.operation.region

    @property
    def region_label(self) -> str:
        return self.operation.get_region_display()

    @property
    def label(self) -> str:
        return self.name.full_name if self.name else self.operation.slug

    @property
    def budget(self) -> FinancialFigure | None:
        return self.budgets[0] if self.budgets else None

    @property
    def years(self) -> str:
        """ "1992–1993" for a closed operation (a year unknown is "?"), else ""."""
        if self.status != OperationStatus.CLOSED:
            return ""
        start = str(self.established.date.year) if self.established else "?"
        end = str(self.closed_on.date.year) if self.closed_on else "?"
        return f"{start}–{end}"

    def existed_on(self, day: datetime.date) -> bool:
        """Established by `day` and not closed by then (as far as known: an
        operation closed on an unknown day may have existed then)."""
        return bool(
            self.established
            and self.established.date <= day
            and not (self.closed_on and self.closed_on.date <= day)
        )


def closed_on(operation: FieldOperation) -> PartialDate | None:
    """The day the operation closed, from its names already loaded: the start
    of a "closed" name, else the end of its last name when its status is
    closed; None while it works or when no record says."""
    closure = _closure(operation)
    return closure[0] if closure else None


def _closure(operation: FieldOperation) -> tuple[PartialDate, bool] | None:
    """closed_on() and whether the record it comes from marks it uncertain."""
    names = [n for n in operation.names.all() if n.live]
    closure = next((n for n in names if n.change == NameChange.CLOSED), None)
    if closure is not None and closure.start:
        return closure.start, closure.valid_from_uncertain
    if operation.status == OperationStatus.CLOSED and names and names[-1].end:
        return names[-1].end, names[-1].valid_to_uncertain
    return None


def _status_on(operation, closed: PartialDate | None, day: datetime.date) -> str:
    if closed is not None:
        # Before its closure it was working, whatever it is today.
        return OperationStatus.CLOSED if closed.date <= day else OperationStatus.CURRENT
    return operation.status


def _host_name(operation: FieldOperation, day: datetime.date) -> str:
    # The host state's name of the day (e.g. Yugoslavia), else the country's,
    # else words saying there is none, as the profile says it.
    return host_name_from(operation.host_state_names.all(), operation.host_country, day)


def _latest_head(records, day: datetime.date) -> Appointment | None:
    heads = [a for a in records.appointments or () if a.post.role == PostRole.HEAD]
    holding = [a for a in heads if a.holds_on(day)]
    begun = holding or started_by(heads, day)
    if not begun:
        return None
    return max(begun, key=lambda a: (a.effective_start, a.pk))


def _latest_staff(records) -> StaffingSnapshot | None:
    counts = [
        snapshot
        for snapshot in records.staffing_snapshots or ()
        if snapshot.meaning == StaffMeaning.HEADCOUNT
    ]
    return counts[-1] if counts else None  # loaded earliest first


def _row(records, day: datetime.date, request, query: str) -> OperationRow:
    operation, page = records.operation, records.page
    closed = closed_on(operation)
    # Not established yet on `day`: its earliest recorded name.
    name = operation.last_name_by(day) or (records.names or [None])[0]
    return OperationRow(
        operation=operation,
        name=name,
        host_name=_host_name(operation, day),
        established=established_on(operation),
        closed_on=closed,
        status=_status_on(operation, closed, day),
        head=_latest_head(records, day),
        staff=_latest_staff(records),
        budgets=FinancialFigure.latest_year_reports(
            records.financial_figures or (), day
        ),
        page=page,
        # Wagtail caches the site root paths, so this adds no query a row.
        url=page.get_url(request=request) + query if page else None,
    )


def operation_rows(
    day: datetime.date, *, request=None, parts=LIST_PARTS, dated_links=False
) -> list[OperationRow]:
    """Every published field operation as it stood on `day` (figures known by
    then), by name; in a fixed number of queries. Give the request for
    site-relative profile URLs; with `dated_links` (a view asked about a day)
    each URL carries "?as_of=<day>", so the profile shows that day too.
    `parts` as published_records() takes them (TIMELINE_PARTS are enough for
    names, dates and status)."""
    operations = FieldOperation.objects.live().prefetch_related(
        Prefetch("host_state_names", HostStateName.objects.all())
    )
    # "changes": the establishment is dated by its change (established_on).
    loaded = published_records(operations, day=day, parts={*parts, "changes"})
    query = f"?as_of={day.isoformat()}" if dated_links else ""
    rows = [_row(records, day, request, query) for records in loaded]
    rows.sort(key=lambda row: row.label.casefold())
    return rows


# Sort keys of the list, by column; None for a row without a value.
SORT_KEYS = {
    "name": lambda row: row.label.casefold(),
    "country": lambda row: row.host_name.casefold(),
    "region": lambda row: row.region_label.casefold() or None,
    "status": lambda row: (
        list(OperationStatus.values).index(row.status),
        row.closed_on.date if row.closed_on else datetime.date.max,
    ),
    "head": lambda row: row.head.person.name.casefold() if row.head else None,
    "staff": lambda row: row.staff.total if row.staff else None,
    # Amounts in different currencies are not comparable: grouped by currency.
    "budget": lambda row: (
        (row.budget.currency, row.budget.amount) if row.budget else None
    ),
}


def sorted_rows(
    rows: list[OperationRow], key: str, *, descending: bool = False
) -> list[OperationRow]:
    """`rows` ordered by the column `key` (one of SORT_KEYS), rows without a
    value last either way, ties by name. Raises KeyError for an unknown key."""
    by = SORT_KEYS[key]
    ordered = sorted(rows, key=SORT_KEYS["name"])
    known = [row for row in ordered if by(row) is not None]
    unknown = [row for row in ordered if by(row) is None]
    return sorted(known, key=by, reverse=descending) + unknown


def filtered_rows(
    rows: list[OperationRow],
    *,
    region: str = "",
    status: str = "",
    existing_on: datetime.date | None = None,
) -> list[OperationRow]:
    """The rows of `region` and `status` (a value of Region and OperationStatus;
    empty: any), and, when `existing_on` is given, only the operations that
    existed on that day."""
    return [
        row
        for row in rows
        if (not region or row.region == region)
        and (not status or row.status == status)
        and (existing_on is None or row.existed_on(existing_on))
    ]


@dataclass
class Total:
    """A sum over operations of figures of one meaning (and one currency), for
    one year, with how many of the operations it could count."""

    year: int
    value: int | Decimal
    reporting: int
    of: int
    meaning: str
    currency: str = ""


@dataclass
class Glance:
    """The organisation on a day: its current operations and their totals."""

    day: datetime.date
    current: int
    staff: Total | None
    money: list[Total] = field(default_factory=list)


def glance(rows: list[OperationRow], day: datetime.date) -> Glance:
    """The number of operations current on `day`, their staff in post and their
    money of the latest year any of them reports, from `rows` (all of them, as
    operation_rows() gives them). Staff counts of other meanings are left out;
    money is summed per currency, fund and measure, never across them."""
    current = [
        row
        for row in rows
        if row.status == OperationStatus.CURRENT
        and not row.end_unknown
        and row.existed_on(day)
    ]
    return Glance(
        day=day,
        current=len(current),
        staff=_staff_total(current),
        money=_money_totals(current),
    )


def _staff_total(current: list[OperationRow]) -> Total | None:
    counted = [row.staff for row in current if row.staff]
    if not counted:
        return None
    year = max(snapshot.as_of.year for snapshot in counted)
    of_year = [snapshot for snapshot in counted if snapshot.as_of.year == year]
    return Total(
        year=year,
        value=sum(snapshot.total for snapshot in of_year),
        reporting=len(of_year),
        of=len(current),
        meaning=str(StaffMeaning.HEADCOUNT.label),
    )


def _money_totals(current: list[OperationRow]) -> list[Total]:
    figures = [figure for row in current for figure in row.budgets]
    if not figures:
        return []
    year = max(figure.year for figure in figures)
    groups = defaultdict(list)
    for figure in figures:
        if figure.year == year:
            groups[(figure.currency, figure.fund, figure.measure)].append(figure)
    totals = [
        Total(
            year=year,
            value=sum(figure.amount for figure in group),
            reporting=len({figure.operation_id for figure in group}),
            of=len(current),
            meaning=money_meaning(group[0]),
            currency=currency,
        )
        for (currency, _fund, _measure), group in groups.items()
    ]
    return sorted(totals, key=lambda total: -total.reporting)


def money_meaning(figure: FinancialFigure) -> str:
    """What an amount is, in words: its fund and its measure."""
    return _("%(fund)s, %(measure)s") % {
        "fund": figure.get_fund_display(),
        "measure": figure.get_measure_display(),
    }


@dataclass
class TimelineBar:
    """One operation on the timeline: from its establishment to its closure
    (None: still open, unless `end_unknown`), with its renames and the name of
    the day as label. `start_uncertain` and `end_uncertain` repeat the flags of
    the records the two days come from (a date only inferred, or from a
    doubtful source)."""

    row: OperationRow
    start: PartialDate
    end: PartialDate | None
    renames: list[OperationName]
    start_uncertain: bool = False
    end_uncertain: bool = False

    @property
    def end_unknown(self) -> bool:
        """No end by the day, yet not known to be working either: its status
        is unknown, or it closed on a day no record gives. Such a bar is never
        drawn as open to today."""
        return self.end is None and self.row.end_not_known


def timeline_bars(rows: list[OperationRow], day: datetime.date) -> list[TimelineBar]:
    """The operations established by `day`, earliest first, each with the
    renames begun by then; rows without a known establishment are left out
    (the page lists them)."""
    bars = []
    for row in rows:
        if not row.established or row.established.date > day:
            continue
        names = [n for n in row.operation.names.all() if n.live and n.start]
        renames = [
            n
            for n in names[1:]
            if n.change != NameChange.CLOSED and n.start.date <= day
        ]
        # The record the establishment comes from: a change or the first name.
        source = establishment(row.operation)[1]
        start_uncertain = getattr(
            source, "valid_from_uncertain", getattr(source, "uncertain", False)
        )
        closure = _closure(row.operation)
        closed = closure is not None and closure[0].date <= day
        bars.append(
            TimelineBar(
                row,
                row.established,
                closure[0] if closed else None,
                renames,
                start_uncertain=start_uncertain,
                end_uncertain=closed and closure[1],
            )
        )
    bars.sort(key=lambda bar: (bar.start.date, bar.row.label.casefold()))
    return bars
