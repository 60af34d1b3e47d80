"""The pieces every chart is drawn with: the <svg> frame with its title and
description, text, links, colours, scales and the reader's number formats.

Every string from a caller passes through format_html or escape here, so the
markup stays safe whatever a label holds."""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fieldops.core.money import format_currency_name, format_money

from .data import Chart, ChartLink, ChartTable, Number, Unit

# The site's palette (static/css/site.css), checked against white for WCAG 2.2
# AA: text 4.5:1, graphics 3:1.
INK = "#1b1f24"  # 16:1
MUTED = "#4a5563"  # 7.4:1
BAR = "#0b3a66"  # 11.7:1
LINK = "#0a57a4"  # 6.9:1
GRID = "#d3d9e1"  # decorative only: the labels carry the values
FAINT = "#dce5ef"  # the uncertain part of a bar, outlined in BAR
MARK = "#ffdd00"  # on BAR 8.9:1, outlined in INK against white
AS_OF = "#8a1c1c"  # 8.4:1

# One width in user units for every chart. The SVG scales to its box
# (width 100%): on a 360px phone (320px of content) a unit is 0.8px, so labels
# stay at 12.8px and the smallest text at 11.2px.
WIDTH = 400
LABEL_SIZE = 16
SMALL_SIZE = 14


def chart_id_or_new(given: str) -> str:
    """`given`, when it is a usable id (a letter, then letters, digits, "-" or
    "_"; ValueError otherwise), or a new random one, unique on a page however
    many charts it holds."""
    if not given:
        return f"chart-{secrets.token_hex(4)}"
    if not re.fullmatch(r"[A-Za-z][\w-]*", given, flags=re.ASCII):
        raise ValueError(
            f"A chart id is a letter, then letters, digits, - or _: {given!r}"
        )
    return given


@dataclass(frozen=True)
class Picture:
    """What one SVG shows: `body` is markup already made safe, `height` in user
    units (the width is WIDTH)."""

    chart_id: str
    title: str
    description: str
    height: float
    body: SafeString


def frame(picture: Picture) -> SafeString:
    """The whole <svg>: an image named by its <title> and described by its <desc>."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{id}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" width="100%" '
        'viewBox="0 0 {width} {height}" font-size="{size}" fill="{ink}">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{description}</desc>{body}</svg>',
        id=picture.chart_id,
        width=WIDTH,
        height=num(picture.height),
        size=LABEL_SIZE,
        ink=INK,
        title=picture.title,
        description=picture.description,
        body=picture.body,
    )


def chart(
    picture: Picture, table: ChartTable, links: Sequence[ChartLink] = ()
) -> Chart:
    """The finished chart: the SVG, and the page markup that lays `links` over
    it in a second SVG of the same view box, so that they scale with it."""
    svg = frame(picture)
    html = format_html(
        '<div class="chart-frame">{}{}</div>', svg, link_layer(picture, links)
    )
    return Chart(
        svg=svg,
        html=html,
        table=table,
        title=picture.title,
        description=picture.description,
        chart_id=picture.chart_id,
        links=tuple(links),
    )


def link_layer(picture: Picture, links: Sequence[ChartLink]) -> SafeString:
    """An <svg> of the picture's size holding one named <a> per link, to lie over
    the picture (which, role="img", may hold none). Placed by SVG attributes,
    not by style attributes, which the Content-Security-Policy refuses; empty
    when there is no link."""
    if not links:
        return mark_safe("")  # noqa: S308
    placed = format_html_join(
        "",
        '<a class="chart-frame__link" href="{}" aria-label="{}"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="4"/></a>',
        (
            (
                link.url,
                link.label,
                link.tip or link.label,
                num(link.x),
                num(link.y),
                num(link.width),
                num(link.height),
            )
            for link in links
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-frame__links" '
        'width="100%" viewBox="0 0 {} {}">{}</svg>',
        WIDTH,
        num(picture.height),
        placed,
    )


def empty_chart(chart_id: str, title: str, table: ChartTable) -> Chart:
    """A chart with nothing to draw says so, in the picture and in its text."""
    message = _("No data to show.")
    body = format_html(
        '<text x="0" y="{y}" fill="{muted}">{message}</text>',
        y=LABEL_SIZE + 4,
        muted=MUTED,
        message=message,
    )
    drawn = chart(Picture(chart_id, title, message, LABEL_SIZE * 2, body), table)
    return replace(drawn, empty=True)


def num(value: float) -> str:
    """A coordinate, short and always with a dot: SVG is not localised."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def join(parts) -> SafeString:
    """Pieces already escaped, as one piece of markup."""
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308


def text(x: float, y: float, content: str, **attributes) -> SafeString:
    """A <text> at (x, y); attributes as keyword arguments, "_" for "-"
    (text_anchor=...; class_ for class)."""
    extra = format_html_join(
        "",
        ' {}="{}"',
        (
            (name.strip("_").replace("_", "-"), value)
            for name, value in attributes.items()
        ),
    )
    return format_html(
        '<text x="{}" y="{}"{}>{}</text>', num(x), num(y), extra, content
    )


def tooltip(content: str) -> SafeString:
    return format_html("<title>{}</title>", content)


def format_value(value: Number | None, unit: Unit) -> str:
    """`value` as the reader writes it: money in its currency, other numbers
    grouped by thousands; "no figure" for None."""
    if value is None:
        return _("no figure")
    if unit.currency:
        return format_money(Decimal(str(value)), unit.currency)
    return number_format(value, force_grouping=True)


def with_unit(value: Number | None, unit: Unit) -> str:
    """`value` followed by its unit's label ("120 staff (headcount)"); money
    and "no figure" stand alone."""
    if value is None or unit.currency:
        return format_value(value, unit)
    return _("%(value)s %(unit)s") % {
        "value": format_value(value, unit),
        "unit": unit.label,
    }


def unit_name(unit: Unit) -> str:
    """The unit as a heading says it: "staff (headcount)", "euro (EUR)"."""
    if unit.currency:
        name = unit.label or format_currency_name(unit.currency)
        return f"{name} ({unit.currency})"
    return str(unit.label)


def nice_top(largest: float) -> tuple[float, float]:
    """The top of a value axis at or above `largest` and the step of its 4 or 5
    grid lines, both round numbers (1, 2, 2.5 or 5 times a power of ten)."""
    if largest <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(largest / 4))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step * 5 >= largest:
            return step * math.ceil(largest / step), step
    return largest, largest  # unreachable: factor 10 always fits


def text_width(content: str, size: float) -> float:
    """About how wide `content` is drawn at font `size`: for room, not layout."""
    return len(str(content)) * size * 0.56


def fit(label: str, size: float, width: float) -> str:
    """`label` shortened with an ellipsis to about `width` units at font `size`;
    the full label stays in the chart's text and table."""
    room = int(width / (size * 0.56))
    label = str(label)
    return label if len(label) <= room else label[: max(room - 1, 1)].rstrip() + "…"


def tick_value(value: float) -> Decimal:
    """A grid line's value without the float's noise (0.6, not 0.6000000000000001)."""
    rounded = Decimal(str(round(value, 6)))
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()
