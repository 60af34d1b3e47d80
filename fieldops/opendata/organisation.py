"""The organisation's views of its field operations as plain data, for the API
(api/organisation.py) and the comparison's downloads: the list, the figures at
a glance, the timeline, the comparison of a year and one operation's figures
over the years. Read with the pages' own selectors and query readers."""

from __future__ import annotations

import csv
import io

from fieldops.core.addresses import absolute_url
from fieldops.operations.selectors.comparison import (
    ComparedFigure,
    Comparison,
    FigureSet,
    Series,
    figure_value,
    source_link,
)
from fieldops.operations.selectors.organisation import (
    Glance,
    OperationRow,
    TimelineBar,
    Total,
)

from .dataset.write import csv_cell


def partial_date(value) -> tuple[str | None, str | None]:
    """A partial date as (ISO text at its precision, precision); Nones if unknown."""
    return (value.iso(), str(value.precision)) if value else (None, None)


def _amount(value) -> str:
    return f"{value:.2f}"


def _value(kind: str, value) -> int | str | None:
    """A staff count as a number, money as decimal text (never a float)."""
    if value is None:
        return None
    return value if kind == "staff" else _amount(value)


def _link(url: str | None) -> str | None:
    """A site-relative address made absolute; an absolute one kept."""
    if not url:
        return None
    return absolute_url(url) if url.startswith("/") else url


def row_item(row: OperationRow) -> dict:
    """One field operation of the list (see api.organisation.OperationRow)."""
    established, established_precision = partial_date(row.established)
    closed, closed_precision = partial_date(row.closed_on)
    staff, budget = row.staff, row.budget
    return {
        "slug": row.operation.slug,
        "name": row.name.full_name if row.name else None,
        "host_country": row.host_country.code or None,
        "host_name": row.host_name,
        "region": row.region or None,
        "status": row.status,
        "established": established,
        "established_precision": established_precision,
        "closed": closed,
        "closed_precision": closed_precision,
        "head": (
            {"name": row.head.person.name, "honorific": row.head.honorific}
            if row.head
            else None
        ),
        "staff": (
            {
                "count": staff.total,
                "as_of": staff.as_of,
                "approximate": staff.approximate,
                "source_url": _link(source_link(staff)),
            }
            if staff
            else None
        ),
        "budget": _money(budget) if budget else None,
        "profile_url": _link(row.url),
    }


def _money(figure) -> dict:
    return {
        "year": figure.year,
        "amount": _amount(figure.amount),
        "currency": figure.currency,
        "fund": figure.fund,
        "measure": figure.measure,
        "approximate": figure.approximate,
        "source_url": _link(source_link(figure)),
    }


def _total(total: Total, kind: str) -> dict:
    return {
        "year": total.year,
        "value": _value(kind, total.value),
        "currency": total.currency or None,
        "meaning": total.meaning,
        "reporting": total.reporting,
        "of": total.of,
    }


def glance_data(glance: Glance) -> dict:
    """The organisation at a glance (see api.organisation.Glance)."""
    return {
        "current_operations": glance.current,
        "staff": _total(glance.staff, "staff") if glance.staff else None,
        "money": [_total(total, "money") for total in glance.money],
    }


def timeline_item(bar: TimelineBar) -> dict:
    """One operation on the timeline (see api.organisation.TimelineBar)."""
    start, start_precision = partial_date(bar.start)
    end, end_precision = partial_date(bar.end)
    renames = []
    for name in bar.renames:
        day, precision = partial_date(name.start)
        renames.append({"day": day, "precision": precision, "name": name.full_name})
    return {
        "slug": bar.row.operation.slug,
        "name": bar.row.label,
        "start": start,
        "start_precision": start_precision,
        "start_uncertain": bar.start_uncertain,
        "end": end,
        "end_precision": end_precision,
        "end_uncertain": bar.end_uncertain,
        "end_unknown": bar.end_unknown,
        "status": bar.row.status,
        "renames": renames,
        "profile_url": _link(bar.row.url),
    }


def _compared(kind: str, item: ComparedFigure) -> dict:
    record = item.record
    return {
        "slug": item.row.operation.slug,
        "name": item.row.label,
        "value": _value(kind, item.value),
        "as_of": getattr(record, "as_of", None),
        "approximate": bool(record and record.approximate),
        "source_url": _link(item.source_url),
    }


def figure_set_data(figures: FigureSet) -> dict:
    """One set of comparable figures (see api.organisation.ComparableFigures)."""
    return {
        "key": figures.key,
        "kind": figures.kind,
        "meaning": figures.meaning,
        "currency": figures.currency or None,
        "reporting": figures.reporting,
        "items": [_compared(figures.kind, item) for item in figures.items],
    }


def comparison_data(found: Comparison) -> dict:
    """The comparison of a year (see api.organisation.YearComparison)."""
    return {
        "year": found.year,
        "years": found.years,
        "staff": [figure_set_data(figures) for figures in found.staff],
        "money": [figure_set_data(figures) for figures in found.money],
    }


COMPARISON_CSV_COLUMNS = (
    "year",
    "set",
    "kind",
    "meaning",
    "currency",
    "slug",
    "name",
    "value",
    "as_of",
    "approximate",
    "source_url",
)


def comparison_rows(found: Comparison) -> list[dict]:
    """The comparison as flat rows, one per operation and set of figures, in
    COMPARISON_CSV_COLUMNS; `value` empty where there is no figure."""
    rows = []
    for figures in [*found.staff, *found.money]:
        for item in figure_set_data(figures)["items"]:
            rows.append(
                {
                    "year": found.year,
                    "set": figures.key,
                    "kind": figures.kind,
                    "meaning": figures.meaning,
                    "currency": figures.currency,
                    **{key: item[key] for key in ("slug", "name", "value", "as_of")},
                    "approximate": item["approximate"],
                    "source_url": item["source_url"] or "",
                }
            )
    return rows


def series_data(series: Series) -> dict:
    """One operation's figures of one meaning over the years (see
    api.organisation.FigureSeries)."""
    return {
        "key": series.key,
        "kind": series.kind,
        "meaning": series.meaning,
        "currency": series.currency or None,
        "points": [
            {
                "year": year,
                "value": _value(series.kind, figure_value(record)),
                "approximate": record.approximate,
                "source_url": _link(source_link(record)),
            }
            for year, record in series.points
        ],
    }


def comparison_csv(found: Comparison) -> str:
    """comparison_rows() as CSV text (RFC 4180, CRLF, a header row), each cell
    written as in the dataset's tables (csv_cell: true/false, no formulas)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COMPARISON_CSV_COLUMNS)
    for row in comparison_rows(found):
        writer.writerow([csv_cell(row[column]) for column in COMPARISON_CSV_COLUMNS])
    return out.getvalue()
