"""The money of the IATI organisation file: one line per field operation, year
and fund, added up into ``total-budget``, ``recipient-country-budget`` and
``total-expenditure`` within one currency and one status (see the choices in
`fieldops.opendata.formats.iati`)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # noqa: S405  (builds XML, never parses it)
from collections import defaultdict
from decimal import Decimal

import pycountry
from django.utils.translation import gettext as _

from fieldops.operations.models import Basis, FinancialFigure, Fund, Measure

BUDGET_INDICATIVE = "1"
BUDGET_COMMITTED = "2"
BUDGET_MEASURES = (Measure.APPROVED, Measure.AVAILABLE)
# IATI's Country codelist is ISO 3166-1 alpha-2 with XK (Kosovo) added.
IATI_EXTRA_COUNTRIES = frozenset({"XK"})


def is_iati_country(code: str) -> bool:
    """Whether `code` is in IATI's Country codelist (ISO 3166-1 alpha-2 and XK)."""
    if code in IATI_EXTRA_COUNTRIES:
        return True
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def narrative(parent: ET.Element, text: str) -> None:
    """A <narrative> in `parent` holding `text`."""
    ET.SubElement(parent, "narrative").text = text


def _budget_lines(figures: list[FinancialFigure]) -> list[FinancialFigure]:
    """One budget figure per year and fund: the approved budget if there is one."""
    chosen: dict[tuple[int, str], FinancialFigure] = {}
    for figure in figures:
        if figure.measure not in BUDGET_MEASURES:
            continue
        key = (figure.year, figure.fund)
        if key not in chosen or figure.measure == Measure.APPROVED:
            chosen[key] = figure
    return list(chosen.values())


def line_narrative(figure: FinancialFigure) -> str:
    """What a budget or expense line is, in words: fund, measure and basis."""
    basis = str(figure.get_basis_display())
    if figure.based_on:
        basis = _("%(basis)s following the %(budget)s") % {
            "basis": basis,
            "budget": figure.based_on,
        }
    if figure.measure == Measure.EXPENDITURE:
        text = _("%(fund)s: %(basis)s") % {
            "fund": figure.get_fund_display(),
            "basis": basis,
        }
    else:
        text = _("%(fund)s, %(measure)s: %(basis)s") % {
            "fund": figure.get_fund_display(),
            "measure": figure.get_measure_display(),
            "basis": basis,
        }
    return text[:1].upper() + text[1:]


def _status(figure: FinancialFigure) -> str:
    return BUDGET_COMMITTED if figure.basis == Basis.APPROVED else BUDGET_INDICATIVE


class Line:
    """One operation's figure, as a line of a total."""

    def __init__(self, operation, name: str, figure: FinancialFigure):
        self.operation = operation
        self.name = name
        self.figure = figure

    @property
    def ref(self) -> str:
        # An internal reference of the line (IATI's budget-line/@ref), not an
        # identifier of any organisation.
        return f"{self.operation.slug}-{self.figure.fund}"

    @property
    def narrative(self) -> str:
        return f"{self.name}: {line_narrative(self.figure)}"


def _grouped(lines: list[Line], key) -> list[tuple[tuple, list[Line]]]:
    """The lines grouped by `key(line)`, in key order; within a group by
    operation and fund."""
    groups = defaultdict(list)
    for line in lines:
        groups[key(line)].append(line)
    funds = list(Fund.values)
    return [
        (
            group,
            sorted(
                items, key=lambda li: (li.operation.slug, funds.index(li.figure.fund))
            ),
        )
        for group, items in sorted(groups.items())
    ]


def _value_date(day: datetime.date, year: int) -> datetime.date:
    """`day` moved into the calendar `year`: IATI wants the value date inside the
    period."""
    return min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def _value(parent: ET.Element, amount: Decimal, currency: str, day: datetime.date):
    value = ET.SubElement(
        parent, "value", {"currency": currency, "value-date": day.isoformat()}
    )
    value.text = str(amount)


def _period(parent: ET.Element, year: int) -> None:
    ET.SubElement(parent, "period-start", {"iso-date": f"{year:04d}-01-01"})
    ET.SubElement(parent, "period-end", {"iso-date": f"{year:04d}-12-31"})


def _total(
    parent, element, attributes, year, currency, lines, line_element, country=None
):
    total = ET.SubElement(parent, element, attributes)
    if country:
        ET.SubElement(total, "recipient-country", {"code": country})
    _period(total, year)
    reported = max(line.figure.known_from for line in lines)
    amount = sum((line.figure.amount for line in lines), Decimal(0))
    _value(total, amount, currency, _value_date(reported, year))
    for line in lines:
        item = ET.SubElement(total, line_element, {"ref": line.ref})
        figure = line.figure
        _value(item, figure.amount, currency, _value_date(figure.known_from, year))
        narrative(item, line.narrative)


def budgets(parent, lines: list[Line]) -> None:
    """total-budget, then recipient-country-budget (the schema's order)."""
    for (year, currency, status), group in _grouped(
        lines, lambda li: (li.figure.year, li.figure.currency, _status(li.figure))
    ):
        _total(
            parent,
            "total-budget",
            {"status": status},
            year,
            currency,
            group,
            "budget-line",
        )
    in_countries = [
        li for li in lines if is_iati_country(li.operation.host_country.code)
    ]
    for (country, year, currency, status), group in _grouped(
        in_countries,
        lambda li: (
            li.operation.host_country.code,
            li.figure.year,
            li.figure.currency,
            _status(li.figure),
        ),
    ):
        _total(
            parent,
            "recipient-country-budget",
            {"status": status},
            year,
            currency,
            group,
            "budget-line",
            country=country,
        )


def expenditure(parent, lines: list[Line]) -> None:
    for (year, currency), group in _grouped(
        lines, lambda li: (li.figure.year, li.figure.currency)
    ):
        _total(parent, "total-expenditure", {}, year, currency, group, "expense-line")


def operation_lines(operation, name: str) -> tuple[list[Line], list[Line]]:
    """The budget and expense lines of `operation` (named `name`), from the latest
    report of each of its figures (`operation.financial_figures`, as loaded)."""
    figures = FinancialFigure.latest_reports(operation.financial_figures.all())
    budget = [Line(operation, name, f) for f in _budget_lines(figures)]
    spent = [
        Line(operation, name, f) for f in figures if f.measure == Measure.EXPENDITURE
    ]
    return budget, spent
