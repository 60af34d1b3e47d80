"""The data-health report: what is stale, unsourced, missing or inconsistent in
each field operation's records, with a link to the record to fix (the kinds and
severities are explained in findings.py, the checks in checks/)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldops.operations.models import FieldOperation

from .checks import OPERATION_CHECKS, ORGANISATION_CHECKS
from .findings import KIND_ORDER, Finding, OperationHealth
from .selectors import (
    CheckedOperation,
    CheckedOrganisation,
    checked_operations,
    unnamed_pending_alerts,
)


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by kind and subject (the checks' order otherwise)."""
    return sorted(
        findings, key=lambda f: (not f.is_error, KIND_ORDER.index(f.kind), f.subject)
    )


def _operation_health(checked: CheckedOperation) -> OperationHealth:
    operation = checked.operation
    findings = [
        replace(finding, operation=operation)
        for check in OPERATION_CHECKS
        for finding in check(checked)
    ]
    return OperationHealth(operation, checked.display_name, _ordered(findings))


def _organisation_health(now: datetime.datetime) -> OperationHealth | None:
    organisation = CheckedOrganisation(now, unnamed_pending_alerts(now))
    findings = [
        finding for check in ORGANISATION_CHECKS for finding in check(organisation)
    ]
    if not findings:
        return None
    return OperationHealth(None, _("Whole organisation"), findings)


def data_health(
    operations: QuerySet[FieldOperation] | None = None,
    *,
    slug: str | None = None,
    now: datetime.datetime | None = None,
) -> list[OperationHealth]:
    """The findings of each field operation, by slug, as of `now` (default: the
    current time).

    `operations` limits the report to those operations (a user's own, from
    operations_of); None reports every operation and then, last, the findings of
    the whole organisation (its OperationHealth has operation None) if there are
    any. `slug` keeps the one operation with that slug (none if it is not among
    `operations`). Runs a fixed number of queries, whatever the amount of data.
    """
    now = now or timezone.now()
    if slug is not None:
        visible = FieldOperation.objects.filter(slug=slug)
        if operations is not None:
            visible = visible.filter(pk__in=operations)
        operations = visible
    organisation = operations is None
    report = [_operation_health(each) for each in checked_operations(operations, now)]
    if organisation:
        whole = _organisation_health(now)
        if whole is not None:
            report.append(whole)
    return report


def has_errors(report: Iterable[OperationHealth]) -> bool:
    """Whether any operation has a finding of severity error."""
    return any(health.errors for health in report)
