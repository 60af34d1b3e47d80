"""The staff and money of field operations side by side for one year, and one
operation's figures over the years.

Only recorded figures: a missing one is None ("no figure"), never zero. Numbers
are grouped so that only like is set beside like: staff counts by meaning,
money by currency, fund and measure.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ..models import FinancialFigure, StaffingSnapshot, StaffMeaning
from .organisation import OperationRow, money_meaning
from .records import OperationRecords

COMPARISON_PARTS = frozenset({"names", "lines", "figures", "page"})

Figure = StaffingSnapshot | FinancialFigure


def figure_value(record: Figure) -> int | Decimal:
    """A staff count's total or an amount of money."""
    if isinstance(record, StaffingSnapshot):
        return record.total
    return record.amount


def source_link(record: Figure | None) -> str:
    """Where the figure's source can be read: its document's page, else the
    address given, else ""."""
    if record is None:
        return ""
    if record.source_id:
        return record.source.get_absolute_url()
    return record.source_url


@dataclass
class ComparedFigure:
    """One operation's figure in a comparison; `record` None: no figure."""

    row: OperationRow
    record: Figure | None

    @property
    def value(self) -> int | Decimal | None:
        return None if self.record is None else figure_value(self.record)

    @property
    def source_url(self) -> str:
        return source_link(self.record)


@dataclass
class FigureSet:
    """Figures of one kind ("staff" or "money") and one meaning (and currency),
    comparable with each other. `key` names it in addresses and data:
    "staff-headcount", "money-EUR-unified-approved"."""

    kind: str
    key: str
    meaning: str
    currency: str
    items: list[ComparedFigure]

    @property
    def reporting(self) -> int:
        return sum(1 for item in self.items if item.record is not None)


@dataclass
class Comparison:
    """Every operation that worked during `year`, its figures of that year
    known by `day`, one set per meaning; `years` are those with any figure."""

    year: int
    day: datetime.date
    years: list[int]
    rows: list[OperationRow]
    staff: list[FigureSet]
    money: list[FigureSet]


def _latest_snapshots(row: OperationRow) -> dict[tuple[int, str], StaffingSnapshot]:
    # The latest count of each year and meaning (snapshots load earliest first).
    latest = {}
    for snapshot in row.operation.staffing_snapshots.all():
        latest[(snapshot.as_of.year, snapshot.meaning)] = snapshot
    return latest


def _latest_figures(row: OperationRow, day) -> dict[tuple, FinancialFigure]:
    figures = FinancialFigure.latest_reports(row.operation.financial_figures.all(), day)
    return {(f.year, f.currency, f.fund, f.measure): f for f in figures}


def figure_years(rows: list[OperationRow], day: datetime.date) -> list[int]:
    """The years for which any of `rows` has a staff count or a figure known
    by `day`, earliest first."""
    years = set()
    for row in rows:
        years |= {year for year, _meaning in _latest_snapshots(row)}
        years |= {key[0] for key in _latest_figures(row, day)}
    return sorted(years)


def _worked_during(row: OperationRow, year: int) -> bool:
    if row.established is None or row.established.date.year > year:
        return False
    if row.end_not_known:
        # Closed on a day not recorded, or its status unknown: it is known to
        # have worked only up to the year of its last recorded name (or of its
        # establishment, when no name is dated), never in the years since.
        starts = [n.start.date for n in row.operation.names.all() if n.live and n.start]
        return year <= max([row.established.date, *starts]).year
    return not (row.closed_on and row.closed_on.date <= datetime.date(year, 1, 1))


def comparison(rows: list[OperationRow], year: int, day: datetime.date) -> Comparison:
    """The figures of `year` known by `day` of every operation in `rows` (from
    operation_rows(day, parts=COMPARISON_PARTS)) that worked during the year
    or has a figure for it: one FigureSet per staff meaning and one per
    currency, fund and measure that any of them reports, each listing every
    such operation (None where it has no figure). Each operation is named as
    it was at the end of `year` (its last name of the year, or of its life if
    it closed then), or on `day` if that comes first; the rows of the result
    are copies of `rows` carrying that name, ordered by it."""
    snapshots = {row.operation.pk: _latest_snapshots(row) for row in rows}
    figures = {row.operation.pk: _latest_figures(row, day) for row in rows}
    staff_keys = sorted(
        {meaning for by in snapshots.values() for (y, meaning) in by if y == year},
        key=list(StaffMeaning.values).index,
    )
    money_keys = sorted(
        {key[1:] for by in figures.values() for key in by if key[0] == year}
    )
    shown = _named_in(
        [
            row
            for row in rows
            if _worked_during(row, year)
            or any(y == year for y, _m in snapshots[row.operation.pk])
            or any(key[0] == year for key in figures[row.operation.pk])
        ],
        min(day, datetime.date(year, 12, 31)),
    )
    staff = [
        FigureSet(
            kind="staff",
            key=f"staff-{meaning}",
            meaning=str(StaffMeaning(meaning).label),
            currency="",
            items=[
                ComparedFigure(row, snapshots[row.operation.pk].get((year, meaning)))
                for row in shown
            ],
        )
        for meaning in staff_keys
    ]
    money = [_money_set(shown, figures, year, key) for key in money_keys]
    return Comparison(year, day, figure_years(rows, day), shown, staff, money)


def _named_in(rows: list[OperationRow], day: datetime.date) -> list[OperationRow]:
    # A name given after `day` is not the one the year's figures were under.
    named = [
        dataclasses.replace(row, name=row.operation.last_name_by(day) or row.name)
        for row in rows
    ]
    return sorted(named, key=lambda row: row.label.casefold())


def _money_set(shown, figures, year: int, key: tuple[str, str, str]) -> FigureSet:
    items = [
        ComparedFigure(row, figures[row.operation.pk].get((year, *key)))
        for row in shown
    ]
    example = next(item.record for item in items if item.record is not None)
    return FigureSet(
        kind="money",
        key="money-" + "-".join(key),
        meaning=money_meaning(example),
        currency=key[0],
        items=items,
    )


@dataclass
class Series:
    """One operation's figures of one meaning (and currency) over the years,
    the latest of each year: (year, record) pairs, earliest first."""

    kind: str
    key: str
    meaning: str
    currency: str
    points: list[tuple[int, Figure]]


def figure_series(records: OperationRecords) -> list[Series]:
    """The staff counts (per meaning) and money (per currency, fund and
    measure) of one operation over the years, from its records as
    published_records() loaded them with "lines" and "figures" (no query).
    Staff first, then money; years without a figure are left out."""
    staff = defaultdict(dict)
    for snapshot in records.staffing_snapshots or ():
        staff[snapshot.meaning][snapshot.as_of.year] = snapshot
    money = defaultdict(dict)
    for figure in FinancialFigure.latest_reports(records.financial_figures or ()):
        money[(figure.currency, figure.fund, figure.measure)][figure.year] = figure
    series = [
        Series(
            "staff",
            f"staff-{meaning}",
            str(StaffMeaning(meaning).label),
            "",
            sorted(staff[meaning].items()),
        )
        for meaning in StaffMeaning.values
        if meaning in staff
    ]
    for key in sorted(money):
        points = sorted(money[key].items())
        meaning = money_meaning(points[0][1])
        series.append(
            Series("money", "money-" + "-".join(key), meaning, key[0], points)
        )
    return series
