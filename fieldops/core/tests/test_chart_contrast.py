"""The charts' colours against the white page, as drawn: text at 4.5:1 or more,
the shapes that carry data (bars, their uncertain ends, arrows, marks, points and
lines) at 3:1 or more (WCAG 2.2 AA, 1.4.3 and 1.4.11)."""

import datetime

import pytest

from fieldops.core.charts import (
    BarItem,
    SeriesPoint,
    TimelineMark,
    TimelineRow,
    Unit,
    bar_chart,
    series_chart,
    timeline_chart,
)
from fieldops.core.dates import PartialDate, Precision
from fieldops.core.tests.charts import SVG, parse

WHITE = "#ffffff"
STAFF = Unit("staff")


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def charts():
    row = TimelineRow(
        "Mission",
        PartialDate(datetime.date(2001, 1, 1), Precision.YEAR),
        url="/x/",
        marks=(TimelineMark(datetime.date(2010, 1, 1), "Renamed"),),
    )
    closed = TimelineRow(
        "Closed", datetime.date(1995, 1, 1), PartialDate(datetime.date(2005, 1, 1))
    )
    return [
        timeline_chart(
            [row, closed],
            title="t",
            today=datetime.date(2020, 1, 1),
            as_of=datetime.date(2012, 1, 1),
        ),
        bar_chart(
            [BarItem("A", 3, STAFF, "/a/"), BarItem("B", None, STAFF)], title="b"
        ),
        series_chart(
            [SeriesPoint(2000, 3, STAFF), SeriesPoint(2001, 4, STAFF)], title="s"
        ),
    ]


def drawn(root, tags):
    """(element, fill or stroke) of each shape of `tags` that has a colour."""
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        if tag in tags:
            colour = element.get("fill") if element.get("fill") != "none" else None
            yield element, colour or element.get("stroke") or root.get("fill")


@pytest.mark.parametrize("chart", charts(), ids=["timeline", "bars", "series"])
class ChartContrastTests:
    def test_text_has_contrast_of_4_5_to_1(self, chart):
        root = parse(chart)
        colours = {colour for _, colour in drawn(root, {"text"})}

        assert colours
        for colour in colours:
            assert contrast(colour, WHITE) >= 4.5, colour

    def test_data_shapes_have_contrast_of_3_to_1(self, chart):
        root = parse(chart)
        shapes = list(drawn(root, {"rect", "path", "circle", "polyline"}))

        assert shapes
        for element, colour in shapes:
            # A faint fill is outlined; a light mark is outlined in ink.
            outline = element.get("stroke")
            best = max(contrast(c, WHITE) for c in {colour, outline or colour})
            assert best >= 3, element.attrib
