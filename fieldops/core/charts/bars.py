"""The comparison: one horizontal bar per item, all in one unit, its label
above it; an item without a value says "no figure" and draws no bar."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import svg
from .data import BarItem, Chart, ChartLink, ChartTable, TableCell, Unit, common_unit

LEFT = 4
PLOT = svg.WIDTH - LEFT - 130  # the rest holds the value written after the bar
TOP = 30
ROW = 52
BAR_TOP = 25
BAR_HEIGHT = 16


def bar_chart(
    items: Sequence[BarItem],
    *,
    title: str,
    description: str = "",
    label_heading: str = "",
    chart_id: str = "",
) -> Chart:
    """One bar per item, in the given order, its length proportional to its
    value (the largest spans the plot); a value of None is written "no figure".
    ValueError when the items' units differ. Empty `items` give a chart that says
    there is no data."""
    unit = common_unit([item.unit for item in items])
    chart_id = svg.chart_id_or_new(chart_id)
    table = _table(items, unit, title, label_heading or _("Item"))
    if unit is None:
        return svg.empty_chart(chart_id, title, table)
    values = [float(item.value) for item in items if item.value is not None]
    largest = max(values, default=0.0)
    body = svg.join(
        [
            svg.text(
                LEFT, 16, svg.unit_name(unit), fill=svg.MUTED, font_size=svg.SMALL_SIZE
            ),
            *(
                _item(item, largest, TOP + ROW * index)
                for index, item in enumerate(items)
            ),
        ]
    )
    text = _description(items, unit, description)
    picture = svg.Picture(chart_id, title, text, TOP + ROW * len(items), body)
    return svg.chart(picture, table, _links(items))


def _table(items, unit: Unit | None, caption: str, label_heading: str) -> ChartTable:
    headers = (label_heading, svg.unit_name(unit) if unit else _("Value"))
    rows = tuple(
        (
            TableCell(item.label, item.url),
            TableCell(svg.format_value(item.value, item.unit)),
        )
        for item in items
    )
    return ChartTable(caption, headers, rows)


def _links(items: Sequence[BarItem]) -> list[ChartLink]:
    """A linked item's link covers its label, its bar and its value."""
    return [
        ChartLink(
            item.url,
            item.link_label or item.label,
            0,
            TOP + ROW * index,
            svg.WIDTH,
            ROW - 4,
            tip=f"{item.label}: {svg.with_unit(item.value, item.unit)}",
        )
        for index, item in enumerate(items)
        if item.url
    ]


def _description(items: Sequence[BarItem], unit: Unit, description: str) -> str:
    sentences = [description] if description else []
    sentences.append(_("Values in %(unit)s.") % {"unit": svg.unit_name(unit)})
    sentences += [
        f"{item.label}: {svg.format_value(item.value, unit)}." for item in items
    ]
    return " ".join(str(sentence) for sentence in sentences)


def _item(item: BarItem, largest: float, top: float):
    """The item's label, then its bar and value, or "no figure"."""
    value = svg.with_unit(item.value, item.unit)
    label = svg.text(
        LEFT,
        top + svg.LABEL_SIZE,
        svg.fit(item.label, svg.LABEL_SIZE, svg.WIDTH),
        fill=svg.LINK if item.url else svg.INK,
        text_decoration="underline" if item.url else "none",
        class_="chart__label",
    )
    baseline = top + BAR_TOP + BAR_HEIGHT - 3
    if item.value is None:
        shown = svg.text(
            LEFT,
            baseline,
            svg.format_value(None, item.unit),
            fill=svg.MUTED,
            font_style="italic",
            class_="chart__no-figure",
        )
    else:
        width = float(item.value) / largest * PLOT if largest else 0.0
        width = max(width, 1.5)  # a zero still shows where its bar starts
        shown = format_html(
            '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            "{}",
            LEFT,
            top + BAR_TOP,
            svg.num(width),
            BAR_HEIGHT,
            svg.BAR,
            svg.text(
                LEFT + width + 6,
                baseline,
                svg.format_value(item.value, item.unit),
                font_size=svg.SMALL_SIZE,
            ),
        )
    return format_html(
        "<g>{}{}{}</g>", svg.tooltip(f"{item.label}: {value}"), label, shown
    )
