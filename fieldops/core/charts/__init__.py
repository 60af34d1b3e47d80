"""Charts drawn on the server as SVG, from plain data (see docs/charts.md).

Each chart function takes dataclasses from `data`, checks them (ValueError for
mixed units or bad links) and returns a `Chart`: safe SVG markup named by its
<title> and <desc>, and the same data as a table for
core/charts/_table.html. Nothing here reads a model."""

from .bars import bar_chart
from .data import (
    BarItem,
    Chart,
    ChartLink,
    ChartTable,
    SeriesPoint,
    TableCell,
    TimelineMark,
    TimelineRow,
    Unit,
)
from .series import series_chart
from .timeline import timeline_chart

__all__ = [
    "BarItem",
    "Chart",
    "ChartLink",
    "ChartTable",
    "SeriesPoint",
    "TableCell",
    "TimelineMark",
    "TimelineRow",
    "Unit",
    "bar_chart",
    "series_chart",
    "timeline_chart",
]
