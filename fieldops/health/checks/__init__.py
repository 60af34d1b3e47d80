"""The data-health checks, one module per kind of finding, in the manner of
Django's system checks: each check is a small function that reads what the
selectors loaded and returns its findings (none when all is well).

A check of one field operation takes a CheckedOperation; a check of the whole
organisation takes a CheckedOrganisation. The report runs them in the order
listed, which is the order of findings of equal kind, severity and subject.
To add a check, write it in the module of its kind and list it here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..findings import Finding
from ..selectors import CheckedOperation, CheckedOrganisation
from . import (
    disputes,
    figures,
    gaps,
    mail,
    open_data,
    recruitment,
    sourcing,
    staleness,
)

OperationCheck = Callable[[CheckedOperation], list[Finding]]
OrganisationCheck = Callable[[CheckedOrganisation], list[Finding]]

OPERATION_CHECKS: list[OperationCheck] = [
    gaps.names_continuous,
    gaps.seat_continuous,
    gaps.head_continuous,
    disputes.head_known,
    figures.staffing_lines_disjoint,
    figures.funds_share_currency,
    figures.expenditure_within_budget,
    staleness.staff_count_recent,
    staleness.figures_recent,
    staleness.confirmations_recent,
    sourcing.facts_sourced,
    disputes.facts_disputed,
    disputes.figures_dated,
    recruitment.drafts_published_by_deadline,
    mail.alert_mail_delivered,
    recruitment.alerts_confirmed,
]

ORGANISATION_CHECKS: list[OrganisationCheck] = [
    recruitment.unnamed_alerts_confirmed,
    mail.outbox_flowing,
    open_data.iati_identifier_valid,
]
