"""What the charts take and give: plain values, no model. A caller builds these
from whatever it reads; the chart functions check them and draw them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils.safestring import SafeString

from fieldops.core.dates import PartialDate, Precision

Number = int | float | Decimal
Day = datetime.date | PartialDate


def checked_url(url: str) -> str:
    """`url` when it is a path or an http(s) address; ValueError otherwise, so that
    no "javascript:" or other scheme reaches an href."""
    if not url or url.startswith(("/", "#")) and not url.startswith("//"):
        return url
    if urlsplit(url).scheme in {"http", "https"}:
        return url
    raise ValueError(f"A chart link must be a path or an http(s) address: {url!r}")


@dataclass(frozen=True)
class Unit:
    """What every value of one chart counts. Two units are the same only when
    both fields are: `label` is what readers see ("staff (headcount)", "staff
    (full-time equivalent)"); `currency`, an ISO 4217 code, makes the values money,
    written as money in the reader's language (`Unit.money("EUR")`)."""

    label: str = ""
    currency: str = ""

    @classmethod
    def money(cls, currency: str) -> Unit:
        return cls(label="", currency=currency.upper())

    def __post_init__(self):
        if not (self.label or self.currency):
            raise ValueError("A unit needs a label or a currency.")


@dataclass(frozen=True)
class TimelineMark:
    """A dated event drawn on a timeline's bar (a rename): `label` says what
    happened ("Renamed OSCE Centre in Astana")."""

    day: Day
    label: str


@dataclass(frozen=True)
class TimelineRow:
    """One bar from `start` to `end` (exclusive, as the records' valid_to; None:
    still open). An end is approximate, drawn faint and written "about", when it
    is a PartialDate known only to the month or year, or marked uncertain (as a
    record's valid_from_uncertain and valid_to_uncertain). `end_unknown` says
    that an end of None is not known, rather than that the row is still open:
    drawn faint up to today, with no arrow; with `ended` as well, the row is
    known to have ended, on a day no record gives. `url` links the row's label
    and bar."""

    label: str
    start: Day
    end: Day | None = None
    url: str = ""
    marks: tuple[TimelineMark, ...] = ()
    start_uncertain: bool = False
    end_uncertain: bool = False
    end_unknown: bool = False
    ended: bool = False

    @property
    def start_approximate(self) -> bool:
        return self.start_uncertain or is_approximate(self.start)

    @property
    def end_approximate(self) -> bool:
        return self.end is not None and (self.end_uncertain or is_approximate(self.end))

    def __post_init__(self):
        checked_url(self.url)
        if self.end is not None and self.end_unknown:
            raise ValueError(f"{self.label!r} has an end, so it is not unknown.")
        if self.ended and not self.end_unknown:
            raise ValueError(f"{self.label!r}: `ended` says more of an unknown end.")
        if self.end is not None and first_day(self.end) < first_day(self.start):
            raise ValueError(f"{self.label!r} ends before it starts.")


@dataclass(frozen=True)
class BarItem:
    """One bar of a comparison: `value` None is shown as "no figure", never as
    zero. Values are never negative. `link_label` names the link to `url` when
    the label alone would not say where it leads ("Source of the figure of
    …"); the label names it otherwise."""

    label: str
    value: Number | None
    unit: Unit
    url: str = ""
    link_label: str = ""

    def __post_init__(self):
        checked_url(self.url)
        if self.value is not None and self.value < 0:
            raise ValueError(f"{self.label!r}: a bar's value cannot be negative.")


@dataclass(frozen=True)
class SeriesPoint:
    """One year's value of a series; `value` None, like a year without a point,
    leaves a gap. `url` links the point, usually to its source."""

    year: int
    value: Number | None
    unit: Unit
    url: str = ""

    def __post_init__(self):
        checked_url(self.url)
        if self.value is not None and self.value < 0:
            raise ValueError(f"{self.year}: a series value cannot be negative.")


@dataclass(frozen=True)
class TableCell:
    """One cell of a chart's data table: plain text (escaped by the template),
    linked when `url` is set."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class ChartTable:
    """The chart's data as a table: `headers` name the columns; the first cell of
    each row heads it."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...] = ()


@dataclass(frozen=True)
class ChartLink:
    """A link over part of a chart: the box from (x, y), `width` by `height`, in
    the SVG's user units; `label` is its accessible name, `tip` what a pointer
    shows over it (it covers the tips drawn in the SVG)."""

    url: str
    label: str
    x: float
    y: float
    width: float
    height: float
    tip: str = ""


@dataclass(frozen=True)
class Chart:
    """A drawn chart. `html` is the safe markup to put in a page: the SVG image
    and, laid over it, its links (an image may hold no links of its own: its
    content is hidden from assistive technology). `svg` is the image alone,
    `links` the links, `table` the same data for core/charts/_table.html.
    Renders as `html` in a template ({{ chart }})."""

    svg: SafeString
    html: SafeString
    table: ChartTable
    title: str
    description: str
    chart_id: str
    links: tuple[ChartLink, ...] = ()
    empty: bool = field(default=False)

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def first_day(day: Day) -> datetime.date:
    return day.date if isinstance(day, PartialDate) else day


def span(day: Day) -> tuple[datetime.date, datetime.date]:
    """The days `day` may be: its month or year when known only to that, else
    the one day (the end exclusive)."""
    if isinstance(day, PartialDate):
        return day.date, day.end
    return day, day + datetime.timedelta(days=1)


def is_approximate(day: Day | None) -> bool:
    """Known only to the month or the year."""
    return isinstance(day, PartialDate) and day.precision != Precision.DAY


def common_unit(units: list[Unit]) -> Unit | None:
    """The one unit of all `units`; ValueError when they differ (EUR beside USD,
    headcount beside full-time equivalents); None when there are none."""
    distinct = list(dict.fromkeys(units))
    if len(distinct) > 1:
        names = ", ".join(unit.currency or str(unit.label) for unit in distinct)
        raise ValueError(f"One chart shows one unit, not several: {names}.")
    return distinct[0] if distinct else None
