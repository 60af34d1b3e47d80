"""Job alert subscriptions: subscribe, confirm, change, unsubscribe, delete.

Mails go into the outbox (core.mail) inside the same transaction as the change
that owes them. Matching vacancies and mailing them live in `matching.py` and
`delivery.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fieldops.core.validators import mail_address_key, normalize_mail_address

from ..models import (
    CRITERION_ORDER,
    AlertCriterion,
    AlertMatchKey,
    AlertState,
    JobAlert,
    alert_match_keys,
    criteria_key,
)
from .emails import already_subscribed_message, confirmation_message

# An alert's criteria: the accepted values of each kind it sets (OR within a kind,
# AND across kinds). A kind left out, or with no values, accepts any vacancy.
Criteria = dict[str, set[str]]


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


def _duplicate_alert() -> ValidationError:
    message = JobAlert._meta.constraints[0].violation_error_message
    return ValidationError(message, code="duplicate")


@transaction.atomic
def job_alert_set_criteria(*, alert: JobAlert, criteria: Criteria) -> None:
    """Store `criteria` as the alert's only criteria, with its match keys, digest
    and the number of kinds it sets.

    Raises ValidationError (code "duplicate") when the address already has another
    active alert with these criteria; nothing is changed then.
    """
    criteria = _clean(criteria)
    kinds = [kind for kind in CRITERION_ORDER if kind in criteria]
    rows = [
        AlertCriterion(alert=alert, kind=kind, value=value)
        for kind in kinds
        for value in sorted(criteria[kind])
    ]
    for row in rows:
        row.clean_fields(exclude=["alert"])
    alert.criteria_kinds = len(kinds)
    alert.criteria_key = criteria_key(criteria)
    try:
        with transaction.atomic():
            alert.save(update_fields=["criteria_kinds", "criteria_key"])
    except IntegrityError as error:
        raise _duplicate_alert() from error
    alert.criteria.all().delete()
    AlertCriterion.objects.bulk_create(rows)
    alert.match_keys.all().delete()
    AlertMatchKey.objects.bulk_create(
        AlertMatchKey(alert=alert, key=key) for key in alert_match_keys(criteria)
    )


def _active_alert(email_key: str, digest: str) -> JobAlert | None:
    """The pending or confirmed alert of this address and criteria, locked."""
    return (
        JobAlert.objects.select_for_update()
        .filter(email_key=email_key, criteria_key=digest)
        .exclude(state=AlertState.UNSUBSCRIBED)
        .first()
    )


def _record_consent(alert: JobAlert, consent: ConsentRecord) -> None:
    alert.consent_text = consent.text
    alert.consent_version = consent.version
    alert.consent_at = consent.at
    alert.consent_ip = consent.ip
    alert.consent_user_agent = consent.user_agent[:500]


def _new_alert(
    email: str, criteria: Criteria, consent: ConsentRecord, **fields
) -> JobAlert | None:
    """Insert a pending alert, or return None when a parallel request has just
    inserted the same one (the database constraint decides)."""
    alert = JobAlert(email=email, **fields)
    alert.criteria_key = criteria_key(criteria)
    _record_consent(alert, consent)
    alert.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the conflict undoes only this
            alert.save()
    except IntegrityError:
        return None
    job_alert_set_criteria(alert=alert, criteria=criteria)
    return alert


@transaction.atomic
def job_alert_subscribe(
    *,
    email: str,
    criteria: Criteria,
    frequency: str,
    language: str,
    consent: ConsentRecord,
) -> JobAlert:
    """Record a pending alert and queue its confirmation mail, in one transaction.

    An address has one active alert per set of criteria (a database constraint):
    if it already has a confirmed one, it gets only a mail with the link to manage
    it; a pending one is reused, with this consent, and its confirmation sent
    again. Two identical requests at the same moment store one alert.
    Raises ValidationError for an address that cannot receive mail, ValueError for
    an unknown kind of criterion.
    """
    email = normalize_mail_address(email)
    email_key = mail_address_key(email)
    criteria = _clean(criteria)
    digest = criteria_key(criteria)
    alert = _active_alert(email_key, digest)
    if alert is None:
        alert = _new_alert(
            email, criteria, consent, frequency=frequency, language=language
        ) or _active_alert(email_key, digest)
    if alert.state == AlertState.CONFIRMED:
        already_subscribed_message(alert).send()
        return alert
    alert.frequency = frequency
    alert.language = language
    _record_consent(alert, consent)
    alert.confirmation_sent_at = timezone.now()
    alert.full_clean(validate_constraints=False)
    alert.save()
    confirmation_message(alert).send()
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
    """Change what the alert looks for, how often and in which language it mails.
    Raises ValidationError (code "duplicate") when the address already has an
    active alert with these criteria; nothing is changed then."""
    alert.frequency = frequency
    alert.language = language
    alert.full_clean(validate_constraints=False)
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
