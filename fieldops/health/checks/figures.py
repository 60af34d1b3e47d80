"""Figures whose parts and total disagree (errors), and spending above its budget
(a warning)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from fieldops.core.money import format_money
from fieldops.operations.models import (
    FinancialFigure,
    Measure,
    StaffFunding,
    StaffingLine,
    StaffingSnapshot,
)

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url, admin_list_url
from ..selectors import CheckedOperation
from .labels import figure_label, snapshot_label


def _staff(line: StaffingLine) -> str:
    return f"{line.get_category_display()}, {line.get_contract_type_display()}"


def _duplicates(lines: list[StaffingLine]) -> list[str]:
    """A message for each set of lines that count the same staff and funding."""
    keys = Counter((li.category, li.contract_type, li.funding) for li in lines)
    messages = []
    for key, count in keys.items():
        if count < 2:
            continue
        line = next(
            li for li in lines if (li.category, li.contract_type, li.funding) == key
        )
        messages.append(
            _(
                "%(count)s lines count the same staff (%(staff)s, %(funding)s): "
                "the total counts them more than once."
            )
            % {
                "count": count,
                "staff": _staff(line),
                "funding": line.get_funding_display(),
            }
        )
    return messages


def _overlaps(lines: list[StaffingLine]) -> list[str]:
    """A message for each staff counted both unsplit and split by funding."""
    fundings = defaultdict(set)
    for line in lines:
        fundings[(line.category, line.contract_type)].add(line.funding)
    messages = []
    for key, funded in fundings.items():
        if StaffFunding.ANY not in funded or len(funded) < 2:
            continue
        line = next(li for li in lines if (li.category, li.contract_type) == key)
        messages.append(
            _(
                "A line not split by funding sits next to lines split by "
                "funding for the same staff (%(staff)s): the total counts "
                "them twice."
            )
            % {"staff": _staff(line)}
        )
    return messages


def _snapshot_findings(snapshot: StaffingSnapshot) -> list[Finding]:
    lines = list(snapshot.lines.all())
    if not lines:
        found = [
            (
                "staffing-empty",
                _("The staff count has no lines, so its total would be zero."),
            )
        ]
    else:
        found = [("staffing-duplicate", m) for m in _duplicates(lines)]
        found += [("staffing-overlap", m) for m in _overlaps(lines)]
    label, url = snapshot_label(snapshot), admin_edit_url(snapshot)
    return [
        Finding(CheckKind.FIGURES, code, Severity.ERROR, label, message, url)
        for code, message in found
    ]


def staffing_lines_disjoint(checked: CheckedOperation) -> list[Finding]:
    """A staff count's total is the sum of its lines, so it has lines and they are
    disjoint parts of it."""
    findings = []
    for snapshot in sorted(checked.records.staffing_snapshots, key=lambda s: s.as_of):
        findings += _snapshot_findings(snapshot)
    return findings


def _latest_by_fund(checked: CheckedOperation) -> dict[tuple, FinancialFigure]:
    """(year, fund, measure) -> the latest report of that figure."""
    latest = FinancialFigure.latest_reports(checked.records.financial_figures)
    return {(f.year, f.fund, f.measure): f for f in latest}


def funds_share_currency(checked: CheckedOperation) -> list[Finding]:
    """A year's total of a measure is the sum of its funds (the IATI export adds
    them up), which needs one currency."""
    by_year = defaultdict(list)
    for figure in _latest_by_fund(checked).values():
        by_year[(figure.year, figure.measure)].append(figure)
    findings = []
    for (year, measure), figures in sorted(by_year.items(), reverse=True):
        currencies = sorted({f.currency for f in figures})
        if len(currencies) < 2:
            continue
        message = _(
            "The funds' figures are in different currencies (%(currencies)s), "
            "so they cannot be added up to the year's total."
        ) % {"currencies": ", ".join(currencies)}
        url = admin_list_url(FinancialFigure, operation=checked.operation.pk, year=year)
        subject = f"{year}, {Measure(measure).label}"
        findings.append(
            Finding(
                CheckKind.FIGURES,
                "figures-currencies",
                Severity.ERROR,
                subject,
                message,
                url,
            )
        )
    return findings


def expenditure_within_budget(checked: CheckedOperation) -> list[Finding]:
    """Spending is a part of the budget (approved, else available): more spent
    than it is suspicious."""
    latest = _latest_by_fund(checked)
    findings = []
    for (year, fund, measure), spent in sorted(latest.items(), reverse=True):
        if measure != Measure.EXPENDITURE:
            continue
        budget = latest.get((year, fund, Measure.APPROVED)) or latest.get(
            (year, fund, Measure.AVAILABLE)
        )
        if budget is None or budget.currency != spent.currency:
            continue
        if spent.amount <= budget.amount:
            continue
        message = _(
            "The expenditure (%(spent)s) is more than the budget (%(budget)s)."
        ) % {
            "spent": format_money(spent.amount, spent.currency),
            "budget": format_money(budget.amount, budget.currency),
        }
        findings.append(
            Finding(
                CheckKind.FIGURES,
                "expenditure-over-budget",
                Severity.WARNING,
                figure_label(spent),
                message,
                admin_edit_url(spent),
            )
        )
    return findings
