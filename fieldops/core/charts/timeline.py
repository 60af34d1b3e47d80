"""The timeline: one horizontal bar per row (a field operation) on a year axis,
its label above it so that it keeps the full width on a phone."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fieldops.core.dates import PartialDate

from . import svg
from .data import (
    Chart,
    ChartLink,
    ChartTable,
    Day,
    TableCell,
    TimelineMark,
    TimelineRow,
    first_day,
    is_approximate,
    span,
)

LEFT = 4
RIGHT = svg.WIDTH - 16  # room for the arrow of a bar still open
TOP = 30
ROW = 52
BAR_TOP = 25  # from the top of a row
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Axis:
    """Days to x: `start` at LEFT, `end` (today) at RIGHT; an open row reaches
    `open_end` (the "as of" day; `end` when None)."""

    start: datetime.date
    end: datetime.date
    open_end: datetime.date | None = None

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.start), self.end)
        span = (self.end - self.start).days
        return LEFT + (day - self.start).days / span * (RIGHT - LEFT)


def timeline_chart(
    rows: Sequence[TimelineRow],
    *,
    title: str,
    today: datetime.date,
    first_year: int | None = None,
    tick_every: int = 5,
    as_of: datetime.date | None = None,
    description: str = "",
    label_heading: str = "",
    mark_heading: str = "",
    chart_id: str = "",
) -> Chart:
    """Bars from each row's start to its end (open rows reach `today` and end in
    an arrow) on a year axis from 1 January of `first_year` (the earliest start
    when None) to `today`, labelled every `tick_every` years; an optional dashed
    line at `as_of`, where the open rows then stop: what came after that day is
    not the rows' to tell. Rows keep their order. Empty `rows` give a chart that says
    there is no data. ValueError for `tick_every` below 1."""
    if tick_every < 1:
        raise ValueError("tick_every must be at least 1.")
    chart_id = svg.chart_id_or_new(chart_id)
    headings = (label_heading or _("Name"), mark_heading or _("Changes"))
    table = _table(rows, title, *headings)
    if not rows:
        return svg.empty_chart(chart_id, title, table)
    start_year = first_year or min(first_day(row.start).year for row in rows)
    axis = Axis(
        datetime.date(start_year, 1, 1),
        max(today, datetime.date(start_year + 1, 1, 1)),
        as_of,
    )
    bottom = TOP + ROW * len(rows)
    body = svg.join(
        [
            _grid(axis, tick_every, bottom),
            _as_of_line(axis, as_of, bottom) if as_of else "",
            *(_row(axis, row, TOP + ROW * index) for index, row in enumerate(rows)),
        ]
    )
    text = _description(rows, description, as_of)
    picture = svg.Picture(chart_id, title, text, bottom + 50, body)
    return svg.chart(picture, table, _links(rows))


def day_text(day: Day | None, uncertain: bool = False) -> str:
    """A day as precisely as it is known, "about" when only to the month or year
    or when `uncertain`; "still open" for None."""
    if day is None:
        return _("still open")
    if isinstance(day, PartialDate):
        text = str(day)
    else:
        text = date_format(day, "DATE_FORMAT")
    if uncertain or is_approximate(day):
        return _("about %(date)s") % {"date": text}
    return text


def period_text(row: TimelineRow) -> str:
    start = day_text(row.start, row.start_approximate)
    if row.ended:
        return _("from %(start)s; it ended on a day not known") % {"start": start}
    if row.end_unknown:
        return _("from %(start)s; when it ended, if it has, is not known") % {
            "start": start
        }
    if row.end is None:
        return _("from %(start)s, still open") % {"start": start}
    return _("from %(start)s to %(end)s") % {
        "start": start,
        "end": day_text(row.end, row.end_approximate),
    }


def _end_text(row: TimelineRow) -> str:
    if row.end_unknown:
        return _("not known")
    return day_text(row.end, row.end_approximate)


def _row_tip(row: TimelineRow) -> str:
    marks = "".join(f"; {_mark_text(mark)}" for mark in row.marks)
    return f"{row.label}: {period_text(row)}{marks}"


def _mark_text(mark: TimelineMark) -> str:
    return _("%(label)s (%(date)s)") % {"label": mark.label, "date": day_text(mark.day)}


def _description(rows, description: str, as_of: datetime.date | None) -> str:
    sentences = [description] if description else []
    sentences += [f"{_row_tip(row)}." for row in rows]
    if as_of:
        day = date_format(as_of, "DATE_FORMAT")
        sentences.append(_("The vertical line marks %(day)s.") % {"day": day})
    return " ".join(str(sentence) for sentence in sentences)


def _links(rows: Sequence[TimelineRow]) -> list[ChartLink]:
    """A linked row's link covers its label and its bar."""
    return [
        ChartLink(
            row.url,
            row.label,
            0,
            TOP + ROW * index,
            svg.WIDTH,
            ROW - 4,
            tip=_row_tip(row),
        )
        for index, row in enumerate(rows)
        if row.url
    ]


def _table(rows, caption: str, label_heading: str, mark_heading: str) -> ChartTable:
    headers = (label_heading, _("Start"), _("End"), mark_heading)
    return ChartTable(caption, headers, tuple(_table_row(row) for row in rows))


def _table_row(row: TimelineRow) -> tuple[TableCell, ...]:
    return (
        TableCell(row.label, row.url),
        TableCell(day_text(row.start, row.start_approximate)),
        TableCell(_end_text(row)),
        TableCell("; ".join(_mark_text(mark) for mark in row.marks)),
    )


def _grid(axis: Axis, every: int, bottom: float):
    """A line and a year label at each multiple of `every`, above and below."""
    first = -(-axis.start.year // every) * every
    parts = []
    for year in range(first, axis.end.year + 1, every):
        x = axis.x(datetime.date(year, 1, 1))
        anchor = "start" if x < LEFT + 20 else "end" if x > RIGHT - 20 else "middle"
        parts += [
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{grid}"/>',
                x=svg.num(x),
                top=TOP - 8,
                bottom=svg.num(bottom),
                grid=svg.GRID,
            ),
            *(
                svg.text(
                    x,
                    y,
                    str(year),
                    text_anchor=anchor,
                    fill=svg.MUTED,
                    font_size=svg.SMALL_SIZE,
                )
                for y in (TOP - 12, bottom + 18)
            ),
        ]
    return svg.join(parts)


def _row(axis: Axis, row: TimelineRow, top: float):
    """The row's label and its bar, the label drawn as a link when the row has
    one (the link itself lies over the picture: see svg.chart)."""
    tip = svg.tooltip(f"{row.label}: {period_text(row)}")
    label = svg.text(
        LEFT,
        top + svg.LABEL_SIZE,
        svg.fit(row.label, svg.LABEL_SIZE, RIGHT - LEFT),
        fill=svg.LINK if row.url else svg.INK,
        text_decoration="underline" if row.url else "none",
        class_="chart__label",
    )
    bar = format_html(
        "<g>{}{}{}</g>",
        tip,
        _bar(axis, row, top + BAR_TOP),
        svg.join(_mark(axis, mark, top + BAR_TOP) for mark in row.marks),
    )
    return svg.join([label, bar])


def _bar(axis: Axis, row: TimelineRow, y: float):
    """The solid bar, its uncertain ends faint and dashed, an arrow when open;
    an end not known leaves only the start solid, the rest faint."""
    x0 = axis.x(first_day(row.start))
    x1 = axis.x(first_day(row.end) if row.end else axis.open_end or axis.end)
    x1 = max(x1, x0 + 2)
    if row.end_unknown:
        return svg.join(
            [
                _rect("chart__uncertain chart__unknown-end", x0, x1, y, svg.FAINT),
                _rect("chart__bar", x0, x0 + 2, y, svg.BAR),
            ]
        )
    parts = [_rect("chart__bar", x0, x1, y, svg.BAR)]
    for day, approximate in (
        (row.start, row.start_approximate),
        (row.end, row.end_approximate),
    ):
        if approximate:
            first, after = span(day)
            fuzzy_to = max(axis.x(after), axis.x(first) + 8)
            parts.append(
                _rect("chart__uncertain", axis.x(first), fuzzy_to, y, svg.FAINT)
            )
    if row.end is None:
        parts.append(
            format_html(
                '<path class="chart__open" d="M{} {}l12 {}l-12 {}z" fill="{}"/>',
                svg.num(x1),
                svg.num(y - 3),
                BAR_HEIGHT / 2 + 3,
                BAR_HEIGHT / 2 + 3,
                svg.BAR,
            )
        )
    return svg.join(parts)


def _rect(kind: str, x0: float, x1: float, y: float, fill: str):
    """A bar's part; an uncertain one has a dashed outline, for the contrast that
    its faint fill lacks."""
    stroke = (
        format_html(' stroke="{}" stroke-dasharray="3 2"', svg.BAR)
        if kind.startswith("chart__uncertain")
        else ""
    )
    return format_html(
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>',
        kind,
        svg.num(x0),
        svg.num(y),
        svg.num(x1 - x0),
        BAR_HEIGHT,
        fill,
        stroke,
    )


def _mark(axis: Axis, mark: TimelineMark, y: float):
    """A diamond on the bar, named by its own <title>."""
    x = axis.x(first_day(mark.day))
    middle = y + BAR_HEIGHT / 2
    return format_html(
        '<path class="chart__mark" d="M{} {}l7 7l-7 7l-7 -7z" fill="{}" '
        'stroke="{}">{}</path>',
        svg.num(x),
        svg.num(middle - 7),
        svg.MARK,
        svg.INK,
        svg.tooltip(_mark_text(mark)),
    )


def _as_of_line(axis: Axis, as_of: datetime.date, bottom: float):
    x = axis.x(as_of)
    anchor = "start" if x < svg.WIDTH / 2 else "end"
    label = _("as of %(day)s") % {"day": date_format(as_of, "DATE_FORMAT")}
    return format_html(
        '<g class="chart__as-of"><line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" '
        'stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/>{label}</g>',
        x=svg.num(x),
        top=TOP - 8,
        bottom=svg.num(bottom + 24),
        colour=svg.AS_OF,
        label=svg.text(
            x + (4 if anchor == "start" else -4),
            bottom + 40,
            label,
            text_anchor=anchor,
            fill=svg.AS_OF,
            font_size=svg.SMALL_SIZE,
        ),
    )
