"""A series over years: one point per year with a value, joined by a line that
breaks where a year has none, on a value axis from zero."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import svg
from .data import (
    Chart,
    ChartLink,
    ChartTable,
    SeriesPoint,
    TableCell,
    Unit,
    common_unit,
)

LEFT = 12
RIGHT = svg.WIDTH - 12
TOP = 44
BOTTOM = 224
HEIGHT = BOTTOM + 30
POINT_BOX = 24  # a point's link: at least 19px square on a phone


def series_chart(
    points: Sequence[SeriesPoint],
    *,
    title: str,
    description: str = "",
    years: range | None = None,
    label_heading: str = "",
    chart_id: str = "",
) -> Chart:
    """A point per year with a value over `years` (from the first point's year to
    the last's when None), on an axis from zero; years without a value are gaps,
    never zeros. ValueError when the units differ, a year comes twice or a point
    lies outside `years`. No value at all gives a chart that says so."""
    unit = common_unit([point.unit for point in points])
    by_year = _by_year(points)
    if years is None and by_year:
        years = range(min(by_year), max(by_year) + 1)
    if years is not None and set(by_year) - set(years):
        raise ValueError(f"Points outside {years.start}..{years.stop - 1}.")
    years = years or range(0)
    chart_id = svg.chart_id_or_new(chart_id)
    table = ChartTable(
        caption=title,
        headers=(
            label_heading or _("Year"),
            svg.unit_name(unit) if unit else _("Value"),
        ),
        rows=tuple(_table_row(year, by_year.get(year), unit) for year in years),
    )
    known = {year: p for year, p in by_year.items() if p.value is not None}
    if not known:
        return svg.empty_chart(chart_id, title, table)
    plot = Plot(years, max(float(p.value) for p in known.values()), unit)
    body = svg.join(
        [
            svg.text(
                LEFT, 16, svg.unit_name(unit), fill=svg.MUTED, font_size=svg.SMALL_SIZE
            ),
            _grid(plot),
            _year_labels(plot),
            *(_line(plot, run) for run in _runs(years, known)),
            *(_point(plot, point) for point in known.values()),
        ]
    )
    text = _description(years, known, unit, description)
    links = [_link(plot, point) for point in known.values() if point.url]
    return svg.chart(svg.Picture(chart_id, title, text, HEIGHT, body), table, links)


class Plot:
    """Years to x and values to y; the values' grid lines, written in a gutter
    on the left as wide as the longest of them."""

    def __init__(self, years: range, largest: float, unit: Unit):
        self.years = years
        self.top, step = svg.nice_top(largest)
        self.ticks = [
            svg.tick_value(index * step) for index in range(round(self.top / step) + 1)
        ]
        self.tick_labels = [svg.format_value(tick, unit) for tick in self.ticks]
        widest = max(
            svg.text_width(label, svg.SMALL_SIZE) for label in self.tick_labels
        )
        self.left = LEFT + widest + 6

    def x(self, year: int) -> float:
        if len(self.years) == 1:
            return (self.left + RIGHT) / 2
        share = (year - self.years.start) / (len(self.years) - 1)
        return self.left + 8 + share * (RIGHT - self.left - 16)

    def y(self, value: float) -> float:
        return BOTTOM - float(value) / self.top * (BOTTOM - TOP)


def _by_year(points: Sequence[SeriesPoint]) -> dict[int, SeriesPoint]:
    by_year = {}
    for point in points:
        if point.year in by_year:
            raise ValueError(f"The year {point.year} comes twice.")
        by_year[point.year] = point
    return dict(sorted(by_year.items()))


def _runs(years: range, known: dict[int, SeriesPoint]) -> list[list[SeriesPoint]]:
    """The stretches of consecutive years that have a value."""
    runs, current = [], []
    for year in years:
        if year in known:
            current.append(known[year])
        elif current:
            runs.append(current)
            current = []
    return [*runs, current] if current else runs


def _table_row(year: int, point: SeriesPoint | None, unit: Unit | None):
    if point is None or point.value is None:
        return (TableCell(str(year)), TableCell(_("no figure")))
    return (
        TableCell(str(year)),
        TableCell(svg.format_value(point.value, unit), point.url),
    )


def _description(years, known, unit: Unit, description: str) -> str:
    sentences = [description] if description else []
    sentences.append(_("Values in %(unit)s.") % {"unit": svg.unit_name(unit)})
    sentences += [
        f"{year}: {svg.format_value(point.value, unit)}."
        for year, point in known.items()
    ]
    missing = [str(year) for year in years if year not in known]
    if missing:
        sentences.append(_("No figure for %(years)s.") % {"years": ", ".join(missing)})
    return " ".join(str(sentence) for sentence in sentences)


def _grid(plot: Plot):
    """A line at each tick from zero, its value written before it."""
    parts = []
    for index, (tick, label) in enumerate(
        zip(plot.ticks, plot.tick_labels, strict=True)
    ):
        y = plot.y(float(tick))
        parts += [
            format_html(
                '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                "chart__baseline" if index == 0 else "chart__grid",
                svg.num(plot.left),
                svg.num(y),
                RIGHT,
                svg.num(y),
                svg.INK if index == 0 else svg.GRID,
            ),
            svg.text(
                plot.left - 6,
                y + 5,
                label,
                text_anchor="end",
                fill=svg.MUTED,
                font_size=svg.SMALL_SIZE,
            ),
        ]
    return svg.join(parts)


def _year_labels(plot: Plot):
    """Few enough year labels to fit a phone: every 1, 2, 5, 10 or 20 years."""
    every = next(step for step in (1, 2, 5, 10, 20, 50) if len(plot.years) / step <= 7)
    shown = [year for year in plot.years if year % every == 0] or [plot.years.start]
    return svg.join(
        svg.text(
            plot.x(year),
            BOTTOM + 20,
            str(year),
            text_anchor="middle",
            fill=svg.MUTED,
            font_size=svg.SMALL_SIZE,
        )
        for year in shown
    )


def _line(plot: Plot, run: list[SeriesPoint]):
    if len(run) < 2:
        return ""
    coordinates = " ".join(
        f"{svg.num(plot.x(p.year))},{svg.num(plot.y(p.value))}" for p in run
    )
    return format_html(
        '<polyline class="chart__line" points="{}" fill="none" stroke="{}" '
        'stroke-width="2.5"/>',
        coordinates,
        svg.BAR,
    )


def _link(plot: Plot, point: SeriesPoint) -> ChartLink:
    """A box around the point, to the source of its figure."""
    value = svg.with_unit(point.value, point.unit)
    return ChartLink(
        point.url,
        _("Source of the figure for %(year)s: %(value)s")
        % {"year": point.year, "value": value},
        plot.x(point.year) - POINT_BOX / 2,
        plot.y(point.value) - POINT_BOX / 2,
        POINT_BOX,
        POINT_BOX,
        tip=f"{point.year}: {value}",
    )


def _point(plot: Plot, point: SeriesPoint):
    tip = svg.tooltip(f"{point.year}: {svg.with_unit(point.value, point.unit)}")
    return format_html(
        '<circle class="chart__point" cx="{}" cy="{}" r="5" fill="{}" '
        'stroke="#ffffff" stroke-width="1.5">{}</circle>',
        svg.num(plot.x(point.year)),
        svg.num(plot.y(point.value)),
        svg.BAR,
        tip,
    )
