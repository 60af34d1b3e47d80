"""Job alert subscriptions: subscribe, confirm, change, unsubscribe, delete.

Matching vacancies and mailing them live in `delivery.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import (
    CRITERION_ORDER,
    AlertCriterion,
    AlertMatchKey,
    AlertState,
    JobAlert,
    alert_match_keys,
)

# An alert's criteria: the accepted values of each kind it sets (OR within a kind,
# AND across kinds). A kind left out, or with no values, accepts any vacancy.
Criteria = dict[str, set[str]]


def criteria_of(alert: JobAlert) -> Criteria:
    """The criteria stored for `alert`, as its AlertCriterion rows say."""
    criteria: Criteria = {}
    for row in alert.criteria.all():
        criteria.setdefault(row.kind, set()).add(row.value)
    return criteria


def _clean(criteria: Criteria) -> Criteria:
    unknown = set(criteria) - set(CRITERION_ORDER)
    if unknown:
        raise ValueError(f"Unknown kinds of criteria: {sorted(unknown)}")
    return {
        kind: {str(v) for v in values} for kind, values in criteria.items() if values
    }


@dataclass(frozen=True)
class ConsentRecord:
    """What the subscriber agreed to, and where from."""

    text: str
    version: str
    ip: str | None
    user_agent: str
    at: datetime.datetime = field(default_factory=timezone.now)


@transaction.atomic
def job_alert_set_criteria(*, alert: JobAlert, criteria: Criteria) -> None:
    """Store `criteria` as the alert's only criteria, with its match keys and
    the number of kinds it sets."""
    criteria = _clean(criteria)
    kinds = [kind for kind in CRITERION_ORDER if kind in criteria]
    rows = [
        AlertCriterion(alert=alert, kind=kind, value=value)
        for kind in kinds
        for value in sorted(criteria[kind])
    ]
    for row in rows:
        row.clean_fields(exclude=["alert"])
    alert.criteria.all().delete()
    AlertCriterion.objects.bulk_create(rows)
    alert.match_keys.all().delete()
    AlertMatchKey.objects.bulk_create(
        AlertMatchKey(alert=alert, key=key) for key in alert_match_keys(criteria)
    )
    alert.criteria_kinds = len(kinds)
    alert.save(update_fields=["criteria_kinds"])


def _same_alert(email: str, criteria: Criteria, state: str) -> JobAlert | None:
    candidates = (
        JobAlert.objects.select_for_update()
        .filter(email__iexact=email, state=state, criteria_kinds=len(criteria))
        .prefetch_related("criteria")
    )
    return next((a for a in candidates if criteria_of(a) == criteria), None)


def normalize_email(email: str) -> str:
    """The address with its domain in lower case (the local part is the owner's)."""
    local, _at, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


@transaction.atomic
def job_alert_subscribe(
    *,
    email: str,
    criteria: Criteria,
    frequency: str,
    language: str,
    consent: ConsentRecord,
) -> JobAlert:
    """Record a pending alert and queue its confirmation email.

    An address that already has a confirmed alert with the same criteria gets no
    second one, only a mail with the link to manage it; a pending one with the
    same criteria is reused and its confirmation sent again.
    """
    # The tasks call back into this module.
    from .alert_tasks import send_already_subscribed, send_confirmation

    email = normalize_email(email)
    criteria = _clean(criteria)
    existing = _same_alert(email, criteria, AlertState.CONFIRMED)
    if existing:
        transaction.on_commit(
            partial(send_already_subscribed.enqueue, alert_id=existing.pk)
        )
        return existing
    alert = _same_alert(email, criteria, AlertState.PENDING) or JobAlert(email=email)
    alert.frequency = frequency
    alert.language = language
    alert.consent_text = consent.text
    alert.consent_version = consent.version
    alert.consent_at = consent.at
    alert.consent_ip = consent.ip
    alert.consent_user_agent = consent.user_agent[:500]
    alert.full_clean()
    alert.save()
    job_alert_set_criteria(alert=alert, criteria=criteria)
    transaction.on_commit(partial(send_confirmation.enqueue, alert_id=alert.pk))
    return alert


@transaction.atomic
def job_alert_confirm(*, alert: JobAlert) -> JobAlert:
    """Confirm a pending alert; an alert already confirmed or ended is left as is."""
    alert = JobAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.state == AlertState.PENDING:
        alert.state = AlertState.CONFIRMED
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["state", "confirmed_at"])
    return alert


@transaction.atomic
def job_alert_unsubscribe(*, alert: JobAlert) -> JobAlert:
    """End the alert: nothing is mailed to it from now on, not even pending
    deliveries (the sender checks the state before each mail)."""
    alert = JobAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != AlertState.UNSUBSCRIBED:
        alert.state = AlertState.UNSUBSCRIBED
        alert.unsubscribed_at = timezone.now()
        alert.save(update_fields=["state", "unsubscribed_at"])
    return alert


@transaction.atomic
def job_alert_update(
    *, alert: JobAlert, criteria: Criteria, frequency: str, language: str
) -> JobAlert:
    """Change what the alert looks for, how often and in which language it mails."""
    alert.frequency = frequency
    alert.language = language
    alert.full_clean()
    alert.save(update_fields=["frequency", "language"])
    job_alert_set_criteria(alert=alert, criteria=criteria)
    return alert


@transaction.atomic
def job_alert_delete(*, alert: JobAlert) -> None:
    """Delete the alert and everything stored about it: criteria, consent record
    and deliveries."""
    alert.deliveries.all().delete()
    alert.criteria.all().delete()
    alert.delete()
