"""Housekeeping of vacancies and job alerts (warnings): drafts past their
deadline, and job alerts that have waited more than a week for confirmation."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fieldops.recruitment.models import JobAlert, Vacancy

from ..findings import CheckKind, Finding, Severity
from ..links import admin_edit_url
from ..selectors import CheckedOperation, CheckedOrganisation
from .labels import day_label, plural_subject, subject


def vacancy_label(vacancy: Vacancy) -> str:
    return subject(vacancy, f"{vacancy.number}: {vacancy.title}")


def drafts_published_by_deadline(checked: CheckedOperation) -> list[Finding]:
    """No vacancy of the operation is still unpublished after its deadline."""
    findings = []
    for vacancy in checked.late_drafts:
        text = _(
            "Its deadline passed on %(day)s and it is still unpublished: give it a "
            "new deadline and publish it, or delete it."
        ) % {"day": day_label(timezone.localdate(vacancy.deadline))}
        findings.append(
            Finding(
                CheckKind.VACANCY,
                "vacancy-draft-past-deadline",
                Severity.WARNING,
                vacancy_label(vacancy),
                text,
                admin_edit_url(vacancy),
            )
        )
    return findings


def _alerts_finding(count: int) -> list[Finding]:
    if not count:
        return []
    # Alerts are the subscribers' own (no admin view): they are counted, not listed.
    message = ngettext(
        "%(count)s job alert has waited more than a week for confirmation.",
        "%(count)s job alerts have waited more than a week for confirmation.",
        count,
    ) % {"count": count}
    return [
        Finding(
            CheckKind.ALERT,
            "alerts-pending",
            Severity.WARNING,
            plural_subject(JobAlert),
            message,
            None,
        )
    ]


def alerts_confirmed(checked: CheckedOperation) -> list[Finding]:
    """No job alert naming the operation has waited a week for confirmation."""
    return _alerts_finding(checked.pending_alerts)


def unnamed_alerts_confirmed(organisation: CheckedOrganisation) -> list[Finding]:
    """No job alert naming no operation has waited a week for confirmation."""
    return _alerts_finding(organisation.pending_alerts)
