"""The selectors' results as charts (fieldops.core.charts): the timeline of the
field operations, the comparison of a year and a profile's figures over the
years. Only turns data already read into chart data: no query, no rule of its
own about what a record means. The profile's charts are kept (core/kept.py)."""

from __future__ import annotations

import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fieldops.core.charts import (
    BarItem,
    Chart,
    SeriesPoint,
    TimelineMark,
    TimelineRow,
    Unit,
    bar_chart,
    series_chart,
    timeline_chart,
)
from fieldops.core.kept import kept

from .selectors.comparison import (
    Comparison,
    FigureSet,
    Series,
    figure_series,
    figure_value,
    source_link,
)
from .selectors.organisation import TimelineBar
from .selectors.records import OperationRecords
from .selectors.timeline import NAME_CHANGE_TEXT


def timeline(
    bars: list[TimelineBar],
    *,
    today: datetime.date,
    first_year: int,
    as_of: datetime.date | None = None,
) -> Chart:
    """One bar per operation of `bars` (timeline_bars()), from its establishment
    to its closure or, while open, to `today` (to `as_of` when given, where a
    line is drawn); its renames as marks; uncertain or imprecise days drawn as
    such. Each bar links to the operation's profile, when it has one."""
    rows = [
        TimelineRow(
            bar.row.label,
            bar.start,
            bar.end,
            url=bar.row.url or "",
            marks=tuple(
                TimelineMark(
                    name.start, NAME_CHANGE_TEXT[name.change]({"name": name.full_name})
                )
                for name in bar.renames
            ),
            start_uncertain=bar.start_uncertain,
            end_uncertain=bar.end_uncertain,
            end_unknown=bar.end_unknown,
            ended=bar.end_unknown and bar.row.end_unknown,
        )
        for bar in bars
    ]
    return timeline_chart(
        rows,
        title=_("Field operations over time"),
        today=today,
        first_year=first_year,
        as_of=as_of,
        description=_(
            "Each bar runs from the day a field operation was established to its "
            "closure; an arrow means it was still working, a faint dashed part a "
            "day known only roughly or not at all. Diamonds mark renames."
        ),
        label_heading=_("Field operation"),
        mark_heading=_("Renamed"),
        chart_id="timeline-chart",
    )


def _unit(kind: str, meaning: str, currency: str) -> Unit:
    # A staff count's meaning names what it counts ("staff in post").
    return Unit(meaning, currency if kind == "money" else "")


def _approximate(label: str, record) -> str:
    if record is not None and record.approximate:
        return _("%(label)s (approximate figure)") % {"label": label}
    return label


def comparison_chart(figures: FigureSet, year: int) -> Chart:
    """One bar per operation of the set, in its order: the set's one meaning (and
    currency), its figure of `year` linked to its source; "no figure", never a
    zero, where it has none."""
    unit = _unit(figures.kind, figures.meaning, figures.currency)
    items = [
        BarItem(
            _approximate(item.row.label, item.record),
            item.value,
            unit,
            url=source_link(item.record),
            link_label=_("Source of the figure of %(name)s") % {"name": item.row.label},
        )
        for item in figures.items
    ]
    return bar_chart(
        items,
        title=_("%(unit)s, %(year)s, by field operation")
        % {"unit": _unit_title(figures), "year": year},
        description=_("Each bar links to the source of its figure."),
        label_heading=_("Field operation"),
        chart_id=f"chart-{figures.key}",
    )


def _unit_title(figures: FigureSet | Series) -> str:
    if figures.currency:
        return f"{figures.meaning} ({figures.currency})"
    return _("Staff (%(meaning)s)") % {"meaning": figures.meaning}


def comparison_charts(found: Comparison) -> dict[str, list[tuple[FigureSet, Chart]]]:
    """Each set of the comparison with its chart: {"staff": [(set, chart)],
    "money": [...]}, in the comparison's order."""
    return {
        kind: [(figures, comparison_chart(figures, found.year)) for figures in sets]
        for kind, sets in (("staff", found.staff), ("money", found.money))
    }


def series_chart_of(series: Series) -> Chart:
    """The series' figure of each year from its first to its last, each point
    linked to its source; a year between without a figure is a gap."""
    unit = _unit(series.kind, series.meaning, series.currency)
    points = [
        SeriesPoint(year, figure_value(record), unit, url=source_link(record))
        for year, record in series.points
    ]
    approximate = [str(year) for year, record in series.points if record.approximate]
    description = _("Each point links to the source of its figure.")
    if approximate:
        description += " " + _("Approximate figures: %(years)s.") % {
            "years": ", ".join(approximate)
        }
    return series_chart(
        points,
        title=_unit_title(series),
        description=description,
        chart_id=f"chart-series-{series.key}",
    )


def series_charts(all_series: list[Series]) -> list[tuple[Series, Chart]]:
    """Each series of figure_series() with its chart."""
    return [(series, series_chart_of(series)) for series in all_series]


def profile_series_charts(records: OperationRecords) -> list[tuple[Series, Chart]]:
    """The profile's figures over the years (figure_series() of `records`, as
    records_on() chose them for a day) with their charts, kept under the
    request's data version (fieldops/core/kept.py) in the reader's language.

    The figures a day shows are those dated on or before it, so the latest date
    of each kind names them: every day between two reports shares one entry."""
    operation = records.operation
    latest = (
        max((s.as_of for s in records.staffing_snapshots or ()), default=None),
        max((f.known_from for f in records.financial_figures or ()), default=None),
    )
    name = f"profile-series:{operation.pk}:{get_language()}:{latest[0]}:{latest[1]}"
    return kept(name, lambda: series_charts(figure_series(records)))
