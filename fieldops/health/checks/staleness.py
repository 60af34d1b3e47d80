"""Facts older than ``FIELDOPS_STALE_AFTER_MONTHS`` (warnings): the latest staff
count, the figures the profile shows, and facts only confirmed long ago.

A closed operation's last facts are old by nature: none of these checks report
on one."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from fieldops.core.models import Temporal
from fieldops.operations.models import FinancialFigure
from fieldops.operations.selectors import is_stale

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url
from ..selectors import CheckedOperation
from .labels import (
    appointment_label,
    figure_label,
    mandate_label,
    months_ago,
    name_label,
    office_label,
    snapshot_label,
)


def _stale(code: str, subject: str, message: str, record: Temporal) -> Finding:
    return Finding(
        CheckKind.STALE,
        code,
        Severity.WARNING,
        subject,
        message,
        admin_edit_url(record),
    )


def staff_count_recent(checked: CheckedOperation) -> list[Finding]:
    """The latest staff count up to today is younger than the configured age."""
    if checked.closed_on is not None:
        return []
    counted = [
        s for s in checked.records.staffing_snapshots if s.as_of <= checked.today
    ]
    latest = max(counted, key=lambda s: s.as_of, default=None)
    if latest is None or not is_stale(latest.as_of, checked.today):
        return []
    text = _("The latest staff count is %(age)s.") % {"age": months_ago(latest.as_of)}
    return [_stale("staffing-stale", snapshot_label(latest), text, latest)]


def figures_recent(checked: CheckedOperation) -> list[Finding]:
    """The figures the profile shows (per fund and measure, the latest year's
    latest report up to today) are younger than the configured age."""
    if checked.closed_on is not None:
        return []
    shown = FinancialFigure.latest_year_reports(
        checked.records.financial_figures, checked.today
    )
    findings = []
    for figure in shown:
        if is_stale(figure.known_from, checked.today):
            text = _("The latest figure of this fund and measure is %(age)s.") % {
                "age": months_ago(figure.known_from)
            }
            findings.append(_stale("figure-stale", figure_label(figure), text, figure))
    return findings


def _confirmed_long_ago(record: Temporal, today: datetime.date) -> bool:
    return (
        record.holds_on(today)
        and record.valid_from is None
        and record.known_on is not None
        and is_stale(record.known_on, today)
    )


def confirmations_recent(checked: CheckedOperation) -> list[Finding]:
    """Facts that hold today but whose start is unknown (names, offices, mandates,
    heads) were confirmed to hold within the configured age."""
    if checked.closed_on is not None:
        return []
    text = _(
        "Its start is unknown and it was last confirmed %(age)s: confirm it again "
        "or record its start."
    )
    labelled = [
        *((name, name_label) for name in checked.records.names),
        *((office, office_label) for office in checked.records.offices),
        *((mandate, mandate_label) for mandate in checked.records.mandates),
        *((head, appointment_label) for head in checked.heads),
    ]
    return [
        _stale(
            "known-on-stale",
            label(record),
            text % {"age": months_ago(record.known_on)},
            record,
        )
        for record, label in labelled
        if _confirmed_long_ago(record, checked.today)
    ]
